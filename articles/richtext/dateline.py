"""The dateline that opens a release, ``BENGKALIS, PROKOPIM - ``: recognised once, for
every way a body arrives.

- ``match_dateline(text)`` recognises it at the start of plain text. The legacy parser
  (``articles.archive.parser``) reads scraped pages with it.
- ``split_dateline(html)`` takes it off the first paragraph of a body (HTML, or plain
  text as typed), keeping the rest of that paragraph and its markup.
- ``lift_dateline(...)`` decides, from the dateline and source fields, whether the body's
  dateline moves into them. The article form calls it (``articles.editorial.forms``);
  ``Article.save`` does not, on purpose: a save has nobody to tell what it did, cannot
  tell a prefilled default from a chosen value, and must not rewrite the text of a
  restored revision (README, Editorial workflow). A new way in (an API) calls it too.

Pure functions of text: nothing here knows the database.
"""

import html
import re
from dataclasses import dataclass

# Lengths of the fields a dateline fills (``Article.dateline`` and ``Article.source``).
DATELINE_MAX_LENGTH = 100
SOURCE_MAX_LENGTH = 50
# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
KNOWN_SOURCES = {"PROKOPIM", "HUMAS"}
MAX_REPEATS = 3  # the same dateline twice or thrice in a row is a paste; more is not ours

_CAPITALISED = r"[A-Z][A-Za-z.'’]*"  # BENGKALIS, Bengkalis, Bukit
_CAPS_WORD = r"[A-Z][A-Z0-9.'’]*"  # PROKOPIM, HUMAS, DPRD
_SPACE = r"[^\S\n]"  # a space on the line (non-breaking ones too), not a line break
_PLACE = rf"(?P<place>{_CAPITALISED}(?:{_SPACE}+{_CAPITALISED}){{0,5}})"


def _source(group: str) -> str:
    """A source in capitals opening with a word of three characters or more (so not a
    degree such as ``SE`` after a name), or a known one however written (``Prokopim``)."""
    first = r"[A-Z][A-Z0-9.'’]{2,}"
    return rf"(?P<{group}>(?i:prokopim|humas)(?!\w)|{first}(?:{_SPACE}+{_CAPS_WORD}){{0,3}})"


