"""Parse press releases scraped from the old PROKOPIM sites (``legacy-format.md``).

``parse(text)`` is pure: text in, a frozen ``LegacyRelease`` out, or a ``LegacyParseError``
with a reason and, where possible, a line number. It knows nothing of the database.

The parts are read in the format's order: header line, optional kicker, title, optional
credits line and caption (in either order), then the body, whose first paragraph opens
with the dateline and whose end may carry trailing matter. Each non-blank body line is
one paragraph, which reads blank-line and single-newline sites alike.
"""

import re

from articles.archive.header import DASHES, find_header, parse_header
from articles.archive.release import LegacyParseError, LegacyRelease, Line, ParseWarning
from articles.richtext.dateline import KNOWN_SOURCES, match_dateline

# Limits of the fields the text ends up in; longer text is not what we think it is.
TITLE_MAX_LENGTH = 300
KICKER_MAX_LENGTH = 100  # "one short line"; the model field allows 200
NAME_MAX_LENGTH = 150
CREDIT_ROLES = {
    "editor": "editor", "reporter": "reporter", "rep": "reporter",
    "fotografer": "photographer", "foto": "photographer",
}  # fmt: skip

_CREDIT_LABEL = re.compile(r"(?<![^\W_])(Editor|Reporter|Rep|Fotografer|Foto)\s*:", re.IGNORECASE)
_UNKNOWN_CREDIT = re.compile(rf"(?:^|\s)[{DASHES}]\s*([^\W\d_]+)\s*:")
_CAPTION_MARK = re.compile(r"Teks\s*foto\s*:", re.IGNORECASE)
_TRAILING_LINES = [
    re.compile(r"^tulis\s+komentar\b.{0,30}$", re.IGNORECASE),  # site chrome
    re.compile(r"^(?:\*\s*){3,}$"),  # end marker
    re.compile(r"^(?:#[^\W\d_]\w*\s*)+$"),  # hashtags
    re.compile(r"^\(\s*[^\W\d_][^()]{0,29}\)$"),  # credit such as (hms)
]
_TRAILING_GLUED = [
    re.compile(r"\s*(?:\*\s*){3,}$"),
    re.compile(r"(?:\s*#[^\W\d_]\w*)+\s*$"),
    # Only after the end of a sentence, so "... Perdagangan Orang (TPPO)" stays.
    re.compile(r"(?<=[.!?\"”’'])\s*\([^\W\d_][\w/. -]{0,29}\)$"),
]


def parse(text: str) -> LegacyRelease:
    """Parse one release from ``text`` (a BOM and CR/CRLF line endings are tolerated).

    Returns a ``LegacyRelease``; raises ``LegacyParseError`` (and nothing else) when the
    text has no header line, several (a listing page), text before the header, no
    title, or a header whose date, time, zone or read count cannot be read.
    """
    lines = _split_lines(text)
    warnings: list[ParseWarning] = []
    header, match = find_header(lines)
    published_at, time_known, view_count = parse_header(match, header.number, warnings)
    content = [line for line in lines if line.number > header.number and line.text.strip()]
    kicker, title, position = _kicker_and_title(content, header.number)
    credits, caption, position = _credits_and_caption(content, position, kicker, title, warnings)
    body = content[position:]
    dateline, source, body = _dateline(body, warnings)
    paragraphs, trailing = _strip_trailing_matter(body)
    if not paragraphs:
        warnings.append(ParseWarning(None, "the release has no body text"))
    return LegacyRelease(
        published_at=published_at,
        time_known=time_known,
        view_count=view_count,
        kicker=kicker,
        title=title,
        **credits,
        photo_caption=caption,
        dateline=dateline,
        source=source,
        paragraphs=tuple(_squeeze(line.text) for line in paragraphs),
        trailing_matter=tuple(trailing),
        warnings=tuple(warnings),
    )


# -- lines -----------------------------------------------------------------


def _split_lines(text: str) -> list[Line]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]
    for line in lines:
        if "\x00" in line.text:
            raise LegacyParseError("NUL character in the text: not a text file", line.number)
    return lines


# -- kicker, title, credits, caption ---------------------------------------


def _kicker_and_title(content: list[Line], header_line: int) -> tuple[str, str, int]:
    """Return the kicker (without its colon), the title and the position after them."""
    if not content:
        raise LegacyParseError("no title: nothing follows the header", header_line)
    first = content[0]
    text = _squeeze(first.text)
    if (
        text.endswith(":")
        and len(text) <= KICKER_MAX_LENGTH
        and _not_a_title(text) is None
        and len(content) > 1
        and _not_a_title(_squeeze(content[1].text)) is None
    ):
        return text[:-1].rstrip(), _squeeze(content[1].text), 2
    problem = _not_a_title(text)
    if problem:
        raise LegacyParseError(f"no title: the line after the header is {problem}", first.number)
    return "", text, 1


