"""The article page: the product's hot path.

A published article is rendered once per content version and kept as bytes (see
``articles.public.caching``); a read then costs one cache round trip for the page
and one for counting (``articles.reads.counting.read_page``), and no query with
Redis. The read count is put into the cached bytes at response time.

A withdrawn article answers 410 Gone, anything else that is not public 404.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

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
    """``/berita/YYYY/MM/DD/slug/``: the cached page when there is a current one, else
    the page rendered (and cached); either way the read counted and its figure shown."""
    cacheable = caching.is_cacheable(request)
    page, found, figure = None, {}, None
    if cacheable:
        key = caching.page_key(request, with_query=False)
        page, found = caching.lookup(key, also=[blocklists.CACHE_KEY])
    stored_lists = found.get(blocklists.CACHE_KEY)
    lists = blocklists.blocklists(stored_lists) if stored_lists is not None else None
    if page is not None:
        # A per-process cache may have missed a change made in another process: then
        # the read is counted only if the article is still the one cached.
        figure = counting.read_page(
            request,
            page.article_id,
            unchanged_since=None if caching.is_shared() else page.article_updated,
            lists=lists,
        )
    if figure is None:
        version = caching.content_version() if cacheable else ""
        rendered = render(request, published_on(year, month, day), slug, version)
        if isinstance(rendered, HttpResponse):
            return rendered
        page = rendered.page
        if cacheable:
            caching.store(key, page)
        figure = counting.read_page(
            request, page.article_id, stored_count=rendered.view_count, lists=lists
        )
        if figure is None:  # withdrawn this very moment: the figure it had
            figure = rendered.view_count
    return page.response(intcomma(figure))


def published_on(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError as error:
        raise Http404("No such date.") from error


def day_range(day: date) -> tuple[datetime, datetime]:
    """The day's start and the next day's start, in the site's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def render(request: HttpRequest, day: date, slug: str, version: str) -> Rendered | HttpResponse:
    """The page of the article published on ``day`` as ``slug``, with a place for its
    read count; a 410 response for a withdrawn one; Http404 for anything else."""
    start, end = day_range(day)
    on_day = {"slug": slug, "published_at__gte": start, "published_at__lt": end}
    article = Article.objects.for_article_page().filter(**on_day).first()
    if article is None:
        if Article.objects.withdrawn().filter(**on_day).exists():
            return TemplateResponse(request, "articles/article_withdrawn.html", status=410)
        raise Http404("No such article.")
    marker = f"\x00{secrets.token_hex(8)}\x00"
    response = TemplateResponse(
        request,
        TEMPLATE,
        {
            "article": article,
            "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
            "og_image": metadata.og_image(article, request),
            "jsonld": metadata.news_article_jsonld(article, request),
            "related": Article.objects.related_to(article),
            "read_count": marker,
            "read_beacon": counting.mode() is CountingMode.BEACON,
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
