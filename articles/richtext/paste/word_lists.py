"""Word's list paragraphs made real lists.

Word writes a list as paragraphs, each with its level in an inline style and its bullet
or number typed out in a span the browser is told to ignore::

    <p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
    <![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·
    <span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span>
    <![endif]>Satu<o:p></o:p></p>

``read_list_paragraph`` recognises such a paragraph and removes its bullet or number;
``group_list_paragraphs`` turns consecutive ones into ``ul``/``ol`` blocks, a deeper level
becoming a list nested in the item before it.
"""

import re

from articles.richtext.paste.items import Block, Item, ListParagraph, is_blank
from articles.richtext.paste.marks import parse_style
from articles.richtext.paste.tree import Node

_MSO_LIST = re.compile(r"l(\d+)\s+level(\d+)(?:\s+lfo(\d+))?", re.IGNORECASE)
# "1." "a)" "iv." "(2)" "1.2.": a number; anything else ("·", "§", "o", "-", "Ø") a bullet.
_NUMBER = re.compile(r"\(?[0-9A-Za-z]{1,8}(?:\.[0-9A-Za-z]{1,8})*[.)]|\d+(?:\.\d+)*")
_SPACES = " \t\n\r\f\xa0"


def read_list_paragraph(node: Node) -> ListParagraph | None:
    """The Word list paragraph ``node`` is (its content still to fill in), or None; if it
    is one, its bullet or number (the ``mso-list:Ignore`` span) is removed from it."""
    if node.tag != "p":
        return None
    css_class = node.attrs.get("class", "").lower()
    style = node.attrs.get("style", "")
    word_class = css_class.startswith("msolist")  # MsoListParagraph, MsoListBullet…
    if not word_class and "mso-list" not in style.lower():
        return None  # most paragraphs
    match = _MSO_LIST.search(parse_style(style).get("mso-list", ""))
    glyph = _find_glyph(node)
    if match is None and not (glyph and word_class):
        return None
    marker = ""
    if glyph is not None:
        parent, index = glyph
        marker = _text_of(parent.children.pop(index)).strip(_SPACES)
    level, list_id = 1, ""
    if match:
        level, list_id = max(int(match.group(2)), 1), f"{match.group(1)}:{match.group(3)}"
    return ListParagraph(
        level=level,
        ordered=bool(_NUMBER.fullmatch(marker)),
        list_id=list_id,
        # Word's classes: …CxSpFirst opens a list, …CxSpMiddle and …CxSpLast continue
        # it, and a lone list paragraph has no CxSp part.
        starts_list="cxspfirst" in css_class or (word_class and "cxsp" not in css_class),
    )


def _find_glyph(node: Node) -> tuple[Node, int] | None:
    """The parent and index of the first ``mso-list:Ignore`` span under ``node``."""
    pending = [node]
    while pending:
        parent = pending.pop()
        for index, child in enumerate(parent.children):
            if isinstance(child, str):
                continue
            if parse_style(child.attrs.get("style", "")).get("mso-list") == "ignore":
                return parent, index
        pending.extend(reversed([child for child in parent.children if not isinstance(child, str)]))
    return None


def _text_of(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text_of(child) for child in node.children)


def group_list_paragraphs(items: list[Item]) -> list[Item]:
    """``items`` with each run of Word list paragraphs made lists. Whitespace between the
    paragraphs goes; anything else ends the run, as does a paragraph of another list or
    one Word marks as the first of a list."""
    if not any(isinstance(item, ListParagraph) for item in items):
        return items
    grouped: list[Item] = []
    run: list[ListParagraph] = []
    gap: list[Item] = []
    for item in items:
        if isinstance(item, ListParagraph):
            if run and (item.starts_list or item.list_id != run[-1].list_id):
                grouped.extend(_lists(run))
                run = []
            run.append(item)
            gap = []
        elif run and is_blank(item):
            gap.append(item)
        else:
            if run:
                grouped.extend(_lists(run))
                run = []
            grouped.extend(gap)
            gap = []
            grouped.append(item)
    grouped.extend(_lists(run))
    grouped.extend(gap)
    return grouped


def _lists(run: list[ListParagraph]) -> list[Block]:
    """The lists of one run: a paragraph one level deeper opens a list inside the item
    before it (levels may skip: 1 then 3 nests once); a bullet after numbers at the
    same level starts another list."""
    top: list[Block] = []
    open_lists: list[tuple[int, Block]] = []  # (level, list), outermost first
    for paragraph in run:
        tag = "ol" if paragraph.ordered else "ul"
        while open_lists and open_lists[-1][0] > paragraph.level:
            open_lists.pop()
        if open_lists and open_lists[-1][0] == paragraph.level and open_lists[-1][1].tag != tag:
            open_lists.pop()
        if not open_lists or open_lists[-1][0] < paragraph.level:
            new_list = Block(tag)
            if open_lists:
                parent = open_lists[-1][1]
                if not parent.children:
                    parent.children.append(Block("li"))
                parent.children[-1].children.append(new_list)
            else:
                top.append(new_list)
            open_lists.append((paragraph.level, new_list))
        open_lists[-1][1].children.append(Block("li", (), paragraph.children))
    return top
