"""Structured data for search engines and link previews, and the page's share links."""

import json
from dataclasses import dataclass
from urllib.parse import quote

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, shortlinks
from articles.photos import images
from articles.photos import services as photos
from articles.site.config import site_settings


@dataclass(frozen=True)
class OpenGraphImage:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class ShareLinks:
    short_url: str  # the absolute /s/<code>/ address: <link rel="shortlink">
    whatsapp_url: str  # wa.me with the title and the short link as the message


WHATSAPP_SHARE = "https://wa.me/?text="


def share_links(article: Article, request) -> ShareLinks:
    """The article's absolute short link, and the WhatsApp share address whose message
    is the title and that short link (percent-encoded whole, so any title is safe)."""
    short_url = request.build_absolute_uri(shortlinks.short_path(article.pk))
    message = f"{article.title}\n{short_url}"
    return ShareLinks(short_url=short_url, whatsapp_url=WHATSAPP_SHARE + quote(message, safe=""))


def iso8601(moment) -> str:
    """``2023-06-15T12:24:37+07:00``: local time, to the second."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def og_image(article: Article, request) -> OpenGraphImage | None:
    """The link preview's picture (WhatsApp, Facebook): the featured photo's 1200x630
    crop around its focal point, or None without one (the site's default then)."""
    if not article.featured_photo_id:
        return None
    preview = photos.og_image(article.featured_photo)
    if preview is None:
        return None
    width, height = images.OG_SIZE
    return OpenGraphImage(url=request.build_absolute_uri(preview.url), width=width, height=height)


def news_article_jsonld(article: Article, request) -> SafeString:
    """JSON-LD ``NewsArticle`` for ``article``, safe to put inside a <script> element."""
    absolute = request.build_absolute_uri
    site = site_settings()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary or article.title,
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "datePublished": iso8601(article.published_at),
        # A scheduled article is last saved before it goes out: never "modified" earlier.
        "dateModified": iso8601(
            max(article.updated_at or article.published_at, article.published_at)
        ),
        "inLanguage": "id",
        "publisher": {"@type": "GovernmentOrganization", "name": site.office_name},
    }
    if site.logo:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": absolute(site.logo.url)}
    if article.reporter:
        data["author"] = {
            "@type": "Person",
            "name": article.reporter.name,
            "url": absolute(article.reporter.get_absolute_url()),
        }
    else:
        data["author"] = {"@type": "GovernmentOrganization", "name": site.office_name}
    if article.featured_photo_id:
        picture = photos.picture(article.featured_photo)
        largest = picture.jpeg[-1].url if picture.jpeg else picture.src
        preview = photos.og_image(article.featured_photo)
        data["image"] = [absolute(largest)] + ([absolute(preview.url)] if preview else [])
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [name for _slug, name in article.public_tags]
    if keywords:
        data["keywords"] = keywords
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the <script> element or open a comment.
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escape)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped
