"""Public pages. Each view reads the request, asks ``Article.objects.published()``, renders."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DateDetailView, ListView
from taggit.models import Tag

from .models import Article


class PublishedArticlesMixin:
    """Everything public starts from the published articles, with their credits loaded."""

    def get_queryset(self):
        return Article.objects.published().with_credits()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE


class ArticleDetailView(PublishedArticlesMixin, DateDetailView):
    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    context_object_name = "article"


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
