"""Inline content written out: whitespace collapsed, line breaks tidied, marks written as
elements in one order (``a``, ``strong``, ``em``, ``u``, ``sup``/``sub``) so the same
text always gives the same HTML.

Whitespace and no-break spaces collapse to one ordinary space, none at the start or end
of a line. A space or line break between two runs carries only the marks both share,
so ``<strong>Kata </strong>lain`` becomes ``<strong>Kata</strong> lain``.
"""

import re
from dataclasses import dataclass
from html import escape

from articles.richtext.paste.items import Break, Image, Inline, Text
from articles.richtext.paste.marks import NO_MARKS, Marks

_WHITESPACE = re.compile(r"[ \t\n\r\f\xa0]+")


@dataclass(frozen=True)
class _Gap:
    """A space (``br`` False) or a line break between two runs (its marks: see render)."""

    br: bool


_SPACE = _Gap(br=False)
Token = Text | Image | _Gap
Line = list[Text | Image | _Gap]


def lines_of(items: list[Inline]) -> list[Line]:
    """``items`` split at line breaks, each line's whitespace collapsed and trimmed (an
    empty list for a blank line)."""
    lines: list[Line] = [[]]
    for item in items:
        if isinstance(item, Break):
            lines.append([])
        elif isinstance(item, Image):
            lines[-1].append(item)
        elif item.text:  # a space inside a run has the run's marks; at its edge, see render
            text = _WHITESPACE.sub(" ", item.text)
            core = text.strip(" ")
            if text[0] == " ":
                lines[-1].append(_SPACE)
            if core:
                lines[-1].append(Text(core, item.marks))
                if text[-1] == " ":
                    lines[-1].append(_SPACE)
    return [_trimmed(line) for line in lines]


def _trimmed(line: Line) -> Line:
    trimmed: Line = []
    for token in line:
        if isinstance(token, _Gap) and (not trimmed or isinstance(trimmed[-1], _Gap)):
            continue
        trimmed.append(token)
    if trimmed and isinstance(trimmed[-1], _Gap):
        trimmed.pop()
    return trimmed


def paragraphs_of(lines: list[Line]) -> list[Line]:
    """The paragraphs ``lines`` make: a blank line (two or more line breaks in a row)
    separates paragraphs, single line breaks stay inside one."""
    paragraphs: list[list[Line]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [joined(group) for group in paragraphs if group]


def joined(lines: list[Line]) -> Line:
    """The non-blank ``lines`` as one, a single line break between each two."""
    tokens: Line = []
    for line in lines:
        if not line:
            continue
        if tokens:
            tokens.append(_Gap(br=True))
        tokens.extend(line)
    return tokens


def render_inline(tokens: Line, *, bold: bool = True) -> str:
    """``tokens`` as HTML; ``bold=False`` drops bold (inside a heading, already bold)."""
    marked = [_marks(token, bold) for token in tokens]
    for index, token in enumerate(tokens):
        if isinstance(token, _Gap):  # between two runs: the line is trimmed
            marked[index] = marked[index - 1].common(marked[index + 1])
    html: list[str] = []
    open_elements: list[tuple[str, tuple]] = []
    for token, marks in zip(tokens, marked, strict=True):
        wanted = marks.elements
        same = 0
        most = min(len(open_elements), len(wanted))
        while same < most and open_elements[same] == wanted[same]:
            same += 1
        html.extend(f"</{tag}>" for tag, _ in reversed(open_elements[same:]))
        html.extend(start_tag(tag, attrs) for tag, attrs in wanted[same:])
        open_elements = list(wanted)
        if isinstance(token, Text):
            html.append(escape(token.text, quote=False))
        elif isinstance(token, Image):
            html.append(start_tag("img", token.attrs))
        else:
            html.append("<br>" if token.br else " ")
    html.extend(f"</{tag}>" for tag, _ in reversed(open_elements))
    return "".join(html)


def _marks(token: Token, bold: bool) -> Marks:
    if isinstance(token, _Gap):
        return NO_MARKS  # set from its neighbours
    return token.marks if bold else token.marks.without_bold()


def start_tag(tag: str, attrs: tuple[tuple[str, str], ...] = ()) -> str:
    return "<" + tag + "".join(f' {name}="{escape(value)}"' for name, value in attrs) + ">"
