"""The release list's parameters (filters and page), checked, and its page links.

A parameter that cannot be understood is refused with ``BadParameter`` (400), never
ignored: a consumer that misspells a date must not sync the whole archive."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.utils import timezone

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Beyond any real archive; keeps the page arithmetic small.
MAX_PAGE_NUMBER = 1_000_000


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
    """An ISO 8601 date or date and time; one without a zone is the site's (WIB)."""
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise BadParameter(
            "'since' must be an ISO 8601 date or date and time, e.g. 2025-01-31T08:00:00+07:00."
        ) from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


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
