"""The flow written out as HTML, container by container.

A container is the body or a block. What it may hold decides what becomes of its items:
- the body and a quotation hold paragraphs: inline content between paragraph boundaries
  becomes ``<p>``, two or more line breaks in a row start a new one, an empty paragraph
  goes; they also hold subheadings, lists, tables, quotations, figures and rules;
- a list item or table cell holds lines: paragraph boundaries become single line breaks
  (``<li><p>Satu</p></li>`` is ``<li>Satu</li>``); it may hold lists and tables;
- a subheading or caption holds one line of text.
A block a container may not hold is unwrapped there: its text stays, as lines. So is
every block nested more than ``MAX_BLOCK_NESTING`` deep, which keeps the output well
within the depth the tree reader takes (``tree.MAX_DEPTH``), so that cleaning it again
changes nothing.
"""

from articles.richtext.paste.inline import (
    joined,
    lines_of,
    paragraphs_of,
    render_inline,
    start_tag,
)
from articles.richtext.paste.items import (
    BOUNDARY,
    Block,
    Break,
    Image,
    Inline,
    Item,
    Text,
    is_blank,
)
from articles.richtext.paste.word_lists import group_list_paragraphs

_IN_BODY = frozenset({"h2", "h3", "h4", "ul", "ol", "blockquote", "table", "hr", "figure"})
_IN_ITEM = frozenset({"ul", "ol", "table"})
_IN_FIGURE = frozenset({"figcaption"})
_NOTHING = frozenset()
MAX_BLOCK_NESTING = 16  # a table is 4 elements deep, and marks 5 more: 16 x 4 + 1 + 5 < 100


def render_body(items: list[Item]) -> str:
    """The body's HTML. No whitespace between blocks: a plain body of paragraphs (the
    legacy importer's) comes out exactly as it went in, as it was stored before."""
    return "".join(_render(items, holds=_IN_BODY, paragraphs=True, depth=0))


def _render(
    items: list[Item], *, holds: frozenset[str], paragraphs: bool, depth: int, bold: bool = True
) -> list[str]:
    """The HTML pieces of a container holding ``items``, one per block; ``depth`` is the
    number of blocks around it."""
    if depth >= MAX_BLOCK_NESTING:
        holds = _NOTHING
    pieces: list[str] = []
    inline: list[Inline] = []

    def flush() -> None:
        lines = lines_of(inline)
        texts = paragraphs_of(lines) if paragraphs else [joined(lines)]
        pieces.extend(
            f"<p>{render_inline(text)}</p>" if paragraphs else render_inline(text, bold=bold)
            for text in texts
            if text
        )
        inline.clear()

    pending = list(reversed(group_list_paragraphs(items)))
    while pending:
        item = pending.pop()
        if isinstance(item, Text | Image | Break):
            inline.append(item)
        elif item is BOUNDARY:
            if paragraphs:
                flush()
            else:
                inline.append(Break())
        elif isinstance(item, Block) and item.tag in holds:
            html = _render_block(item, depth + 1)
            if html:
                flush()
                pieces.append(html)
            else:  # still a block's end: the text before and after stays apart
                pending.append(BOUNDARY)
        else:  # a block not held here, or a Word list paragraph outside a run: unwrapped
            pending.extend(reversed([BOUNDARY, *item.children, BOUNDARY]))
    flush()
    return pieces


def _render_block(block: Block, depth: int) -> str:
    tag = block.tag
    if tag == "hr":
        return "<hr>"
    if tag in ("ul", "ol"):
        return _wrap(tag, "".join(_list_items(block.children, depth)))
    if tag == "table":
        return _render_table(block, depth)
    if tag == "blockquote":
        content = _render(block.children, holds=_IN_BODY, paragraphs=True, depth=depth)
        return _wrap(tag, "".join(content))
    if tag == "figure":
        content = _render(block.children, holds=_IN_FIGURE, paragraphs=False, depth=depth)
        return _wrap(tag, "".join(content))
    # Subheadings, figcaption, caption: a line of text (a subheading is bold already).
    bold = tag not in ("h2", "h3", "h4")
    content = _render(block.children, holds=_NOTHING, paragraphs=False, depth=depth, bold=bold)
    return _wrap(tag, "".join(content))


def _wrap(tag: str, content: str) -> str:
    return f"<{tag}>{content}</{tag}>" if content else ""


def _list_items(children: list[Item], depth: int) -> list[str]:
    """The ``<li>``s of a list. A list directly inside a list (as Google Docs writes a
    nested one) goes into the item before it; other content outside an item is one."""
    items: list[list[Item]] = []
    loose: list[Item] | None = None
    for child in children:
        if isinstance(child, Block) and child.tag == "li":
            items.append(list(child.children))
            loose = None
        elif isinstance(child, Block) and child.tag in ("ul", "ol"):
            if not items:
                items.append([])
            items[-1].append(child)
        elif not is_blank(child):
            if loose is None:
                loose = []
                items.append(loose)
            loose.append(child)
    rendered = (
        "".join(_render(item, holds=_IN_ITEM, paragraphs=False, depth=depth)) for item in items
    )
    return [f"<li>{content}</li>" for content in rendered if content]


def _render_table(table: Block, depth: int) -> str:
    """The table, its parts in order; rows outside a row group go into a ``tbody``, as
    cells outside a row into a row. A table with no text or image at all goes."""
    parts = []
    has_content = False
    for part in _parts(table.children, ("caption", "thead", "tbody"), "tbody"):
        if part.tag == "caption":
            caption = _render_block(part, depth)
            has_content = has_content or bool(caption)
            parts.append(caption)
            continue
        rows = []
        for row in _parts(part.children, ("tr",), "tr"):
            cells = []
            for cell in _parts(row.children, ("td", "th"), "td"):
                content = _render(cell.children, holds=_IN_ITEM, paragraphs=False, depth=depth)
                content = "".join(content)
                has_content = has_content or bool(content)
                cells.append(f"{start_tag(cell.tag, cell.attrs)}{content}</{cell.tag}>")
            rows.append(_wrap("tr", "".join(cells)))
        parts.append(_wrap(part.tag, "".join(rows)))
    if not has_content:
        return ""
    return f"<table>{''.join(parts)}</table>"


def _parts(children: list[Item], tags: tuple[str, ...], implied: str) -> list[Block]:
    """``children`` as blocks named in ``tags``; other content, whitespace aside, is put
    in an ``implied`` block (as the HTML parser does)."""
    parts: list[Block] = []
    loose: Block | None = None
    for child in children:
        if isinstance(child, Block) and child.tag in tags:
            parts.append(child)
            loose = None
        elif not is_blank(child):
            if loose is None:
                loose = Block(implied)
                parts.append(loose)
            loose.children.append(child)
    return parts
