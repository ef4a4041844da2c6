"""Head metadata for search engines and link previews (WhatsApp, Facebook, X): every
public page has a title, description, canonical URL, OpenGraph and a Twitter card; the
article page adds its photo and JSON-LD ``NewsArticle``."""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles.models import shortlinks
from articles.photos import services as photos
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, SectionFactory, jpeg_bytes
from tests.public.pages import absolute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NOW = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB
PUBLISHED_AT = datetime(2024, 5, 2, 2, 0, tzinfo=UTC)  # 09:00 WIB
WIB = timedelta(hours=7)


@dataclass
class Head:
    """What a page's <head> tells machines."""

    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # by name= or property=
    links: dict[str, str] = field(default_factory=dict)  # by rel=
    jsonld: list[dict] = field(default_factory=list)


class HeadParser(HTMLParser):
    """Collects the <title>, <meta>, <link> and JSON-LD of the <head>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._in_head = False
        self._capture = None  # "title" or "jsonld" while inside one
        self._text = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif not self._in_head:
            return
        elif tag == "meta" and "content" in attributes:
            key = attributes.get("property") or attributes.get("name")
            if key:
                assert key not in self.head.meta, f"<meta> {key} appears twice"
                self.head.meta[key] = attributes["content"]
        elif tag == "link" and attributes.get("rel") not in (None, "alternate", "stylesheet"):
            self.head.links[attributes["rel"]] = attributes.get("href", "")
        elif tag == "title":
            self._capture, self._text = "title", []
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._capture, self._text = "jsonld", []

    def handle_data(self, data):
        if self._capture:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "title" and self._capture == "title":
            self.head.title = "".join(self._text).strip()
            self._capture = None
        elif tag == "script" and self._capture == "jsonld":
            self.head.jsonld.append(json.loads("".join(self._text)))
            self._capture = None


def head_of(response) -> Head:
    parser = HeadParser()
    parser.feed(response.content.decode())
    parser.close()
    return parser.head


@pytest.fixture
def article(site_settings):
    section = SectionFactory(name="Kesehatan", description="Kabar layanan kesehatan daerah.")
    return ArticleFactory(
        with_photo=True,
        title="Bupati Tinjau Posyandu",
        summary="Bupati meninjau posyandu di Bantan.",
        reporter=PersonFactory(name="Sari Wulandari"),
        section=section,
        tags=["Kesehatan Ibu"],
        published_at=PUBLISHED_AT,
    )


# Each page type: the URL to get, the status it answers with, and a word its title has.
PAGE_TYPES = {
    "home": (lambda a: reverse("articles:home"), 200, "Berita Bengkalis"),
    "article": (lambda a: a.get_absolute_url(), 200, "Bupati Tinjau Posyandu"),
    "tag": (lambda a: reverse("articles:tag", args=["kesehatan-ibu"]), 200, "Kesehatan Ibu"),
    "section": (lambda a: a.section.get_absolute_url(), 200, "Kesehatan"),
    "person": (lambda a: a.reporter.get_absolute_url(), 200, "Sari Wulandari"),
    "archive_year": (
        lambda a: reverse("articles:archive_year", kwargs={"year": "2024"}),
        200,
        "2024",
    ),
    "archive_month": (
        lambda a: reverse("articles:archive_month", kwargs={"year": "2024", "month": "05"}),
        200,
        "Mei 2024",
    ),
    "search": (lambda a: reverse("articles:search"), 200, "Cari"),
    "not_found": (lambda a: reverse("articles:tag", args=["tidak-ada"]), 404, "tidak ditemukan"),
}


@pytest.mark.parametrize("page", PAGE_TYPES)
class TestEveryPage:
    def test_has_title_description_and_canonical_url(self, client, article, page):
        url_for, status, title_word = PAGE_TYPES[page]
        url = url_for(article)
        response = client.get(url)
        assert response.status_code == status
        head = head_of(response)
        assert title_word in head.title
        assert head.meta["description"].strip()
        assert head.links["canonical"] == absolute(url)

    def test_has_opengraph_and_a_twitter_card(self, client, article, page):
        url_for, status, _title_word = PAGE_TYPES[page]
        url = url_for(article)
        head = head_of(client.get(url))
        for key in ("og:title", "og:description", "og:type"):
            assert head.meta[key].strip(), key
        assert head.meta["og:url"] == head.links["canonical"]
        assert head.meta["og:type"] == ("article" if page == "article" else "website")
        assert head.meta["og:site_name"] == "Berita Bengkalis"
        assert head.meta["twitter:card"] in ("summary", "summary_large_image")


def og_url(article) -> str:
    """Where the featured photo's 1200x630 link-preview rendition is served."""
    return photos.og_image(article.featured_photo).url


