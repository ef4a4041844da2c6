"""The legacy header line: ``Kamis, 15 Juni 2023 | 12:24:37 WIB | Dibaca : 315 Kali``.

Its date in Indonesian (day names, month names with their older spellings), its time and
zone (WIB, WITA, WIT), and its read count.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from articles.archive.release import LegacyParseError, Line, ParseWarning

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

DASHES = "-–—"  # the dashes the old sites used as separators
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
    rf"""^(?:[{DASHES}|]\s*)?
    (?:(?P<hour>[0-9]{{1,2}}):(?P<minute>[0-9]{{2}})(?::(?P<second>[0-9]{{2}}))?\s*)?
    (?P<zone>WITA|WIB|WIT)(?:\s*[{DASHES}|])?$""",
    re.IGNORECASE | re.VERBOSE,
)
_ZONE_WORD = re.compile(r"(?<![^\W\d_])(?:WITA|WIB|WIT)(?![^\W\d_])", re.IGNORECASE)
_COUNT = re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)$")
_APOSTROPHES = re.compile(r"['’‘`ʼ]")


def find_header(lines: list[Line]) -> tuple[Line, re.Match[str]]:
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


def parse_header(
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
        time = middle[: zone.start()].strip(" |" + DASHES) if zone else ""
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