_WITH_SOURCE = re.compile(
    rf"""^\s*{_PLACE}{_SPACE}*
    (?:,{_SPACE}*{_source("source")}|\({_SPACE}*{_source("bracketed")}{_SPACE}*\))
    {_SPACE}*[{DASHES}]\s*""",
    re.VERBOSE,
)
# Without a source the opening is easy to confuse with an acronym (``PMI-NP``): the place
# is in capitals and the dash is followed by a space, a capitalised word or nothing.
_PLACE_ONLY = re.compile(
    rf"""^\s*(?P<place>{_CAPS_WORD}(?:{_SPACE}+{_CAPS_WORD}){{0,5}}){_SPACE}*[{DASHES}]
    (?:\s+|(?=[A-Z][a-z])|$)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    """A recognised dateline: its place, its source ("" without one), and where the
    opening (the dash and the spaces after it included) ends in the text read."""

    place: str
    source: str
    end: int = 0

    @property
    def label(self) -> str:
        """``BENGKALIS, PROKOPIM`` (or just the place), as an editor reads it."""
        return ", ".join(part for part in (self.place, self.source) if part)

    def names(self, place: str, source: str) -> bool:
        """Whether ``place`` and ``source`` are this dateline's, ignoring case and spaces."""
        return _same(place, self.place) and _same(source, self.source)


def match_dateline(text: str, *, require_source: bool = False) -> Dateline | None:
    """The dateline opening ``text`` (plain text; leading whitespace is allowed), or None.

    Recognised: ``PLACE, SOURCE - `` and ``PLACE (SOURCE) - `` with any dash of
    ``DASHES``, with or without spaces (non-breaking ones too) around it. PLACE is one to
    six capitalised words (``BENGKALIS``, ``Bukit Batu``); SOURCE is one to four words in
    capitals, or PROKOPIM or HUMAS however written. Without ``require_source``, a place in
    capitals followed by a dash alone (``BENGKALIS - ``) is one too. A place or source
    longer than its field is not a dateline.
    """
    match = _WITH_SOURCE.match(text) or (None if require_source else _PLACE_ONLY.match(text))
    if match is None:
        return None
    place = _squeeze(match["place"])
    groups = match.groupdict()
    source = _squeeze(groups.get("source") or groups.get("bracketed") or "")
    if len(place) > DATELINE_MAX_LENGTH or len(source) > SOURCE_MAX_LENGTH:
        return None
    return Dateline(place, source, match.end())


# -- in a body ---------------------------------------------------------------

# Where the first paragraph's text starts: after any blank paragraphs (Word leaves some)
# and the opening block tags.
# (``\s`` holds the non-breaking space; no alternative overlaps another, so no regex here
# can backtrack exponentially on a long run of spaces.)
_BLANK_PARAGRAPH = r"<p\b[^>]*>(?:\s|&nbsp;|&#160;|&#xa0;|<br\s*/?>)*</p\s*>"
_FIRST_TEXT = re.compile(
    rf"(?:\s|{_BLANK_PARAGRAPH})*(?P<block>(?:<(?:p|div)\b[^>]*>\s*)*)", re.IGNORECASE
)
_TOKEN = re.compile(r"<[^>]*>?|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^<&]+|&")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9:]*)")
# Markup a dateline may sit in (bold, say) without ending the paragraph.
_INLINE = {"strong", "b", "em", "i", "u", "span", "font", "a", "sup", "sub"}
_EMPTY_INLINE = re.compile(
    rf"\s*<({'|'.join(sorted(_INLINE))})\b[^>]*>(?:\s|&nbsp;)*</\1\s*>", re.IGNORECASE
)
_OPENING_INLINE = re.compile(rf"\s*<(?:{'|'.join(sorted(_INLINE))})\b[^>]*>", re.IGNORECASE)
_EMPTY_BLOCK = re.compile(
    r"<(p|div)\b[^>]*>(?:\s|&nbsp;|&#160;|&#xa0;|<br\s*/?>)*</\1\s*>\s*", re.IGNORECASE
)
# Enough text to hold any dateline: the match never needs more.
_READ_AHEAD = 400
_EMPTY_NESTING = 10


@dataclass(frozen=True)
class _Piece:
    """A run of the first paragraph's text: where it is in the HTML, and what it reads."""

    start: int
    end: int
    text: str
    whole: bool  # an entity or a line break: removed whole or not at all


def split_dateline(body: str) -> tuple[Dateline | None, str]:
    """Take the dateline (``match_dateline(..., require_source=True)``) off the start of
    the body's first paragraph: ``(dateline, body without it)``, or ``(None, body)``
    unchanged when the body does not open with one.

    The body is HTML or plain text. The dateline may be wrapped in inline markup (bold)
    and written with entities (``&nbsp;``); the rest of the paragraph is kept as it was,
    markup included; markup left empty goes, and so do blank paragraphs before it. The
    same dateline written up to ``MAX_REPEATS`` times in a row goes at once; two different
    ones (or more repeats) are left alone, as is a dateline anywhere but at the start of
    the first paragraph. Idempotent: what it returns opens with no dateline.
    """
    found, rest = _split_once(body)
    if found is None:
        return None, body
    for _ in range(MAX_REPEATS):
        again, after = _split_once(rest)
        if again is None:
            return Dateline(found.place, found.source), rest
        if not found.names(again.place, again.source):
            break  # two different datelines: not ours to choose
        rest = after
    return None, body


def _split_once(body: str) -> tuple[Dateline | None, str]:
    opening = _FIRST_TEXT.match(body)
    pieces = _leading_text(body, opening.end())
    found = match_dateline("".join(piece.text for piece in pieces), require_source=True)
    if found is None:
        return None, body
    # Blank paragraphs before it go too, so that the page's dateline opens the text.
    rest = _cut(body, pieces, found.end)[opening.start("block") :]
    rest = _drop_empty_inline(rest, opening.end() - opening.start("block"))
    if opening["block"] and (empty := _EMPTY_BLOCK.match(rest)):
        rest = rest[empty.end() :]
    return found, rest