def _not_a_title(text: str) -> str | None:
    """Why ``text`` cannot be the title, or None when it can."""
    if _CREDIT_LABEL.match(text):
        return "the credits line"
    if _CAPTION_MARK.search(text):
        return "a photo caption"
    opening = match_dateline(text, require_source=True)
    if opening and opening.source.upper() in KNOWN_SOURCES:
        return "the body (it opens with a dateline)"
    if len(text) > TITLE_MAX_LENGTH:
        return f"{len(text)} characters long, too long for a title (a body-only page?)"
    return None


def _credits_and_caption(
    content: list[Line], position: int, kicker: str, title: str, warnings: list[ParseWarning]
) -> tuple[dict[str, str], str, int]:
    credits: dict[str, str] | None = None
    caption: str | None = None
    while position < len(content) and (credits is None or caption is None):
        line = content[position]
        if credits is None and _CREDIT_LABEL.match(line.text.lstrip()):
            credits = _parse_credits(line)
        elif (
            caption is None and (found := _parse_caption(line, kicker, title, warnings)) is not None
        ):
            caption = found
        else:
            break
        position += 1
    return credits or dict.fromkeys(CREDIT_ROLES.values(), ""), caption or "", position


def _parse_credits(line: Line) -> dict[str, str]:
    """``Editor : A - Reporter : B - Fotografer : C`` (or ``Rep:``/``Foto:``) by role."""
    labels = list(_CREDIT_LABEL.finditer(line.text))
    credits = dict.fromkeys(CREDIT_ROLES.values(), "")
    named = set()
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(line.text)
        value = line.text[label.end() : end]
        unknown = _UNKNOWN_CREDIT.search(value)
        if unknown:
            raise LegacyParseError(f"unknown credit '{unknown[1]}'", line.number)
        role = CREDIT_ROLES[label[1].casefold()]
        if role in named:
            raise LegacyParseError(f"the credits line names the {role} twice", line.number)
        name = _squeeze(value.strip().strip(DASHES + "|"))
        if not any(character.isalnum() for character in name):
            name = ""  # "Fotografer : -" credits nobody
        if len(name) > NAME_MAX_LENGTH:
            raise LegacyParseError(f"the {role}'s name is too long", line.number)
        credits[role] = name
        named.add(role)
    return credits


def _parse_caption(line: Line, kicker: str, title: str, warnings: list) -> str | None:
    """The caption on ``line`` ("" when empty), or None when the line is no caption."""
    mark = _CAPTION_MARK.search(line.text)
    repeats_title = {_squash(title), _squash(f"{kicker}: {title}")}
    if mark is None:
        if _squash(line.text) in repeats_title:
            warnings.append(ParseWarning(line.number, "title repeated without 'Teks foto:'"))
            return ""
        return None
    before = line.text[: mark.start()]
    if before.strip() and _squash(before) not in repeats_title:
        raise LegacyParseError("the text before 'Teks foto:' is not the title", line.number)
    return _squeeze(line.text[mark.end() :])


# -- body -------------------------------------------------------------------


def _dateline(body: list[Line], warnings: list[ParseWarning]) -> tuple[str, str, list[Line]]:
    """Take ``PLACE, SOURCE - `` off the first paragraph: (place, source, paragraphs).
    The recognition is the article form's too (``articles.richtext.dateline``)."""
    if not body:
        return "", "", body
    first = body[0]
    text = _squeeze(first.text)
    found = match_dateline(text)
    if found is None:
        warnings.append(ParseWarning(first.number, "the body opens without a dateline"))
        return "", "", body
    rest = text[found.end :].strip()
    return found.place, found.source, ([Line(first.number, rest)] if rest else []) + body[1:]


def _strip_trailing_matter(body: list[Line]) -> tuple[list[Line], list[str]]:
    """Remove end markers, hashtags, a ``(hms)`` credit and site chrome from the end."""
    paragraphs, removed = list(body), []
    while paragraphs:
        last = paragraphs[-1]
        text = _squeeze(last.text)
        if any(pattern.match(text) for pattern in _TRAILING_LINES):
            removed.insert(0, text)
            paragraphs.pop()
            continue
        glued = next((m for p in _TRAILING_GLUED if (m := p.search(text))), None)
        if glued is None:
            break
        removed.insert(0, glued.group().strip())
        rest = text[: glued.start()].rstrip()
        paragraphs[-1:] = [Line(last.number, rest)] if rest else []
    return paragraphs, removed


def _squeeze(text: str) -> str:
    """Whitespace runs (non-breaking spaces too) as one space, none at the ends."""
    return " ".join(text.split())


def _squash(text: str) -> str:
    """For comparing repetitions that differ only in whitespace or case."""
    return "".join(text.split()).casefold()
