"""Public pages. Each view reads the request, asks ``Article.objects.published()``, renders."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import (
    DateDetailView,
    DetailView,
    ListView,
)
from django.views.generic import (
    MonthArchiveView as BaseMonthArchiveView,
)
from django.views.generic import (
    YearArchiveView as BaseYearArchiveView,
)
from taggit.models import Tag

from . import counting, metadata, preview, search
from .caching import cache_public_page
from .models import Article, Person, Section
from .tags import popular_tags

POPULAR_COUNT = 5


class PublishedArticlesMixin:
    """Everything public starts from the published articles, with their credits loaded."""

    def get_queryset(self):
        return Article.objects.for_public_pages()


class PaginatedMixin:
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE


@method_decorator(cache_public_page, name="dispatch")
class HomeView(PublishedArticlesMixin, PaginatedMixin, ListView):
    """Headline and latest releases; on the first page also the most read and the tags."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["popular"] = most_read(POPULAR_COUNT)
            context["popular_tags"] = popular_tags()
        return context


def most_read(limit: int) -> list[Article]:
    """Most read in the last 7 days; most read overall while there is no daily history."""
    recent = list(Article.objects.published().popular(days=7)[:limit])
    if recent:
        return recent
    return list(
        Article.objects.published().filter(view_count__gt=0).order_by("-view_count")[:limit]
    )


@method_decorator(cache_public_page, name="dispatch")
class ArticleListView(PublishedArticlesMixin, PaginatedMixin, ListView):
    template_name = "articles/article_list.html"
    extra_context = {"heading": "Semua berita"}


@method_decorator(cache_public_page, name="dispatch")
class SectionArticleListView(PublishedArticlesMixin, PaginatedMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


@method_decorator(cache_public_page, name="dispatch")
class PersonArticleListView(PublishedArticlesMixin, PaginatedMixin, ListView):
    """Releases a person wrote, edited or photographed. Someone credited only on
    unpublished work has no public page (404)."""

    template_name = "articles/person_detail.html"
    allow_empty = False

    def get_queryset(self):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        return super().get_queryset().credited_to(self.person)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class ArchiveMixin(PublishedArticlesMixin):
    date_field = "published_at"
    make_object_list = True
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE


@method_decorator(cache_public_page, name="dispatch")
class YearArchiveView(ArchiveMixin, BaseYearArchiveView):
    template_name = "articles/article_archive_year.html"


@method_decorator(cache_public_page, name="dispatch")
class MonthArchiveView(ArchiveMixin, BaseMonthArchiveView):
    month_format = "%m"
    template_name = "articles/article_archive_month.html"


class SearchView(PaginatedMixin, ListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        articles, self.query = search.search(self.request.GET.get("q", ""))
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class ArticleDetailView(PublishedArticlesMixin, DateDetailView):
    """A published article; a withdrawn one answers 410 Gone, anything else 404."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().with_correction_flag().with_gallery_flag().with_neighbours()

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            if self._is_withdrawn():
                return TemplateResponse(request, "articles/article_withdrawn.html", status=410)
            raise
        if counts_inline():
            counting.record_read(request, self.object)
        return response

    def get_context_data(self, **kwargs):
        # The figure before this read is counted, as the old site showed it.
        return super().get_context_data(
            canonical_url=self.request.build_absolute_uri(self.object.get_absolute_url()),
            og_image=metadata.og_image(self.object, self.request),
            jsonld=metadata.news_article_jsonld(self.object, self.request),
            related=Article.objects.related_to(self.object),
            displayed_views=counting.displayed_count(self.object),
            read_beacon=settings.NEWSROOM_VIEW_COUNT_MODE == "beacon",
            **kwargs,
        )

    def _is_withdrawn(self) -> bool:
        # The same date and slug lookup as the page itself, among withdrawn articles.
        try:
            self.get_object(queryset=Article.objects.withdrawn())
        except Http404:
            return False
        return True


def counts_inline() -> bool:
    return settings.NEWSROOM_VIEW_COUNT_MODE == "inline"


@csrf_exempt  # no token in a cached page; the same-origin check below stands in for it
@require_POST
def read_beacon(request, pk: int):
    """Count a read reported by the article page itself (cache-safe mode)."""
    if settings.NEWSROOM_VIEW_COUNT_MODE != "beacon":
        raise Http404
    if not counting.is_same_origin(request):
        raise PermissionDenied("Cross-site read beacon.")
    if counting.beacon_rate_exceeded(request):
        return HttpResponse(status=429)
    article = get_object_or_404(Article.objects.published(), pk=pk)
    counting.record_read(request, article, beacon=True)
    return HttpResponse(status=204)


@method_decorator(cache_public_page, name="dispatch")
class TagArticleListView(PublishedArticlesMixin, PaginatedMixin, ListView):
    """Published articles with one tag. A tag no published article carries is a 404,
    so tags used only on drafts stay private."""

    template_name = "articles/tag_detail.html"
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


@method_decorator(never_cache, name="dispatch")
class PreviewLinkView(DetailView):
    """An article in any state, through a signed link that expires. A bad link is a 403."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        try:
            article_id = preview.article_id_from_token(self.kwargs["token"])
        except signing.BadSignature as error:
            raise PermissionDenied("Invalid or expired preview link.") from error
        return get_object_or_404(Article.objects.with_credits(), pk=article_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=True,
            canonical_url=self.request.build_absolute_uri(self.object.get_absolute_url()),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
