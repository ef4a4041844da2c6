"""The release list's parameters (filters and page), checked, and its page links.

A parameter that cannot be understood is refused with ``BadParameter`` (400), never
ignored: a consumer that misspells a date must not sync the whole archive."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest
from django.http import HttpRequest

from articles.models.limits import PUBLICATION_YEARS

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Beyond any real archive; keeps the page arithmetic small.
MAX_PAGE_NUMBER = 1_000_000


_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_EARLIEST = datetime(PUBLICATION_YEARS.start, 1, 1, tzinfo=UTC)
_LATEST = datetime(PUBLICATION_YEARS.stop - 1, 12, 31, tzinfo=UTC)


class BadParameter(ValueError):
    """A query parameter the API cannot use; its message says why."""


class NoSuchPage(LookupError):
    """A page number past the last page."""


@dataclass(frozen=True, kw_only=True)
class Filters:
    tag: str | None = None
    section: str | None = None
    person: str | None = None
    since: datetime | None = None

    def apply(self, articles: QuerySet) -> QuerySet:
        """``articles`` narrowed to these filters (each a slug, ``since`` a moment)."""
        if self.tag:
            articles = articles.filter(tags__slug=self.tag)
        if self.section:
            articles = articles.filter(section__slug=self.section)
        if self.person:
            articles = articles.filter(
                Q(reporter__slug=self.person)
                | Q(editor__slug=self.person)
                | Q(photographer__slug=self.person)
            )
        if self.since:
            # As ``updated_at`` is shown: a scheduled release saved before ``since`` and
            # published after it has changed since, for a consumer that syncs.
            articles = articles.alias(changed_at=Greatest("updated_at", "published_at")).filter(
                changed_at__gte=self.since
            )
        return articles


def parse_since(value: str | None) -> datetime | None:
    """An RFC 3339 date and time, as the schema's ``date-time`` (``2025-01-31T08:00:00+07:00``,
    ``2025-01-31T01:00:00Z``): with its zone, so that no one syncs in the wrong one.
    Moments outside the years releases can have are taken as those years' bounds."""
    if value is None:
        return None
    match = _RFC3339.fullmatch(value)
    if match is None:
        raise BadParameter(
            "'since' must be an RFC 3339 date and time with its zone, "
            "e.g. 2025-01-31T08:00:00+07:00."
        )
    date, time, fraction, zone = match.groups()
    if time.endswith(":60"):  # a leap second: the second before it will do
        time = time[:-2] + "59"
    try:
        moment = datetime.fromisoformat(f"{date}T{time}{(fraction or '')[:7]}{zone.upper()}")
        moment = moment.astimezone(UTC)
    except ValueError as error:  # e.g. the 31st of February
        raise BadParameter(f"'since' is not a date and time that exists: {error}.") from error
    except OverflowError:  # a zone's offset took it past year 1 or 9999
        return _EARLIEST if int(date[:4]) < PUBLICATION_YEARS.start else _LATEST
    return min(max(moment, _EARLIEST), _LATEST)


def page_of(articles: QuerySet, *, number: int, size: int) -> Page:
    """Page ``number`` of ``articles`` (page 1 of nothing is an empty page)."""
    try:
        return Paginator(articles, size).page(number)
    except EmptyPage as error:
        raise NoSuchPage(f"There is no page {number}.") from error


def page_link(request: HttpRequest, number: int | None) -> str | None:
    """The absolute address of page ``number`` with the request's other parameters."""
    if number is None:
        return None
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
