"""Parse press releases scraped from the old PROKOPIM sites (``legacy-format.md``).

``parse(text)`` is pure: text in, a frozen ``LegacyRelease`` out, or a ``LegacyParseError``
with a reason and, where possible, a line number. It knows nothing of the database.

The parts are read in the format's order: header line, optional kicker, title, optional
credits line and caption (in either order), then the body, whose first paragraph opens
with the dateline and whose end may carry trailing matter. Each non-blank body line is
one paragraph, which reads blank-line and single-newline sites alike.
"""

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

# Limits of the fields the text ends up in; longer text is not what we think it is.
TITLE_MAX_LENGTH = 300
KICKER_MAX_LENGTH = 100  # "one short line"; the model field allows 200
NAME_MAX_LENGTH = 150
DATELINE_MAX_LENGTH = 100
SOURCE_MAX_LENGTH = 50
VIEW_COUNT_MAX = 2_147_483_647
YEARS = range(1990, 2101)

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_MONTH_NAMES = [
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
]  # fmt: skip
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
MONTHS |= {"pebruari": 2, "nopember": 11}  # older spellings, still unambiguous
DAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]  # Monday first
DAY_ALIASES = {"ahad": "minggu"}
CREDIT_ROLES = {
    "editor": "editor", "reporter": "reporter", "rep": "reporter",
    "fotografer": "photographer", "foto": "photographer",
}  # fmt: skip

_DASHES = "-–—"
_CAPS_WORD = r"[A-Z][A-Z0-9.'’]*"
_HEADER = re.compile(
    r"""^\s*(?:(?P<day>[^\W\d_][^\s,]*)\s*,\s*)?
    (?P<date>[0-9]{1,2})\s+(?P<month>[^\W\d_]+)\s+(?P<year>[0-9]{4})
    \s*(?P<middle>.*?)\s*Dibaca\s*:\s*(?P<count>[0-9.,]*)\s*Kali\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_STARTS_WITH_DATE = re.compile(
    r"^\s*(?:[^\W\d_][^\s,]*\s*,\s*)?[0-9]{1,2}\s+[^\W\d_]+\s+[0-9]{4}\b", re.IGNORECASE
)
_TIME_AND_ZONE = re.compile(
    rf"""^(?:[{_DASHES}|]\s*)?
    (?:(?P<hour>[0-9]{{1,2}}):(?P<minute>[0-9]{{2}})(?::(?P<second>[0-9]{{2}}))?\s*)?
    (?P<zone>WITA|WIB|WIT)(?:\s*[{_DASHES}|])?$""",
    re.IGNORECASE | re.VERBOSE,
)
_ZONE_WORD = re.compile(r"(?<![^\W\d_])(?:WITA|WIB|WIT)(?![^\W\d_])", re.IGNORECASE)
_COUNT = re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)$")
_APOSTROPHES = re.compile(r"['’‘`ʼ]")
_CREDIT_LABEL = re.compile(r"(?<![^\W_])(Editor|Reporter|Rep|Fotografer|Foto)\s*:", re.IGNORECASE)
_UNKNOWN_CREDIT = re.compile(rf"(?:^|\s)[{_DASHES}]\s*([^\W\d_]+)\s*:")
_CAPTION_MARK = re.compile(r"Teks\s*foto\s*:", re.IGNORECASE)
_DATELINE_WITH_SOURCE = re.compile(
    rf"""^(?P<place>[A-Z][A-Za-z.'’]*(?:\ [A-Z][A-Za-z.'’]*){{0,5}})\s*,\s*
    (?P<source>{_CAPS_WORD}(?:\ {_CAPS_WORD}){{0,3}})\s*[{_DASHES}]\s*""",
    re.VERBOSE,
)
# Without a source the opening is easy to confuse with an acronym (``PMI-NP``), so the
# dash must be followed by a space, a capitalised word or nothing.
_DATELINE_PLACE_ONLY = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,5}})\s*[{_DASHES}](?:\s+|(?=[A-Z][a-z])|$)"
)
_KNOWN_SOURCES = {"PROKOPIM", "HUMAS"}
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


class LegacyParseError(Exception):
    """The text is not one legacy press release. ``reason`` says why; ``line`` is 1-based."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass(frozen=True)
