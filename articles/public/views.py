"""Public pages. Each view reads the request, asks ``Article.objects.published()``, renders."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView
from django.views.generic import MonthArchiveView as BaseMonthArchiveView
from django.views.generic import YearArchiveView as BaseYearArchiveView
from taggit.models import Tag

from articles.models import Article, Person, Section, shortlinks
from articles.public import search
from articles.public.caching import NOTHING, PAGINATED, cache_public_page
from articles.public.calendar import archive_years
from articles.public.tags import popular_tags

POPULAR_COUNT = 5
# How long a browser or proxy may keep a short link's redirect: short, because the slug
# or the date may change, and a withdrawn release's code must stop answering.
SHORT_LINK_SECONDS = 300


class CachedPublicPage:
    """A public page answered from the page cache (``cache_public_page``) around the
    view class's ``as_view()``: a hit builds no view object and dispatches nothing.
    ``cache_reads``: the query parameters the page reads."""

    cache_reads = PAGINATED

    @classmethod
    def as_view(cls, **initkwargs):
        return cache_public_page(reads=cls.cache_reads)(super().as_view(**initkwargs))


class PublishedArticlesMixin:
    """Everything public starts from the published articles, with their credits loaded."""

    def get_queryset(self):
        return Article.objects.for_public_pages()


class PaginatedMixin:
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE


class HomeView(CachedPublicPage, PublishedArticlesMixin, PaginatedMixin, ListView):
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


class ArticleListView(CachedPublicPage, PublishedArticlesMixin, PaginatedMixin, ListView):
    template_name = "articles/article_list.html"
    extra_context = {"heading": _("Semua berita")}


class SectionArticleListView(CachedPublicPage, PublishedArticlesMixin, PaginatedMixin, ListView):
    """Published articles of one section. A section without any (empty, or with only
    drafts, scheduled or withdrawn releases) is a 404, as it is absent from the menu."""

    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section.objects.public(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class PersonArticleListView(CachedPublicPage, PublishedArticlesMixin, PaginatedMixin, ListView):
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


class ArchiveIndexView(CachedPublicPage, TemplateView):
    """``/arsip/``: the years and months with published releases, with their counts."""

    cache_reads = NOTHING
    template_name = "articles/article_archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=archive_years(), **kwargs)


class YearArchiveView(CachedPublicPage, ArchiveMixin, BaseYearArchiveView):
    template_name = "articles/article_archive_year.html"


class MonthArchiveView(CachedPublicPage, ArchiveMixin, BaseMonthArchiveView):
    month_format = "%m"
    template_name = "articles/article_archive_month.html"


class SearchView(PaginatedMixin, ListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        articles, self.query = search.search(self.request.GET.get("q", ""))
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query, heading_query=search.heading_query(self.query), **kwargs
        )


class TagArticleListView(CachedPublicPage, PublishedArticlesMixin, PaginatedMixin, ListView):
    """Published articles with one tag. A tag no published article carries is a 404,
    so tags used only on drafts stay private."""

    template_name = "articles/tag_detail.html"
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


def short_link(request: HttpRequest, code: str) -> HttpResponsePermanentRedirect:
    """``/s/<code>/``: 301 to the current address of the published release with that
    code (one query for two columns); 404 for a malformed code or a release the public
    may not see."""
    pk = shortlinks.article_id(code)
    if pk is None:
        raise Http404("No such short link.")
    article = Article.objects.published().filter(pk=pk).only("slug", "published_at").first()
    if article is None:
        raise Http404("No such short link.")
    response = HttpResponsePermanentRedirect(request.build_absolute_uri(article.get_absolute_url()))
    patch_cache_control(response, public=True, max_age=SHORT_LINK_SECONDS)
    return response
