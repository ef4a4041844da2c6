"""What the public site serves, for the tests of tests/public: the parts of a page a
reader sees, found by CSS class; the XML machines read (RSS feeds, sitemaps); and the
published articles put on them.

A plain module of helpers (fixtures live in conftest.py); no test module imports another.
"""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.models import Article, DailyViews
from tests.factories import ArticleFactory

# The list pages' size under the ``small_pages`` fixture: a handful of articles fills pages.
PAGE_SIZE = 3


# -- articles ---------------------------------------------------------------------


def release(title: str, *, hours_ago: float = 1, **fields) -> Article:
    """A published article, ``hours_ago`` hours before now."""
    return ArticleFactory(
        title=title, published_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def dated(title: str, *utc: int) -> Article:
    """A published article at a UTC time (year, month, day[, hour, minute])."""
    return ArticleFactory(title=title, published_at=datetime(*utc, tzinfo=UTC))


def reads(article: Article, counted: int, days_ago: int = 0) -> None:
    """``counted`` reads of ``article`` on the day ``days_ago`` days before today (WIB)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    DailyViews.objects.create(article=article, date=day, counted=counted)


# -- the page as a reader sees it ---------------------------------------------------

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Elements(HTMLParser):
    """The elements of a page with one CSS class, each as ``{"text", "links"}`` (links as
    ``(text, href)``), in page order; and the ``src`` of every script of the page."""

    def __init__(self, response, css_class: str):
        super().__init__()
        self.css_class, self.found, self.scripts = css_class, [], []
        self.open, self.link = [], None  # open elements as (tag, found element or None)
        self.feed(response.content.decode())

    def inside(self) -> list[dict]:
        return [element for _tag, element in self.open if element is not None]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "a":
            self.link = [attrs.get("href") or "", ""]
        if tag not in VOID_TAGS:
            wanted = self.css_class in (attrs.get("class") or "").split()
            self.open.append((tag, {"text": "", "links": []} if wanted else None))
            self.found += self.open[-1][1:] if wanted else []

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            for element in self.inside():
                element["links"].append((" ".join(self.link[1].split()), self.link[0]))
            self.link = None
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for element in self.inside():
            element["text"] += data
        if self.link is not None:
            self.link[1] += data


def texts(response, css_class: str) -> list[str]:
    return [" ".join(found["text"].split()) for found in Elements(response, css_class).found]


def links(response, css_class: str) -> list[tuple[str, str]]:
    return [link for found in Elements(response, css_class).found for link in found["links"]]


def link_texts(response, css_class: str) -> list[str]:
    return [text for text, _href in links(response, css_class)]


def card_titles(response) -> list[str]:
    return texts(response, "card-title")


def get(client, name: str, *args, **params):
    """The public page ``articles:<name>`` with URL ``args`` and query ``params``."""
    return client.get(reverse(f"articles:{name}", args=args), params)


def assert_pages(client, name: str, args: tuple, heading: str, titles: list[str]) -> None:
    """The list at ``name`` is headed ``heading`` and shows ``titles`` in that order,
    PAGE_SIZE a page; the page after the last is a 404."""
    pages = [titles[start : start + PAGE_SIZE] for start in range(0, len(titles), PAGE_SIZE)]
    for number, expected in enumerate(pages, start=1):
        response = get(client, name, *args, page=number)
        assert texts(response, "page-title") == [heading]
        assert card_titles(response) == expected, f"page {number}"
        if len(pages) > 1:
            assertContains(response, f"Halaman {number} dari {len(pages)}")
    assert get(client, name, *args, page=len(pages) + 1).status_code == 404


def absolute(path: str) -> str:
    """``path`` as an address on the test client's host."""
    return f"http://testserver{path}"


# -- the XML machines read: RSS feeds and sitemaps --------------------------------------

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS, "dc": DC_NS, "content": CONTENT_NS, "media": MEDIA_NS}


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own output, not untrusted XML


def get_xml(client, url: str, **extra) -> ET.Element:
    response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    return parse_xml(response.content)


def feed_items(client, url: str) -> list[ET.Element]:
    return get_xml(client, url).findall("./channel/item")


def feed_titles(client, url: str) -> list[str]:
    return [item.findtext("title") for item in feed_items(client, url)]


def section_url(section: str) -> str:
    """The address of one section of the sitemap: /sitemap-<section>.xml."""
    return reverse("sitemap_section", kwargs={"section": section})


def sitemap_locs(client, url: str) -> list[str]:
    return [loc.text for loc in get_xml(client, url).findall("./sm:url/sm:loc", NS)]
