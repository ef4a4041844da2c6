"""Public pages. Each view reads the request, asks ``Article.objects.published()``, renders."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DateDetailView, DetailView, ListView
from taggit.models import Tag

from . import preview
from .models import Article, ArticleEvent


class PublishedArticlesMixin:
    """Everything public starts from the published articles, with their credits loaded."""

    def get_queryset(self):
        return Article.objects.published().with_credits()


def with_corrections(queryset):
    """Attach the article's corrections ("Ralat"), oldest first, as ``article.corrections``."""
    corrections = ArticleEvent.objects.filter(action=ArticleEvent.Action.CORRECTED).order_by(
        "created_at", "id"
    )
    return queryset.prefetch_related(
        Prefetch("events", queryset=corrections, to_attr="corrections")
    )


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE


class ArticleDetailView(PublishedArticlesMixin, DateDetailView):
    """A published article; a withdrawn one answers 410 Gone, anything else 404."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    context_object_name = "article"

    def get_queryset(self):
        return with_corrections(super().get_queryset())

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if self._is_withdrawn():
                return TemplateResponse(request, "articles/article_withdrawn.html", status=410)
            raise

    def _is_withdrawn(self) -> bool:
        # The same date and slug lookup as the page itself, among withdrawn articles.
        try:
            self.get_object(queryset=Article.objects.withdrawn())
        except Http404:
            return False
        return True


class TagArticleListView(PublishedArticlesMixin, ListView):
    """Published articles with one tag. A tag no published article carries is a 404,
    so tags used only on drafts stay private."""

    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    allow_empty = False

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

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
        return get_object_or_404(with_corrections(Article.objects.with_credits()), pk=article_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
