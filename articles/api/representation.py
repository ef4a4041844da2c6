"""Press releases as the content API shows them: plain data, every address absolute.

Works on articles loaded with ``Article.objects.for_api()``: nothing here queries
(except ``view_count`` with pending reads, one Redis round trip, for the detail)."""

import functools
from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from articles.models import Article, Person, Photo, Section
from articles.models.shortlinks import short_path
from articles.photos import services as photos
from articles.reads import counting
from articles.richtext.sanitizer import plain_text, sanitize_html

Absolute = Callable[[str], str]


def page_of(name: str, slug: str) -> str:
    """``reverse(name, args=[slug])``, remembered: a page of twenty releases names two
    hundred tag and person pages, and reversing each took a fifth of its time."""
    return _page_of(name, slug, get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _page_of(name: str, slug: str, script_prefix: str) -> str:
    return reverse(name, args=[slug])


def changed_at(article: Article) -> datetime:
    """The last change a reader can see: a scheduled release is saved before it goes
    out, so it counts as changed when it is published."""
    return max(article.updated_at, article.published_at)


def article_data(article: Article, request: HttpRequest, *, pending_reads: bool) -> dict:
    """``article`` as the ``Article`` schema has it. ``pending_reads``: add the reads
    buffered in Redis to the stored count (one round trip; the detail does)."""
    absolute = request.build_absolute_uri
    corrections = [
        {"note": event.note, "corrected_at": timezone.localtime(event.created_at)}
        for event in article.api_corrections
    ]
    body = sanitize_html(article.body, absolute=absolute)
    return {
        "id": article.pk,
        "url": absolute(article.get_absolute_url()),
        "short_url": absolute(short_path(article.pk)),
        "title": article.title,
        "kicker": article.kicker,
        "summary": article.summary,
        "body_html": body,
        "body_text": plain_text(body),
        "dateline": article.dateline,
        "source": article.source,
        "published_at": timezone.localtime(article.published_at),
        "updated_at": timezone.localtime(changed_at(article)),
        "credits": credits(article, absolute),
        "section": section_data(article.section, absolute) if article.section else None,
        "tags": [
            {"slug": slug, "name": name, "url": absolute(page_of("articles:tag", slug))}
            for slug, name in article.public_tags
        ],
        "photo": photo_data(article.featured_photo, absolute) if article.featured_photo else None,
        "gallery": [photo_data(item.photo, absolute) for item in article.api_gallery],
        "view_count": (counting.displayed_count(article) if pending_reads else article.view_count),
        "correction": corrections[-1] if corrections else None,
        "corrections": corrections,
    }


def credits(article: Article, absolute: Absolute) -> dict:
    """The editor, reporter and photographer, each with their page, or None. A featured
    photo from outside the newsroom credits its source, which has no page."""
    photographer = article.photographer
    if photographer is None and article.featured_photo and article.featured_photo.source:
        source = {"name": article.featured_photo.source, "url": None}
    else:
        source = _person(photographer, absolute)
    return {
        "editor": _person(article.editor, absolute),
        "reporter": _person(article.reporter, absolute),
        "photographer": source,
    }


def _person(person: Person | None, absolute: Absolute) -> dict | None:
    if person is None:
        return None
    return {"name": person.name, "url": absolute(page_of("articles:person", person.slug))}


def section_data(section: Section, absolute: Absolute) -> dict:
    return {
        "slug": section.slug,
        "name": section.name,
        "description": section.description,
        "url": absolute(section.get_absolute_url()),
    }


def tag_data(tag, absolute: Absolute) -> dict:
    """A tag annotated with ``article_count`` (``published_tags()``)."""
    return {
        "slug": tag.slug,
        "name": tag.name,
        "url": absolute(page_of("articles:tag", tag.slug)),
        "article_count": tag.article_count,
    }


def photo_data(photo: Photo, absolute: Absolute) -> dict:
    """The photo as pages show it: its renditions (never more than pages expose: the
    cleaned upload only before its renditions exist), caption, credit and alt text."""
    picture = photos.picture(photo)
    renditions = sorted(
        [
            *({"url": absolute(s.url), "width": s.width, "format": "webp"} for s in picture.webp),
            *({"url": absolute(s.url), "width": s.width, "format": "jpeg"} for s in picture.jpeg),
        ],
        key=lambda rendition: (rendition["width"], rendition["format"]),
    )
    return {
        "url": absolute(picture.src),
        "width": photo.width,
        "height": photo.height,
        "caption": photo.caption,
        "credit": photo.credit,
        "alt": photo.alt_text,
        "renditions": renditions,
    }
