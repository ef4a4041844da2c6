"""RSS feeds, sitemaps (with the Google News sitemap) and robots.txt: valid XML, exactly
the published articles in the right order, absolute URLs on the request's host."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section, SiteSettings
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
DC_NS = "http://purl.org/dc/elements/1.1/"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS, "dc": DC_NS}


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site_settings():
    return SiteSettings.objects.create(
        site_name="Berita Bengkalis", office_name="Bagian Prokopim Setda Kabupaten Bengkalis"
    )


def absolute(path: str) -> str:
    return f"http://testserver{path}"


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
    return reverse("sitemap_section", kwargs={"section": section})


def sitemap_locs(client, url: str) -> list[str]:
    return [loc.text for loc in get_xml(client, url).findall("./sm:url/sm:loc", NS)]


def published(title: str, hours_ago: float, **kwargs) -> Article:
    return ArticleFactory(title=title, published_at=NOW - timedelta(hours=hours_ago), **kwargs)


@pytest.fixture
def visible_and_hidden():
    """One published article, and one of every kind the public must not see, all recent,
    all sharing the tag "umum"; the hidden ones alone carry the tag "rahasia" and the
    section "Rahasia"."""
    secret = Section.objects.create(name="Rahasia", slug="rahasia")
    visible = published("Sudah terbit", 1, tags=["umum"])
    hidden_kinds = {
        "draft": {"status": Article.Status.DRAFT, "published_at": None},
        "review": {"status": Article.Status.REVIEW, "published_at": None},
        "scheduled": {"status": Article.Status.PUBLISHED, "published_at": NOW + timedelta(hours=1)},
        "withdrawn": {"status": Article.Status.WITHDRAWN, "published_at": NOW - timedelta(hours=2)},
    }
    hidden = [
        ArticleFactory(title=f"Rahasia {kind}", section=secret, tags=["umum", "rahasia"], **fields)
        for kind, fields in hidden_kinds.items()
    ]
    return visible, hidden


def assert_only_visible(found: list[str], visible: str, hidden: list[str]) -> None:
    assert visible in found
    assert not set(hidden) & set(found), set(hidden) & set(found)


class TestLatestFeed:
    def test_lists_the_twenty_newest_published_articles_newest_first(self, client):
        # 21 articles created in no particular order: the oldest (55 hours) is left out
        ages = [5, 1, 30, 3, 2, 8, 13, 21, 34, 55, 4, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17]
        for hours_ago in ages:
            published(f"Berita {hours_ago:02d} jam lalu", hours_ago)
        newest = sorted(ages)[:20]
        assert feed_titles(client, reverse("articles:feed")) == [
            f"Berita {hours_ago:02d} jam lalu" for hours_ago in newest
        ]

    def test_channel_describes_the_site_in_indonesian(self, client, site_settings):
        channel = get_xml(client, reverse("articles:feed")).find("channel")
        assert channel.findtext("title") == "Berita Bengkalis"
        assert "Bagian Prokopim Setda Kabupaten Bengkalis" in channel.findtext("description")
        assert channel.findtext("link") == absolute(reverse("articles:home"))
        assert channel.findtext("language") == "id"

    def test_rss_content_type(self, client):
        response = client.get(reverse("articles:feed"))
        assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
        assert parse_xml(response.content).get("version") == "2.0"

    def test_item_carries_link_summary_date_author_tags_and_guid(self, client):
        article = published(
            "Bupati & Wakil Tinjau Banjir",
            1,
            summary="Bupati meninjau banjir.\n\nWarga dievakuasi <segera>.",
            reporter=PersonFactory(name="Sari Wulandari"),
            tags=["Banjir", "Bencana Alam"],
        )
        item = feed_items(client, reverse("articles:feed"))[0]
        assert item.findtext("title") == "Bupati & Wakil Tinjau Banjir"
        assert item.findtext("link") == absolute(article.get_absolute_url())
        # The whole summary, as HTML (escaped once for HTML, once more for XML).
        assert item.findtext("description") == (
            "<p>Bupati meninjau banjir.</p>\n\n<p>Warga dievakuasi &lt;segera&gt;.</p>"
        )
        assert parsedate_to_datetime(item.findtext("pubDate")) == article.published_at.replace(
            microsecond=0
        )
        assert item.findtext("dc:creator", namespaces=NS) == "Sari Wulandari"
        assert [category.text for category in item.findall("category")] == [
            "Banjir",
            "Bencana Alam",
        ]
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert (
            guid.text
            == f"tag:testserver,{timezone.localdate(article.created_at)}:berita/{article.pk}"
        )

    def test_guid_stays_when_the_address_changes(self, client):
        article = published("Judul awal", 1)
        before = feed_items(client, reverse("articles:feed"))[0]
        article.slug = "judul-diperbaiki"
        article.save()
        after = feed_items(client, reverse("articles:feed"))[0]
        assert before.findtext("link") != after.findtext("link")
        assert before.findtext("guid") == after.findtext("guid")

    def test_description_without_summary_is_the_start_of_the_body_as_plain_paragraphs(self, client):
        words = " ".join(f"kata{number}" for number in range(3, 200))
        body = f'<p><a href="/tag/umum/">kata0</a> kata1 <strong>kata2</strong></p><p>{words}</p>'
        published("Tanpa ringkasan", 1, summary="", body=body)
        description = feed_items(client, reverse("articles:feed"))[0].findtext("description")
        # The dateline opens it; the body's relative link is left out, its text kept.
        assert description.startswith(
            "<p>BENGKALIS, PROKOPIM - kata0 kata1 <strong>kata2</strong></p><p>kata3 kata4"
        )
        assert "href" not in description
        assert "kata199" not in description
        assert description.endswith("…</p>")

    def test_article_without_reporter_has_no_author(self, client):
        published("Tanpa reporter", 1, reporter=None)
        item = feed_items(client, reverse("articles:feed"))[0]
        assert item.find("dc:creator", NS) is None
        assert item.find("author") is None

    def test_empty_site_gives_an_empty_valid_feed(self, client):
        assert feed_items(client, reverse("articles:feed")) == []

    def test_latest_feed_never_lists_drafts_review_scheduled_or_withdrawn(
        self, client, visible_and_hidden
    ):
        visible, hidden = visible_and_hidden
        found = feed_titles(client, reverse("articles:feed"))
        assert_only_visible(found, visible.title, [article.title for article in hidden])


class TestEnclosure:
    def test_photo_is_an_enclosure_with_absolute_url_type_and_length(self, client):
        article = published("Berfoto", 1, with_photo=True)
        enclosure = feed_items(client, reverse("articles:feed"))[0].find("enclosure")
        assert enclosure.get("url") == absolute(article.featured_photo.image.url)
        assert enclosure.get("type") == "image/jpeg"
        assert enclosure.get("length") == str(
            Path(article.featured_photo.image.path).stat().st_size
        )
        assert int(enclosure.get("length")) > 0

    def test_enclosure_url_uses_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        article = published("Berfoto", 1, with_photo=True)
        root = get_xml(
            client, reverse("articles:feed"), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        enclosure = root.find("./channel/item/enclosure")
        assert (
            enclosure.get("url")
            == f"https://berita.bengkaliskab.go.id{article.featured_photo.image.url}"
        )

    def test_article_without_photo_has_no_enclosure(self, client):
        published("Tanpa foto", 1)
        assert feed_items(client, reverse("articles:feed"))[0].find("enclosure") is None

    def test_photo_sizes_are_remembered_so_the_feed_does_not_stat_every_file(self, client):
        article = published("Berfoto", 1, with_photo=True)
        size = str(article.featured_photo.image.size)
        feed_items(client, reverse("articles:feed"))
        Path(article.featured_photo.image.path).unlink()  # a second request never looks at the file
        enclosure = feed_items(client, reverse("articles:feed"))[0].find("enclosure")
        assert enclosure.get("length") == size

    def test_a_photo_missing_from_storage_drops_only_its_enclosure(self, client):
        article = published("Foto hilang", 1, with_photo=True)
        published("Foto ada", 2, with_photo=True)
        Path(article.featured_photo.image.path).unlink()
        items = feed_items(client, reverse("articles:feed"))
        assert [item.find("enclosure") is None for item in items] == [True, False]


class TestTagFeed:
    def test_lists_only_the_tags_published_articles_newest_first(self, client):
        published("Kesehatan lama", 5, tags=["kesehatan"])
        published("Kesehatan baru", 1, tags=["Kesehatan", "umum"])
        published("Pendidikan", 2, tags=["pendidikan"])
        url = reverse("articles:tag_feed", args=["kesehatan"])
        assert feed_titles(client, url) == ["Kesehatan baru", "Kesehatan lama"]

    def test_channel_names_the_tag_and_links_to_its_page(self, client, site_settings):
        published("Kesehatan", 1, tags=["Kesehatan"])
        channel = get_xml(client, reverse("articles:tag_feed", args=["kesehatan"])).find("channel")
        assert channel.findtext("title") == "Berita Bengkalis: Kesehatan"
        assert channel.findtext("link") == absolute(reverse("articles:tag", args=["kesehatan"]))
        assert channel.findtext("language") == "id"

    def test_at_most_twenty_items(self, client):
        for hours_ago in range(1, 23):
            published(f"Nomor {hours_ago}", hours_ago, tags=["umum"])
        titles = feed_titles(client, reverse("articles:tag_feed", args=["umum"]))
        assert titles == [f"Nomor {hours_ago}" for hours_ago in range(1, 21)]

    def test_unknown_tag_is_404(self, client):
        assert client.get(reverse("articles:tag_feed", args=["tidak-ada"])).status_code == 404

    def test_tag_on_hidden_articles_only_is_404(self, client, visible_and_hidden):
        assert client.get(reverse("articles:tag_feed", args=["rahasia"])).status_code == 404

    def test_tag_feed_never_lists_drafts_review_scheduled_or_withdrawn(
        self, client, visible_and_hidden
    ):
        visible, hidden = visible_and_hidden
        found = feed_titles(client, reverse("articles:tag_feed", args=["umum"]))
        assert_only_visible(found, visible.title, [article.title for article in hidden])


class TestSitemapIndex:
    def test_index_lists_every_section_and_the_news_sitemap(self, client):
        published("Terbit", 1)
        root = get_xml(client, reverse("sitemap"))
        assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
        locs = [loc.text for loc in root.findall("./sm:sitemap/sm:loc", NS)]
        assert locs == [
            absolute(section_url("halaman")),
            absolute(section_url("berita")),
            absolute(section_url("rubrik")),
            absolute(section_url("tag")),
            absolute(reverse("sitemap_news")),
        ]
        # The news section of the index is the Google News sitemap's own address.
        assert section_url("news") == reverse("sitemap_news")

    def test_index_lastmod_of_the_articles_is_the_latest_edit(self, client):
        published("Terbit", 1)
        root = get_xml(client, reverse("sitemap"))
        entry = next(
            sitemap
            for sitemap in root.findall("sm:sitemap", NS)
            if sitemap.findtext("sm:loc", namespaces=NS) == absolute(section_url("berita"))
        )
        assert entry.findtext("sm:lastmod", namespaces=NS) == "2024-05-02T10:00:00+07:00"

    def test_index_uses_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        root = get_xml(
            client, reverse("sitemap"), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        locs = [loc.text for loc in root.findall("./sm:sitemap/sm:loc", NS)]
        assert f"https://berita.bengkaliskab.go.id{section_url('berita')}" in locs

    def test_unknown_section_is_404(self, client):
        assert client.get(section_url("tidak-ada")).status_code == 404


class TestSitemaps:
    def test_article_sitemap_lists_every_published_article_newest_first(self, client):
        older = published("Lama", 30)
        newest = published("Baru", 1)
        middle = published("Tengah", 5)
        assert sitemap_locs(client, section_url("berita")) == [
            absolute(article.get_absolute_url()) for article in (newest, middle, older)
        ]

    def test_article_lastmod_is_its_last_edit_in_wib(self, client, frozen_time):
        article = published("Diedit", 30)
        frozen_time.move_to(NOW + timedelta(minutes=5, seconds=7, microseconds=120))
        article.title = "Diedit lagi"
        article.save()
        root = get_xml(client, section_url("berita"))
        assert root.findtext("./sm:url/sm:lastmod", namespaces=NS) == "2024-05-02T10:05:07+07:00"

    def test_article_urls_use_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        article = published("Terbit", 1)
        root = get_xml(
            client, section_url("berita"), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        assert root.findtext("./sm:url/sm:loc", namespaces=NS) == (
            f"https://berita.bengkaliskab.go.id{article.get_absolute_url()}"
        )

    def test_static_sitemap_lists_home_and_all_news(self, client):
        assert sitemap_locs(client, section_url("halaman")) == [
            absolute(reverse("articles:home")),
            absolute(reverse("articles:article_list")),
        ]

    def test_section_sitemap_lists_sections_with_published_articles_in_menu_order(self, client):
        health = Section.objects.create(name="Kesehatan", slug="kesehatan", position=2)
        government = Section.objects.create(name="Pemerintahan", slug="pemerintahan", position=1)
        Section.objects.create(name="Kosong", slug="kosong", position=0)
        published("Sehat", 1, section=health)
        published("Rapat", 2, section=government)
        assert sitemap_locs(client, section_url("rubrik")) == [
            absolute(government.get_absolute_url()),
            absolute(health.get_absolute_url()),
        ]

    def test_tag_sitemap_lists_tags_of_published_articles_by_name(self, client):
        published("Satu", 1, tags=["Pendidikan", "Banjir"])
        published("Dua", 2, tags=["banjir"])
        assert sitemap_locs(client, section_url("tag")) == [
            absolute(reverse("articles:tag", args=["banjir"])),
            absolute(reverse("articles:tag", args=["pendidikan"])),
        ]

    def test_article_sitemap_never_lists_drafts_review_scheduled_or_withdrawn(
        self, client, visible_and_hidden
    ):
        visible, hidden = visible_and_hidden
        found = sitemap_locs(client, section_url("berita"))
        assert_only_visible(
            found,
            absolute(visible.get_absolute_url()),
            [absolute(article.get_absolute_url()) for article in hidden],
        )

    def test_section_sitemap_leaves_out_sections_with_only_hidden_articles(
        self, client, visible_and_hidden
    ):
        assert sitemap_locs(client, section_url("rubrik")) == []

    def test_tag_sitemap_leaves_out_tags_with_only_hidden_articles(
        self, client, visible_and_hidden
    ):
        assert sitemap_locs(client, section_url("tag")) == [
            absolute(reverse("articles:tag", args=["umum"]))
        ]


class TestNewsSitemap:
    def test_lists_only_the_last_two_days_newest_first(self, client):
        published("Tiga hari lalu", 72)
        published("Lewat dua hari", 49)
        almost = published("Hampir dua hari", 47)
        fresh = published("Baru", 1)
        assert sitemap_locs(client, reverse("sitemap_news")) == [
            absolute(fresh.get_absolute_url()),
            absolute(almost.get_absolute_url()),
        ]

    def test_an_article_leaves_the_news_sitemap_two_days_after_publication(
        self, client, frozen_time
    ):
        article = published("Berita", 1)
        frozen_time.move_to(NOW + timedelta(hours=46, minutes=59))
        assert sitemap_locs(client, reverse("sitemap_news")) == [
            absolute(article.get_absolute_url())
        ]
        frozen_time.move_to(NOW + timedelta(hours=47, minutes=1))
        assert sitemap_locs(client, reverse("sitemap_news")) == []

    def test_entry_has_publication_language_date_and_title(self, client, site_settings):
        published("Bupati & Wakil Tinjau Banjir", 1.5)
        root = get_xml(client, reverse("sitemap_news"))
        news = root.find("./sm:url/news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Berita Bengkalis"
        assert news.findtext("news:publication/news:language", namespaces=NS) == "id"
        # 01:30 UTC is 08:30 WIB, written with its offset.
        assert news.findtext("news:publication_date", namespaces=NS) == "2024-05-02T08:30:00+07:00"
        assert news.findtext("news:title", namespaces=NS) == "Bupati & Wakil Tinjau Banjir"

    def test_empty_news_sitemap_is_valid(self, client):
        published("Lama", 100)
        root = get_xml(client, reverse("sitemap_news"))
        assert root.tag == f"{{{SITEMAP_NS}}}urlset"
        assert root.findall("sm:url", NS) == []

    def test_news_sitemap_never_lists_drafts_review_scheduled_or_withdrawn(
        self, client, visible_and_hidden
    ):
        visible, hidden = visible_and_hidden
        found = sitemap_locs(client, reverse("sitemap_news"))
        assert_only_visible(
            found,
            absolute(visible.get_absolute_url()),
            [absolute(article.get_absolute_url()) for article in hidden],
        )


class TestRobots:
    def test_robots_txt_points_at_the_sitemap_and_keeps_out_admin_and_previews(self, client):
        response = client.get(reverse("robots_txt"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        preview_prefix = reverse("articles:preview_link", args=["token"]).removesuffix("token/")
        assert response.content.decode().splitlines() == [
            "User-agent: *",
            f"Disallow: {reverse('admin:index')}",
            f"Disallow: {preview_prefix}",
            "",
            f"Sitemap: {absolute(reverse('sitemap'))}",
        ]

    def test_sitemap_line_uses_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        response = client.get(
            reverse("robots_txt"), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        assert f"Sitemap: https://berita.bengkaliskab.go.id{reverse('sitemap')}\n" in (
            response.content.decode()
        )


class TestQueryCounts:
    @pytest.fixture(params=[1, 15], ids=["one", "fifteen"])
    def many_articles(self, request):
        section = Section.objects.create(name="Kesehatan", slug="kesehatan")
        for number in range(request.param):
            published(
                f"Nomor {number}",
                number + 1,
                with_photo=True,
                section=section,
                tags=["umum", f"tag-{number}", f"lain-{number}"],
            )

    def test_feeds_run_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, many_articles
    ):
        cache.clear()
        # the site settings (cold cache), the articles with their credits, their tags
        with django_assert_num_queries(3):
            assert client.get(reverse("articles:feed")).status_code == 200
        cache.clear()
        # the tag (with its published-article count), the site settings, the articles,
        # their tags
        with django_assert_num_queries(4):
            assert client.get(reverse("articles:tag_feed", args=["umum"])).status_code == 200

    def test_sitemaps_run_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, many_articles
    ):
        cache.clear()
        # the latest edit and the count for the articles and for the news, the count for
        # the sections and for the tags; then the site settings and the sections (cold cache)
        with django_assert_num_queries(8):
            assert client.get(reverse("sitemap")).status_code == 200
        # each section: the site settings and sections (cold cache), a count, the page
        for url in [
            section_url("berita"),
            section_url("rubrik"),
            section_url("tag"),
            reverse("sitemap_news"),
        ]:
            cache.clear()
            with django_assert_num_queries(4):
                assert client.get(url).status_code == 200
        cache.clear()
        # the static pages: only the site settings and the sections
        with django_assert_num_queries(2):
            assert client.get(section_url("halaman")).status_code == 200
