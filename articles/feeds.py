"""RSS feeds (placeholder until the syndication work lands)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from taggit.models import Tag

from .models import Article, SiteSettings


class LatestArticlesFeed(Feed):
    def title(self):
        return SiteSettings.current().site_name

    def link(self):
        from django.urls import reverse

        return reverse("articles:home")

    def items(self):
        return Article.objects.for_public_pages()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary


class TagArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def items(self, tag):
        return Article.objects.for_public_pages().filter(tags=tag)[:20]