class TestArticlePage:
    def test_preview_shows_the_articles_title_summary_and_photo(self, client, article):
        head = head_of(client.get(article.get_absolute_url()))
        assert head.title == "Bupati Tinjau Posyandu - Berita Bengkalis"
        assert head.meta["description"] == "Bupati meninjau posyandu di Bantan."
        assert head.meta["og:title"] == "Bupati Tinjau Posyandu"
        assert head.meta["og:description"] == "Bupati meninjau posyandu di Bantan."
        assert head.meta["og:image"] == absolute(og_url(article))
        assert head.meta["og:image:alt"] == article.featured_photo.alt_text
        assert head.meta["twitter:card"] == "summary_large_image"

    def test_whatsapp_previews_the_title_and_the_1200x630_rendition(self, client, article):
        head = head_of(client.get(article.get_absolute_url()))
        assert head.meta["og:title"] == article.title
        assert head.meta["og:image"] == absolute(photos.og_image(article.featured_photo).url)
        assert head.meta["og:image"] != absolute(article.featured_photo.image.url)
        assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
        assert head.links["shortlink"] == absolute(f"/s/{shortlinks.short_code(article.pk)}/")

    @pytest.mark.parametrize("size", [(1600, 900), (500, 1000), (300, 200)])
    def test_og_image_is_a_1200x630_crop_whatever_the_photo(self, client, site_settings, size):
        photo = PhotoFactory(image=ContentFile(jpeg_bytes(*size), name="foto.jpg"))
        article = ArticleFactory(published_at=PUBLISHED_AT, featured_photo=photo)
        head = head_of(client.get(article.get_absolute_url()))
        assert head.meta["og:image"] == absolute(og_url(article))
        assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
        path = og_url(article).removeprefix(settings.MEDIA_URL)
        with default_storage.open(path) as stored:
            image = Image.open(stored)
            assert (image.format, image.size) == ("JPEG", (1200, 630))

    def test_og_image_uses_the_requests_scheme_and_host(self, client, article, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        response = client.get(
            article.get_absolute_url(), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        head = head_of(response)
        assert head.meta["og:image"] == f"https://berita.bengkaliskab.go.id{og_url(article)}"
        assert head.links["canonical"] == (
            f"https://berita.bengkaliskab.go.id{article.get_absolute_url()}"
        )

    def test_summary_falls_back_to_the_title(self, client, article):
        article.summary = ""
        article.save()
        head = head_of(client.get(article.get_absolute_url()))
        assert head.meta["description"] == "Bupati Tinjau Posyandu"
        assert head.meta["og:description"] == "Bupati Tinjau Posyandu"

    def test_article_without_photo_has_a_small_card_and_no_og_image(self, client, site_settings):
        article = ArticleFactory(published_at=PUBLISHED_AT)
        head = head_of(client.get(article.get_absolute_url()))
        assert "og:image" not in head.meta
        assert head.meta["twitter:card"] == "summary"


class TestJsonLd:
    def news_article(self, client, article) -> dict:
        head = head_of(client.get(article.get_absolute_url()))
        assert len(head.jsonld) == 1
        return head.jsonld[0]

    def test_news_article_has_headline_dates_author_image_and_publisher(self, client, article):
        data = self.news_article(client, article)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == "Bupati Tinjau Posyandu"
        assert data["mainEntityOfPage"] == absolute(article.get_absolute_url())
        assert data["datePublished"] == "2024-05-02T09:00:00+07:00"
        assert data["dateModified"] == "2024-05-02T10:00:00+07:00"  # saved "now"
        assert data["author"]["@type"] == "Person"
        assert data["author"]["name"] == "Sari Wulandari"
        assert absolute(og_url(article)) in data["image"]
        assert data["publisher"]["@type"] in ("Organization", "GovernmentOrganization")
        assert data["publisher"]["name"] == "Bagian Prokopim Setda Kabupaten Bengkalis"

    def test_dates_carry_the_wib_offset_even_for_a_utc_evening(self, client, site_settings):
        # 20:30 UTC on 1 May is 03:30 WIB on 2 May: the date in the URL and in JSON-LD agree.
        article = ArticleFactory(published_at=datetime(2024, 5, 1, 20, 30, tzinfo=UTC))
        data = self.news_article(client, article)
        for key in ("datePublished", "dateModified"):
            assert datetime.fromisoformat(data[key]).utcoffset() == WIB, key
        assert data["datePublished"] == "2024-05-02T03:30:00+07:00"

    def test_article_without_reporter_is_credited_to_the_office(self, client, site_settings):
        article = ArticleFactory(reporter=None, published_at=PUBLISHED_AT)
        data = self.news_article(client, article)
        assert data["author"]["name"] == "Bagian Prokopim Setda Kabupaten Bengkalis"
        assert data["author"]["@type"] != "Person"

    def test_text_that_looks_like_html_cannot_end_the_script(self, client, site_settings):
        title = "Rapat </script><script>alert(1)</script> & <!-- ulasan"
        article = ArticleFactory(title=title, published_at=PUBLISHED_AT)
        response = client.get(article.get_absolute_url())
        assert b"</script><script>alert(1)" not in response.content
        assert self.news_article(client, article)["headline"] == title

    def test_date_modified_is_never_before_date_published(self, client, article, clock):
        article.published_at = NOW + timedelta(hours=1)  # scheduled, saved now
        article.save()
        clock.move_to(NOW + timedelta(hours=2))
        data = self.news_article(client, article)
        modified, published = (
            datetime.fromisoformat(data[key]) for key in ("dateModified", "datePublished")
        )
        assert modified >= published


class TestSharedLinks:
    """What a link shared on WhatsApp or Facebook previews and points at."""

    def test_tracking_parameters_stay_out_of_the_canonical_url(self, client, article):
        url = reverse("articles:article_list")
        head = head_of(client.get(url, {"utm_source": "whatsapp", "fbclid": "abc"}))
        assert head.links["canonical"] == absolute(url)
        assert head.meta["og:url"] == absolute(url)

    def test_a_shared_tag_page_previews_the_tag_not_the_site(self, client, article):
        head = head_of(client.get(reverse("articles:tag", args=["kesehatan-ibu"])))
        assert "Kesehatan Ibu" in head.meta["og:title"]
        assert "Kesehatan Ibu" in head.meta["og:description"]