class ParseWarning:
    """Something read but worth a look, such as a day name that contradicts the date."""

    line: int | None
    message: str


@dataclass(frozen=True)
class LegacyRelease:
    """One parsed release. Text fields are whitespace-collapsed; an absent part is ``""``."""

    published_at: datetime  # aware, in the zone the header names
    time_known: bool  # False when the header had no time: ``published_at`` is local midnight
    view_count: int
    kicker: str
    title: str
    editor: str
    reporter: str
    photographer: str
    photo_caption: str
    dateline: str
    source: str
    paragraphs: tuple[str, ...]  # plain text, dateline and trailing matter removed
    trailing_matter: tuple[str, ...]
    warnings: tuple[ParseWarning, ...]

    @property
    def body_html(self) -> str:
        """The paragraphs as HTML-escaped text in ``<p>`` elements; quotes stay as written."""
        return "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in self.paragraphs)


class _Line(NamedTuple):
    number: int  # 1-based, as an editor shows it
    text: str


def parse(text: str) -> LegacyRelease:
    """Parse one release from ``text`` (a BOM and CR/CRLF line endings are tolerated).

    Returns a ``LegacyRelease``; raises ``LegacyParseError`` (and nothing else) when the
    text has no header line, several (a listing page), text before the header, no
    title, or a header whose date, time, zone or read count cannot be read.
    """
    lines = _split_lines(text)
    warnings: list[ParseWarning] = []
    header, match = _find_header(lines)
    published_at, time_known, view_count = _parse_header(match, header.number, warnings)
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


# -- lines and header ------------------------------------------------------


def _split_lines(text: str) -> list[_Line]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]
    for line in lines:
        if "\x00" in line.text:
            raise LegacyParseError("NUL character in the text: not a text file", line.number)
    return lines


def _find_header(lines: list[_Line]) -> tuple[_Line, re.Match[str]]:
    """The one header line and its match; anything else is a ``LegacyParseError``."""
    matches = [(line, match) for line in lines if (match := _HEADER.match(line.text))]
    headers = [line for line, _ in matches]
    first = next((line for line in lines if line.text.strip()), None)
    if not headers:
        if first is not None and _STARTS_WITH_DATE.match(first.text):
            raise LegacyParseError(
                "the line starts with a date but is not a header line "
                "(it lacks '| Dibaca : N Kali')",
                first.number,
            )
        raise LegacyParseError(
            "no header line ('<Hari>, <d> <Bulan> <yyyy> | <H:MM:SS> WIB | "
            "Dibaca : <N> Kali'); a body-only page?"
        )
    if len(headers) > 1:
        numbers = ", ".join(str(line.number) for line in headers)
        raise LegacyParseError(
            f"a listing page, not one article: {len(headers)} header lines (lines {numbers})",
            headers[1].number,
        )
    header = headers[0]
    if first is not None and first.number < header.number:
        raise LegacyParseError(
            f"text before the header line (the header is line {header.number})", first.number
        )
    return matches[0]


def _parse_header(
    match: re.Match[str], number: int, warnings: list[ParseWarning]
) -> tuple[datetime, bool, int]:
    """(published_at, time_known, view_count) from a matched header line."""
    month = MONTHS.get(match["month"].casefold())
    if month is None:
        raise LegacyParseError(f"unknown month '{match['month']}'", number)
    year, day = int(match["year"]), int(match["date"])
    if year not in YEARS:
        raise LegacyParseError(f"implausible year {year}", number)
    timing = _TIME_AND_ZONE.match(match["middle"])
    if timing is None:
        zone = _ZONE_WORD.search(middle := match["middle"])
        time = middle[: zone.start()].strip(" |" + _DASHES) if zone else ""
        problem = f"unreadable time '{time}'" if zone else "no time zone (WIB, WITA or WIT)"
        raise LegacyParseError(f"{problem} in the header", number)
    zone, time_known = timing["zone"].upper(), timing["hour"] is not None
    hour, minute, second = (int(timing[part] or 0) for part in ("hour", "minute", "second"))
    zone_info = ZoneInfo(ZONES[zone])
    try:
        published_at = datetime(year, month, day, hour, minute, second, tzinfo=zone_info)
    except ValueError:
        when = f"{match['date']} {match['month']} {year}"
        when += f" {hour}:{minute:02d}:{second:02d}" if time_known else ""
        raise LegacyParseError(f"no such date or time: {when}", number) from None
    if not time_known:
        warnings.append(ParseWarning(number, f"no time in the header; stored 00:00 {zone}"))
    _check_day_name(match["day"], published_at, number, warnings)
    return published_at, time_known, _parse_count(match["count"], number)


