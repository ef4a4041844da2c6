"""Sitemaps: the published releases, the list pages, and a Google News sitemap.

``newsroom/urls.py`` serves ``/sitemap.xml`` as an index of these sections, each at
``/sitemap-<section>.xml``. Every article comes from ``Article.objects.published()``;
URLs take the scheme and host of the request (Django's sitemap views pass them in).
"""

from datetime import datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from articles.public.tags import published_tags
from articles.site.config import site_settings

# Google News reads releases of the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def w3c_datetime(moment: datetime) -> datetime:
    """``moment`` in the site's time zone to the second, so that the templates' ``|date:"c"``
    gives W3C datetimes such as ``2024-05-02T09:30:00+07:00``."""
    return timezone.localtime(moment).replace(microsecond=0)


class ArticleSitemap(Sitemap):
    """Every published release, last modified when it was last saved."""

    def items(self):
        return Article.objects.published().only("slug", "published_at", "created_at", "updated_at")

    def lastmod(self, article: Article) -> datetime:
        return w3c_datetime(article.updated_at)

    def get_latest_lastmod(self) -> datetime | None:
        # One aggregate for the index, instead of loading every article to take the max.
        latest = Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return w3c_datetime(latest) if latest else None


class NewsSitemap(Sitemap):
    """Releases published in the last two days, for Google News (rendered with
    ``sitemaps/news.xml``)."""

    limit = NEWS_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only("title", "slug", "published_at", "created_at", "updated_at")
        )

    def lastmod(self, article: Article) -> datetime:
        return w3c_datetime(article.updated_at)

    def get_latest_lastmod(self) -> datetime | None:
        latest = self.items().aggregate(latest=Max("updated_at"))["latest"]
        return w3c_datetime(latest) if latest else None

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        """Each URL also carries what ``<news:news>`` needs: the publication's name,
        the publication time and the title."""
        publication = site_settings().site_name
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "publication_name": publication,
                "publication_date": w3c_datetime(article.published_at),
                "title": article.title,
            }
        return urls


class SectionSitemap(Sitemap):
    """The sections ("rubrik") that have at least one published release."""

    def items(self):
        return Section.objects.public()


class TagSitemap(Sitemap):
    """The tags that at least one published release carries."""

    def items(self):
        return published_tags().order_by("name", "pk")

    def location(self, tag) -> str:
        return reverse("articles:tag", args=[tag.slug])


class StaticSitemap(Sitemap):
    """The fixed pages: home, all releases and the archive's index of years and months
    (from which crawlers reach every month's releases)."""

    def items(self) -> list[str]:
        return ["articles:home", "articles:article_list", "articles:archive_index"]

    def location(self, name: str) -> str:
        return reverse(name)


# The section name is the file name: /sitemap-<name>.xml. "news" has its own template.
SITEMAPS = {
    "halaman": StaticSitemap,
    "berita": ArticleSitemap,
    "rubrik": SectionSitemap,
    "tag": TagSitemap,
    "news": NewsSitemap,
}
