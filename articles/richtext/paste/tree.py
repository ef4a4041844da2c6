"""A small element tree read with the standard library's ``html.parser``.

It reads HTML that nh3 has already parsed and written back (``cleaner.normalise``):
well-formed, every element closed, so no HTML5 repair rule is needed here. Elements
nested deeper than ``MAX_DEPTH`` are left out (their text stays where they were), so
the recursive steps that follow stay far from Python's recursion limit.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

MAX_DEPTH = 100
VOID_TAGS = frozenset({"br", "hr", "img", "wbr", "col"})


@dataclass
class Node:
    """An element: lower-case tag name, attributes, children (``Node`` or text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)


def parse_tree(html: str) -> Node:
    """The elements of well-formed ``html`` under a root ``Node`` (tag ``""``)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("")
        self.stack = [self.root]
        self.skipped = 0  # open elements left out for their depth (always the innermost)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        if tag in VOID_TAGS:
            self.stack[-1].children.append(node)
        elif self.skipped or len(self.stack) > MAX_DEPTH:
            self.skipped += 1
        else:
            self.stack[-1].children.append(node)
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if self.skipped:
            self.skipped -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)
