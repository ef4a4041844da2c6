"""The article page: the product's hot path.

A published article is rendered once per content version and kept as bytes, in the
shared cache and in the worker that served it (see ``articles.public.caching``). With
Redis, a read of the worker's own copy costs one round trip and no query: the read's
script checks the copy is current and counts it (``articles.reads.counting.read_page``);
a copy from the shared cache costs one more. The read count is put into the cached
bytes at response time.

A withdrawn article answers 410 Gone, anything else that is not public 404.
"""

import functools
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone

from articles.models import Article
from articles.public import caching, metadata
from articles.reads import blocklists, counting
from articles.reads.counting import CountingMode

TEMPLATE = "articles/article_detail.html"


@dataclass(frozen=True)
class Rendered:
    page: caching.CachedPage
    view_count: int


def article_detail(
    request: HttpRequest, year: str, month: str, day: str, slug: str
) -> HttpResponse:
    """``/berita/YYYY/MM/DD/slug/``: this process's copy of the page when it is still
    current, else the shared cache's, else the page rendered (and cached); in every
    case the read counted and its figure put in."""
    if not caching.is_cacheable(request):
        return _rendered_and_read(request, (year, month, day, slug))
    key = caching.page_key(request, with_query=False)
    count = True
    hit = caching.local_page(key)
    if hit is not None:
        try:
            figure = read_local_copy(request, hit)
        except counting.ReadInDoubt:
            figure, count = None, False
        if figure is not None:
            return hit.page.response(grouped(figure))
    page, state, found = caching.lookup(key, also=[blocklists.CACHE_KEY])
    stored_lists = found.get(blocklists.CACHE_KEY)
    lists = blocklists.blocklists(stored_lists)
    if page is not None:
        figure = counting.read_page(
            request,
            page.article_id,
            # A per-process cache may have missed a change made in another process.
            unchanged_since=None if caching.is_shared() else page.article_updated,
            lists=lists,
            count=count,
        )
        if figure is not None:
            caching.remember(key, state, page, lists)
            return page.response(grouped(figure))
    # The state before rendering: a change while rendering makes this copy stale.
    state = caching.content_state()
    return _rendered_and_read(request, (year, month, day, slug), key, state, lists, count)


def read_local_copy(request: HttpRequest, hit: caching.LocalPage) -> int | None:
    """Count the read of this process's copy of a page and return its figure, if the
    copy is still current (else None, nothing counted). With the buffer in the cache's
    Redis, the check is part of the read's own script: one round trip in all."""
    page = hit.page
    if caching.is_shared() and counting.checks_content_in_buffer():
        content = (caching.state_key(), page.version)
        return counting.read_page(request, page.article_id, content=content, lists=hit.lists)
    if not caching.version_holds(page.version):
        return None
    return counting.read_page(
        request,
        page.article_id,
        unchanged_since=None if caching.is_shared() else page.article_updated,
        lists=hit.lists,
    )


def _rendered_and_read(
    request: HttpRequest,
    date_and_slug: tuple[str, str, str, str],
    key: str | None = None,
    state: caching.ContentState | None = None,
    lists: blocklists.Blocklists | None = None,
    count: bool = True,
) -> HttpResponse:
    """The page rendered (and, with ``key``, cached under ``state``), its read counted."""
    *day, slug = date_and_slug
    rendered = render(request, published_on(*day), slug, state.version if state else "")
    if isinstance(rendered, HttpResponse):
        return rendered
    page = rendered.page
    if key is not None:
        caching.store(key, page)
        caching.remember(key, state, page, lists)
    figure = counting.read_page(
        request, page.article_id, stored_count=rendered.view_count, lists=lists, count=count
    )
    if figure is None:  # withdrawn this very moment: the figure it had
        figure = rendered.view_count
    return page.response(grouped(figure))


def grouped(number: int) -> str:
    """``number`` with the site language's thousands separator, as ``intcomma`` writes
    it (1.234.567), without its per-call format lookups: this runs on every read."""
    return f"{number:,}".replace(",", _thousands_separator())


@functools.cache
def _thousands_separator() -> str:
    return formats.get_format("THOUSAND_SEPARATOR", lang=settings.LANGUAGE_CODE)


def published_on(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError as error:
        raise Http404("No such date.") from error


def day_range(day: date) -> tuple[datetime, datetime]:
    """The day's start and the next day's start, in the site's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def public_article(
    request: HttpRequest, published: QuerySet[Article], day: date, slug: str
) -> Article | HttpResponse:
    """The article of ``published`` (a queryset of public articles) published on ``day``
    as ``slug``; a 410 response for a withdrawn one; Http404 for anything else. The
    article's PDF answers as its page does."""
    start, end = day_range(day)
    on_day = {"slug": slug, "published_at__gte": start, "published_at__lt": end}
    article = published.filter(**on_day).first()
    if article is None:
        if Article.objects.withdrawn().filter(**on_day).exists():
            return TemplateResponse(request, "articles/article_withdrawn.html", status=410)
        raise Http404("No such article.")
    return article


def render(request: HttpRequest, day: date, slug: str, version: str) -> Rendered | HttpResponse:
    """The page of the article published on ``day`` as ``slug``, with a place for its
    read count; a 410 response for a withdrawn one; Http404 for anything else."""
    article = public_article(request, Article.objects.for_article_page(), day, slug)
    if isinstance(article, HttpResponse):
        return article
    marker = f"\x00{secrets.token_hex(8)}\x00"
    response = TemplateResponse(
        request,
        TEMPLATE,
        {
            "article": article,
            "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
            "og_image": metadata.og_image(article, request),
            "jsonld": metadata.news_article_jsonld(article, request),
            "share": metadata.share_links(article, request),
            "related": Article.objects.related_to(article),
            "read_count": marker,
            "read_beacon": counting.mode() is CountingMode.BEACON,
            "pdf_url": reverse(
                "articles:article_pdf",
                kwargs={
                    "year": f"{day:%Y}",
                    "month": f"{day:%m}",
                    "day": f"{day:%d}",
                    "slug": slug,
                },
            ),
        },
    ).render()
    page = caching.CachedPage(
        version=version,
        parts=tuple(response.content.split(marker.encode(), 1)),
        content_type=response["Content-Type"],
        article_id=article.pk,
        article_updated=article.updated_at,
    )
    return Rendered(page=page, view_count=article.view_count)
