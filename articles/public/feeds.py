"""RSS 2.0 feeds: the newest releases, and the newest releases with one tag.

Both list only ``Article.objects.published()`` (through ``for_public_pages()``, which
also loads the credits and tags in the same query), newest first.
"""

import hashlib
import logging
import mimetypes
from dataclasses import dataclass

import nh3
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Article, ArticleQuerySet, Photo
from articles.public.tags import published_tags
from articles.site.config import site_settings

logger = logging.getLogger(__name__)

ITEM_COUNT = 20
# Without a summary, the description is the start of the body, this many words, with
# only paragraphs and emphasis: the body's links and images are relative to our site.
EXCERPT_WORDS = 60
EXCERPT_TAGS = {"p", "br", "strong", "b", "em", "i"}
# A stored photo never changes under its name (uploads get a fresh name), so its size
# can be remembered; the timeout only bounds what a file deleted by hand leaves behind.
PHOTO_SIZE_SECONDS = 60 * 60 * 24 * 7


@dataclass(frozen=True)
class FeedScope:
    """What one feed request is about: the request (for absolute URLs) and the tag, if any.

    ``Feed`` instances live in the URLconf and are shared by every request, so anything
    request-specific travels in this object rather than on ``self``.
    """

    request: HttpRequest
    tag: Tag | None = None


class LatestArticlesFeed(Feed):
    """The newest published releases, with summary, credits, tags and photo."""

    language = "id"

    def get_object(self, request: HttpRequest) -> FeedScope:
        return FeedScope(request=request)

    def title(self, scope: FeedScope) -> str:
        return site_settings().site_name

    def description(self, scope: FeedScope) -> str:
        return _("Siaran pers terbaru dari %(office)s") % {"office": site_settings().office_name}

    def link(self, scope: FeedScope) -> str:
        return reverse("articles:home")

    def articles(self, scope: FeedScope) -> ArticleQuerySet:
        return Article.objects.for_public_pages()

    def items(self, scope: FeedScope) -> list[Article]:
        articles = list(self.articles(scope)[:ITEM_COUNT])
        _attach_feed_fields(articles, scope.request)
        return articles

    def item_title(self, article: Article) -> str:
        # Plain text, escaped once by the XML writer (the RSS Best Practices Profile);
        # Django's default would escape it twice.
        return article.title

    def item_description(self, article: Article) -> str:
        """HTML: the whole summary, or the start of the body when there is none."""
        if article.summary.strip():
            return linebreaks(article.summary, autoescape=True)
        excerpt = Truncator(article.body_html()).words(EXCERPT_WORDS, html=True, truncate=" …")
        return nh3.clean(excerpt, tags=EXCERPT_TAGS, attributes={})

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        # Not written in RSS, but it moves the feed's Last-Modified header on an edit.
        return article.updated_at

    def item_author_name(self, article: Article) -> str | None:
        return article.reporter.name if article.reporter else None

    def item_categories(self, article: Article) -> list[str]:
        return [name for _slug, name in article.public_tags]

    def item_guid(self, article: Article) -> str:
        return article.feed_guid

    def item_guid_is_permalink(self, article: Article) -> bool:
        return False

    def item_enclosures(self, article: Article) -> list[feedgenerator.Enclosure]:
        return article.feed_enclosures


class TagArticlesFeed(LatestArticlesFeed):
    """The newest published releases with one tag. A tag that no published release
    carries is a 404, as its page is."""

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        return FeedScope(request=request, tag=get_object_or_404(published_tags(), slug=slug))

    def title(self, scope: FeedScope) -> str:
        return f"{site_settings().site_name}: {scope.tag.name}"

    def description(self, scope: FeedScope) -> str:
        return _("Siaran pers dengan tag %(tag)s dari %(office)s") % {
            "tag": scope.tag.name,
            "office": site_settings().office_name,
        }

    def link(self, scope: FeedScope) -> str:
        return reverse("articles:tag", args=[scope.tag.slug])

    def articles(self, scope: FeedScope) -> ArticleQuerySet:
        return Article.objects.for_public_pages().filter(tags=scope.tag)


def _attach_feed_fields(articles: list[Article], request: HttpRequest) -> None:
    """Give each article its ``feed_guid`` and ``feed_enclosures`` (the featured photo,
    with an absolute URL, MIME type and size in bytes) for this request."""
    host, _port = split_domain_port(request.get_host())
    files = {article.pk: _photo_file(article) for article in articles}
    sizes = photo_sizes([file.name for file in files.values() if file])
    for article in articles:
        # A tag URI (RFC 4151) on the primary key: editing the slug or re-publishing
        # on another day changes the link but never makes a reader show the item again.
        article.feed_guid = f"tag:{host},{article.created_at:%Y-%m-%d}:berita/{article.pk}"
        file = files[article.pk]
        size = sizes.get(file.name) if file else None
        article.feed_enclosures = (
            [
                feedgenerator.Enclosure(
                    url=request.build_absolute_uri(file.url),
                    length=str(size),
                    mime_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream",
                )
            ]
            if size is not None
            else []
        )


def _photo_file(article: Article):
    photo = article.featured_photo if article.featured_photo_id else None
    return photo.image if photo and photo.image else None


def photo_sizes(names: list[str]) -> dict[str, int]:
    """The size in bytes of each stored photo in ``names``, from the cache where known
    (one round trip for all), else from the storage. A missing file has no entry."""
    storage = Photo._meta.get_field("image").storage
    keys = {_size_key(name): name for name in names}
    sizes = {keys[key]: size for key, size in cache.get_many(keys).items()}
    found = {}
    for name in set(names) - sizes.keys():
        try:
            found[name] = storage.size(name)
        except FileNotFoundError:
            logger.warning("Photo %s is missing from storage; the feed omits its enclosure.", name)
    if found:
        cache.set_many({_size_key(name): size for name, size in found.items()}, PHOTO_SIZE_SECONDS)
    return sizes | found


def _size_key(name: str) -> str:
    return "articles:photo-size:" + hashlib.sha256(name.encode()).hexdigest()
