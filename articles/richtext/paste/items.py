"""What the element tree becomes before it is written out: a flow of items in document
order. Formatting elements are gone (their effect is in each run's ``Marks``); block
elements are ``Block``s, or just paragraph ``BOUNDARY`` marks when they carry no meaning
of their own (``p``, ``div``, ``section``…)."""

from dataclasses import dataclass, field

from articles.richtext.paste.marks import NO_MARKS, Attributes, Marks


@dataclass(frozen=True)
class Text:
    text: str  # as written, whitespace and no-break spaces included
    marks: Marks = NO_MARKS


@dataclass(frozen=True)
class Break:
    """A ``<br>``."""


@dataclass(frozen=True)
class Image:
    attrs: Attributes
    marks: Marks = NO_MARKS  # only a link


class _Boundary:
    def __repr__(self) -> str:
        return "BOUNDARY"


BOUNDARY = _Boundary()  # where a paragraph-like element starts or ends


@dataclass
class Block:
    """A block that keeps its element: a heading, a list or list item, a table or one
    of its parts, a quotation, a figure, a rule."""

    tag: str
    attrs: Attributes = ()
    children: list["Item"] = field(default_factory=list)


@dataclass
class ListParagraph:
    """A Word list paragraph (``mso-list: l0 level1 lfo1``), its bullet or number gone."""

    level: int
    ordered: bool
    list_id: str  # Word's list and list override ("0:1"); another one is another list
    starts_list: bool  # Word's class says a new list starts here
    children: list["Item"] = field(default_factory=list)


Inline = Text | Break | Image
Item = Text | Break | Image | _Boundary | Block | ListParagraph


def is_blank(item: Item) -> bool:
    """A boundary, or text that is only whitespace: nothing to show between blocks."""
    if item is BOUNDARY:
        return True
    return isinstance(item, Text) and not item.text.strip(" \t\n\r\f\xa0")
