"""RSS 2.0 feeds: the newest releases, and the newest releases with one tag.

Both list only ``Article.objects.published()`` (through ``for_public_pages()``, which
also loads the credits and tags in the same query), newest first.

Media centers republish from the feed, so each item carries the whole body as
``content:encoded`` (its own links and images made absolute) and the featured photo as
the 960 px JPEG rendition pages fall back on, both as the ``enclosure`` and as
``media:content`` with its size: never the original upload, which may be many megabytes.
"""

import hashlib
import logging
import re
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
from articles.photos import services as photos
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
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
# A site-relative address in the sanitised body (the sanitiser writes attributes in
# double quotes); "//host/..." is already absolute.
_SITE_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


class MediaCenterFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the content and Media RSS namespaces: ``content:encoded`` for the
    whole body, ``media:content`` for the photo."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_encoded"):
            handler.addQuickElement("content:encoded", item["content_encoded"])
        image = item.get("media_image")
        if image is not None:
            handler.addQuickElement(
                "media:content",
                attrs={
                    "url": image["url"],
                    "type": image["type"],
                    "medium": "image",
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )


@dataclass(frozen=True)
class FeedScope:
    """What one feed request is about: the request (for absolute URLs) and the tag, if any.

    ``Feed`` instances live in the URLconf and are shared by every request, so anything
    request-specific travels in this object rather than on ``self``.
    """

    request: HttpRequest
    tag: Tag | None = None


@dataclass(frozen=True)
class FeedItem:
    """One article in one feed response, with what its item needs beyond the article:
    the request (host for the guid, absolute URLs), and its photo's image file (the 960 px
    rendition) and that file's size in bytes (both None without a photo, the size None
    when the file is missing)."""

    article: Article
    request: HttpRequest
    image: photos.StoredImage | None = None
    photo_size: int | None = None


class LatestArticlesFeed(Feed):
    """The newest published releases, with summary, credits, tags and photo."""

    language = "id"
    feed_type = MediaCenterFeed

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

    def items(self, scope: FeedScope) -> list[FeedItem]:
        files = [(article, _image(article)) for article in self.articles(scope)[:ITEM_COUNT]]
        # One cache round trip for every photo's size, rather than one per item.
        sizes = photo_sizes([image.name for _article, image in files if image])
        return [
            FeedItem(
                article=article,
                request=scope.request,
                image=image,
                photo_size=sizes.get(image.name) if image else None,
            )
            for article, image in files
        ]

    def item_link(self, item: FeedItem) -> str:
        return item.article.get_absolute_url()

    def item_title(self, item: FeedItem) -> str:
        # Plain text, escaped once by the XML writer (the RSS Best Practices Profile);
        # Django's default would escape it twice.
        return item.article.title

    def item_description(self, item: FeedItem) -> str:
        """HTML: the whole summary, or the start of the body when there is none."""
        article = item.article
        if article.summary.strip():
            return linebreaks(article.summary, autoescape=True)
        excerpt = Truncator(article.body_html()).words(EXCERPT_WORDS, html=True, truncate=" …")
        return nh3.clean(excerpt, tags=EXCERPT_TAGS, attributes={})

    def item_extra_kwargs(self, item: FeedItem) -> dict:
        """The whole body for ``content:encoded``, and the photo for ``media:content``."""
        absolute = item.request.build_absolute_uri
        body = _SITE_RELATIVE.sub(
            lambda match: f'{match[1]}{absolute(match[2])}"', item.article.body_html()
        )
        media_image = None
        if item.image is not None and item.photo_size is not None:
            media_image = {
                "url": absolute(item.image.url),
                "type": item.image.content_type,
                "width": item.image.width,
                "height": item.image.height,
            }
        return {"content_encoded": body, "media_image": media_image}

    def item_pubdate(self, item: FeedItem):
        return item.article.published_at

    def item_updateddate(self, item: FeedItem):
        # Not written in RSS, but it moves the feed's Last-Modified header on an edit.
        return item.article.updated_at

    def item_author_name(self, item: FeedItem) -> str | None:
        reporter = item.article.reporter
        return reporter.name if reporter else None

    def item_categories(self, item: FeedItem) -> list[str]:
        return [name for _slug, name in item.article.public_tags]

    def item_guid(self, item: FeedItem) -> str:
        # A tag URI (RFC 4151) on the primary key: editing the slug or re-publishing
        # on another day changes the link but never makes a reader show the item again.
        host, _port = split_domain_port(item.request.get_host())
        article = item.article
        return f"tag:{host},{article.created_at:%Y-%m-%d}:berita/{article.pk}"

    def item_guid_is_permalink(self, item: FeedItem) -> bool:
        return False

    def item_enclosures(self, item: FeedItem) -> list[feedgenerator.Enclosure]:
        """The featured photo's 960 px rendition, with an absolute URL, MIME type and
        size; none when the article has no photo or the file is missing."""
        image = item.image
        if image is None or item.photo_size is None:
            return []
        return [
            feedgenerator.Enclosure(
                url=item.request.build_absolute_uri(image.url),
                length=str(item.photo_size),
                mime_type=image.content_type,
            )
        ]


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


def _image(article: Article) -> photos.StoredImage | None:
    photo = article.featured_photo if article.featured_photo_id else None
    return photos.fallback_image(photo) if photo and photo.image else None


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
