"""What the legacy parser returns: a ``LegacyRelease``, or a ``LegacyParseError``."""

import html
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple


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


class Line(NamedTuple):
    number: int  # 1-based, as an editor shows it
    text: str