def _leading_text(body: str, start: int) -> list[_Piece]:
    """The first paragraph's text from ``start``, through inline markup, up to the end of
    the paragraph (or ``_READ_AHEAD`` characters)."""
    pieces: list[_Piece] = []
    length = 0
    for token in _TOKEN.finditer(body, start):
        raw = token.group()
        if raw.startswith("<"):
            name = _TAG_NAME.match(raw)
            tag = name[1].lower() if name else ""
            if tag == "br":
                pieces.append(_Piece(token.start(), token.end(), "\n", whole=True))
            elif tag not in _INLINE:
                break
            continue
        if raw.startswith("&"):
            pieces.append(_Piece(token.start(), token.end(), html.unescape(raw), whole=True))
        else:
            pieces.append(_Piece(token.start(), token.end(), raw, whole=False))
        length += len(pieces[-1].text)
        if length > _READ_AHEAD:
            break
    return pieces


def _cut(body: str, pieces: list[_Piece], count: int) -> str:
    """``body`` without the first ``count`` characters of text that ``pieces`` read; the
    markup between them stays."""
    kept: list[str] = []
    position = pieces[0].start if pieces else 0
    kept.append(body[:position])
    remaining = count
    for piece in pieces:
        kept.append(body[position : piece.start])  # markup between runs of text
        position = piece.end
        if remaining <= 0:
            kept.append(body[piece.start : piece.end])
        elif piece.whole or remaining >= len(piece.text):
            pass  # all of it is dateline
        else:
            kept.append(piece.text[remaining:])
        remaining -= len(piece.text)
    kept.append(body[position:])
    return "".join(kept)


def _drop_empty_inline(body: str, start: int) -> str:
    """Remove inline elements left empty at ``start`` (``<strong></strong>``), nested too,
    up to ``_EMPTY_NESTING`` of them (more is no one's bold, and renders nothing anyway)."""
    openings: list[int] = []  # where each inline element enclosing ``position`` opens
    position = start
    for _ in range(_EMPTY_NESTING * 2):
        empty = _EMPTY_INLINE.match(body, position)
        if empty is not None:
            body = body[: empty.start()] + body[empty.end() :]
            position = openings.pop() if openings else start  # its parent may be empty now
            continue
        opening = _OPENING_INLINE.match(body, position)
        if opening is None:
            break
        openings.append(position)
        position = opening.end()
    return body


# -- the fields --------------------------------------------------------------


@dataclass(frozen=True)
class LiftedDateline:
    """What ``lift_dateline`` made of a body and its fields.

    ``taken`` is the dateline taken off the body (the fields hold it now);
    ``conflict`` one left in the body because the fields name another."""

    body: str
    dateline: str
    source: str
    taken: Dateline | None = None
    conflict: Dateline | None = None


def lift_dateline(
    body: str, *, dateline: str, source: str, defaults: tuple[str, str] = ("", "")
) -> LiftedDateline:
    """Move the dateline opening ``body`` into the ``dateline`` and ``source`` fields.

    A field that is blank, or still holds its default (``defaults``: the site's
    default dateline and source, which a new article's form starts with), takes the
    body's value: what the reporter wrote wins over a value nobody chose. A field that
    already names the body's value (ignoring case and spaces) keeps its spelling. Then
    the dateline leaves the body, so the page shows it once. When a field names
    something else, nothing changes and the dateline is reported as ``conflict``.
    """
    found, rest = split_dateline(body)
    if found is None:
        return LiftedDateline(body, dateline, source)
    place = _choose(dateline, defaults[0], found.place)
    chosen_source = _choose(source, defaults[1], found.source)
    if place is None or chosen_source is None:
        return LiftedDateline(body, dateline, source, conflict=found)
    return LiftedDateline(rest, place, chosen_source, taken=Dateline(place, chosen_source))


def _choose(current: str, default: str, found: str) -> str | None:
    """The field's value after taking ``found``, or None when it names something else."""
    if _same(current, found):
        return current.strip()
    if not current.strip() or _same(current, default):
        return found
    return None


def _same(first: str, second: str) -> bool:
    return _squeeze(first).casefold() == _squeeze(second).casefold()


def _squeeze(text: str) -> str:
    return " ".join(text.split())
