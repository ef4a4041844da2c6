"""From the element tree to a flow of items (``items.py``).

Every element is one of:
- a line break or an image, kept (but not an image without alt text on the writer's
  own computer, ``file:``, ``blob:`` or ``cid:``, as Word pastes its pictures);
- a block that keeps its element (headings, lists, tables, quotations, figures, rules);
  ``h1`` becomes ``h2``, and ``h5``/``h6`` become ``h4``, the subheadings a release has;
- a paragraph-like element (``p``, ``div``, ``section``…), which only marks where a
  paragraph starts and ends;
- anything else is inline (``span``, ``font``, ``b``, ``a``…): only its marks stay.
"""

import re

from articles.richtext.paste.items import BOUNDARY, Block, Break, Image, Item, Text
from articles.richtext.paste.marks import Attributes, Marks, marks_inside
from articles.richtext.paste.tree import Node
from articles.richtext.paste.word_lists import read_list_paragraph

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
BLOCKS = frozenset({
    "ul", "ol", "li", "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr",
    "td", "th", "figure", "figcaption",
})  # fmt: skip
PARAGRAPH_LIKE = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "center",
    "address", "pre", "dl", "dt", "dd",
})  # fmt: skip
# Images an office program pastes from the writer's own disk, clipboard or mail: no reader
# could ever load them.
_UNREACHABLE_SOURCE = re.compile(r"\s*(file|blob|cid):", re.IGNORECASE)
KEPT_ATTRIBUTES = {
    "img": ("src", "alt", "width", "height"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan", "scope"),
}


def flow_of(node: Node, marks: Marks) -> list[Item]:
    """The flow of ``node``'s content, whose runs carry ``marks`` unless changed inside."""
    items: list[Item] = []
    for child in node.children:
        if isinstance(child, str):
            items.append(Text(child, marks))
        else:
            items.extend(_flow_of_element(child, marks))
    return items


def _flow_of_element(node: Node, outer: Marks) -> list[Item]:
    tag = node.tag
    if tag == "br":
        return [Break()]
    if tag == "img":
        if _UNREACHABLE_SOURCE.match(node.attrs.get("src", "")) and not node.attrs.get("alt"):
            return []  # nothing a reader could ever see (with alt text, the sanitizer decides)
        return [Image(_attributes(node), outer.link_only())]
    if tag == "hr":
        return [Block("hr")]
    marks = marks_inside(node, outer)
    list_paragraph = read_list_paragraph(node)
    if list_paragraph is not None:
        list_paragraph.children = flow_of(node, marks)
        return [list_paragraph]
    if tag in PARAGRAPH_LIKE:
        return [BOUNDARY, *flow_of(node, marks), BOUNDARY]
    if tag in HEADINGS:
        return [Block(HEADINGS[tag], (), flow_of(node, marks))]
    if tag in BLOCKS:
        # A footer row group is one more body row group: the allow-list has no tfoot.
        block_tag = "tbody" if tag == "tfoot" else tag
        return [Block(block_tag, _attributes(node), flow_of(node, marks))]
    return flow_of(node, marks)


def _attributes(node: Node) -> Attributes:
    names = KEPT_ATTRIBUTES.get(node.tag, ())
    return tuple((name, node.attrs[name]) for name in names if name in node.attrs)
