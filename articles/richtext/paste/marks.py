"""Inline formatting as a set of marks: what a run of text is (bold, a link…), whatever
element or inline style said so.

Office programs say "bold" in many ways: ``<b>``, ``<strong>``, Google Docs'
``<span style="font-weight:700">``, LibreOffice's ``<b>`` inside ``<font>``. The cleaner
reads them all into ``Marks`` and writes each mark back as one element, in one order.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from articles.richtext.paste.tree import Node

Attributes = tuple[tuple[str, str], ...]
LINK_ATTRIBUTES = ("href", "title")


@dataclass(frozen=True)
class Marks:
    """The formatting of a run. ``link`` is None outside a link, else the link's
    attributes (possibly none, for an ``<a>`` whose address the sanitizer removed)."""

    link: Attributes | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    script: str = ""  # "sup", "sub" or ""

    @property
    def elements(self) -> tuple[tuple[str, Attributes], ...]:
        """The elements that write these marks, outermost first (always the same order)."""
        return _elements(self)

    def common(self, other: "Marks") -> "Marks":
        """The marks both runs have (for the space or line break between them)."""
        return Marks(
            link=self.link if self.link == other.link else None,
            bold=self.bold and other.bold,
            italic=self.italic and other.italic,
            underline=self.underline and other.underline,
            script=self.script if self.script == other.script else "",
        )

    def link_only(self) -> "Marks":
        return Marks(link=self.link)

    def without_bold(self) -> "Marks":
        return replace(self, bold=False)


@lru_cache(maxsize=256)
def _elements(marks: Marks) -> tuple[tuple[str, Attributes], ...]:
    elements = []
    if marks.link is not None:
        elements.append(("a", marks.link))
    if marks.bold:
        elements.append(("strong", ()))
    if marks.italic:
        elements.append(("em", ()))
    if marks.underline:
        elements.append(("u", ()))
    if marks.script:
        elements.append((marks.script, ()))
    return tuple(elements)


NO_MARKS = Marks()


def marks_inside(node: Node, outer: Marks) -> Marks:
    """The marks of ``node``'s content: ``outer`` changed by the element and its style.

    An inline style wins over the element, as in a browser: Google Docs wraps a whole
    paste in ``<b style="font-weight:normal">``, which is not bold, and a span with
    ``font-weight:400`` inside bold text is not bold either.
    """
    marks = outer
    tag = node.tag
    if tag in ("b", "strong"):
        # Google Docs' wrapper, even should it come without its style.
        bold = not node.attrs.get("id", "").startswith("docs-internal-guid")
        marks = replace(marks, bold=bold)
    elif tag in ("i", "em"):
        marks = replace(marks, italic=True)
    elif tag == "u":
        marks = replace(marks, underline=True)
    elif tag in ("sup", "sub"):
        marks = replace(marks, script=tag)
    elif tag == "a":
        marks = _link_marks(node, marks)
    style = parse_style(node.attrs.get("style", ""))
    bold = _is_bold(style.get("font-weight", ""))
    if bold is not None:
        marks = replace(marks, bold=bold)
    italic = _is_italic(style.get("font-style", ""))
    if italic is not None:
        marks = replace(marks, italic=italic)
    if style.get("vertical-align") in ("super", "sub"):
        marks = replace(marks, script="sup" if style["vertical-align"] == "super" else "sub")
    return marks


def _link_marks(node: Node, marks: Marks) -> Marks:
    if "href" not in node.attrs and ("name" in node.attrs or "id" in node.attrs):
        return marks  # a bookmark (Word's ``<a name="_Toc…">``), not a link
    link = tuple((name, node.attrs[name]) for name in LINK_ATTRIBUTES if name in node.attrs)
    return replace(marks, link=link)


_DECLARATION = re.compile(r"\s*([-a-zA-Z]+)\s*:\s*([^;]*)")


def parse_style(style: str) -> dict[str, str]:
    """``style`` as ``{property: value}``, names and values lower-cased, ``!important``
    dropped. Word's ``mso-bidi-font-weight`` is its own property, not ``font-weight``."""
    declarations: dict[str, str] = {}
    if not style:
        return declarations
    for declaration in style.split(";"):
        match = _DECLARATION.match(declaration)
        if match:
            value = match.group(2).lower().replace("!important", "").strip()
            declarations[match.group(1).lower()] = value
    return declarations


def _is_bold(weight: str) -> bool | None:
    if weight in ("bold", "bolder"):
        return True
    if weight in ("normal", "lighter"):
        return False
    try:
        return float(weight) >= 600
    except ValueError:
        return None  # "inherit", a variable…: as the surrounding text


def _is_italic(style: str) -> bool | None:
    if style.startswith(("italic", "oblique")):
        return True
    if style == "normal":
        return False
    return None