def _parse_count(count: str, line: int) -> int:
    if not count:
        raise LegacyParseError("no read count in 'Dibaca : N Kali'", line)
    if not _COUNT.match(count):
        raise LegacyParseError(f"unreadable read count '{count}'", line)
    digits = count.replace(".", "")
    if len(digits) > 10 or int(digits) > VIEW_COUNT_MAX:
        raise LegacyParseError(f"read count {count} is too large", line)
    return int(digits)


def _check_day_name(name: str | None, published_at: datetime, line: int, warnings: list) -> None:
    if name is None:
        return
    key = _APOSTROPHES.sub("", name).casefold()
    key, expected = DAY_ALIASES.get(key, key), DAYS[published_at.weekday()].capitalize()
    if key not in DAYS:
        warnings.append(ParseWarning(line, f"unknown day name '{name}'"))
    elif key != expected.casefold():
        warnings.append(ParseWarning(line, f"day '{name}' does not match the date (a {expected})"))


# -- kicker, title, credits, caption ---------------------------------------


def _kicker_and_title(content: list[_Line], header_line: int) -> tuple[str, str, int]:
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
    opening = _DATELINE_WITH_SOURCE.match(text)
    if opening and opening["source"] in _KNOWN_SOURCES:
        return "the body (it opens with a dateline)"
    if len(text) > TITLE_MAX_LENGTH:
        return f"{len(text)} characters long, too long for a title (a body-only page?)"
    return None


def _credits_and_caption(
    content: list[_Line], position: int, kicker: str, title: str, warnings: list[ParseWarning]
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


def _parse_credits(line: _Line) -> dict[str, str]:
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
        name = _squeeze(value.strip().strip(_DASHES + "|"))
        if not any(character.isalnum() for character in name):
            name = ""  # "Fotografer : -" credits nobody
        if len(name) > NAME_MAX_LENGTH:
            raise LegacyParseError(f"the {role}'s name is too long", line.number)
        credits[role] = name
        named.add(role)
    return credits


def _parse_caption(line: _Line, kicker: str, title: str, warnings: list) -> str | None:
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


def _dateline(body: list[_Line], warnings: list[ParseWarning]) -> tuple[str, str, list[_Line]]:
    """Take ``PLACE, SOURCE - `` off the first paragraph: (place, source, paragraphs)."""
    if not body:
        return "", "", body
    first = body[0]
    text = _squeeze(first.text)
    match = _DATELINE_WITH_SOURCE.match(text) or _DATELINE_PLACE_ONLY.match(text)
    place = match["place"].strip() if match else ""
    source = (match.groupdict().get("source") or "").strip() if match else ""
    if not match or len(place) > DATELINE_MAX_LENGTH or len(source) > SOURCE_MAX_LENGTH:
        warnings.append(ParseWarning(first.number, "the body opens without a dateline"))
        return "", "", body
    rest = text[match.end() :].strip()
    return place, source, ([_Line(first.number, rest)] if rest else []) + body[1:]


def _strip_trailing_matter(body: list[_Line]) -> tuple[list[_Line], list[str]]:
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
        paragraphs[-1:] = [_Line(last.number, rest)] if rest else []
    return paragraphs, removed


def _squeeze(text: str) -> str:
    """Whitespace runs (non-breaking spaces too) as one space, none at the ends."""
    return " ".join(text.split())


def _squash(text: str) -> str:
    """For comparing repetitions that differ only in whitespace or case."""
    return "".join(text.split()).casefold()
