"""RSS feeds, the latest and each tag's: valid RSS 2.0, exactly the published articles in
the right order, with absolute URLs on the request's host. What they never list is in
test_nothing_unpublished_leaks.py."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.public.pages import NS, absolute, feed_items, feed_titles, get_xml, parse_xml, release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NOW = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB


class TestLatestFeed:
    def test_lists_the_twenty_newest_published_articles_newest_first(self, client):
        # 21 articles created in no particular order: the oldest (55 hours) is left out
        ages = [5, 1, 30, 3, 2, 8, 13, 21, 34, 55, 4, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17]
        for hours_ago in ages:
            release(f"Berita {hours_ago:02d} jam lalu", hours_ago=hours_ago)
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
        article = release(
            "Bupati & Wakil Tinjau Banjir",
            hours_ago=1,
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
        article = release("Judul awal", hours_ago=1)
        before = feed_items(client, reverse("articles:feed"))[0]
        article.slug = "judul-diperbaiki"
        article.save()
        after = feed_items(client, reverse("articles:feed"))[0]
        assert before.findtext("link") != after.findtext("link")
        assert before.findtext("guid") == after.findtext("guid")

    def test_description_without_summary_is_the_start_of_the_body_as_plain_paragraphs(self, client):
        words = " ".join(f"kata{number}" for number in range(3, 200))
        body = f'<p><a href="/tag/umum/">kata0</a> kata1 <strong>kata2</strong></p><p>{words}</p>'
        release("Tanpa ringkasan", hours_ago=1, summary="", body=body)
        description = feed_items(client, reverse("articles:feed"))[0].findtext("description")
        # The dateline opens it; the body's relative link is left out, its text kept.
        assert description.startswith(
            "<p>BENGKALIS, PROKOPIM - kata0 kata1 <strong>kata2</strong></p><p>kata3 kata4"
        )
        assert "href" not in description
        assert "kata199" not in description
        assert description.endswith("…</p>")

    def test_article_without_reporter_has_no_author(self, client):
        release("Tanpa reporter", hours_ago=1, reporter=None)
        item = feed_items(client, reverse("articles:feed"))[0]
        assert item.find("dc:creator", NS) is None
        assert item.find("author") is None

    def test_empty_site_gives_an_empty_valid_feed(self, client):
        assert feed_items(client, reverse("articles:feed")) == []


class TestEnclosure:
    def test_photo_is_an_enclosure_with_absolute_url_type_and_length(self, client):
        article = release("Berfoto", hours_ago=1, with_photo=True)
        enclosure = feed_items(client, reverse("articles:feed"))[0].find("enclosure")
        assert enclosure.get("url") == absolute(article.featured_photo.image.url)
        assert enclosure.get("type") == "image/jpeg"
        assert enclosure.get("length") == str(
            Path(article.featured_photo.image.path).stat().st_size
        )
        assert int(enclosure.get("length")) > 0

    def test_enclosure_url_uses_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        article = release("Berfoto", hours_ago=1, with_photo=True)
        root = get_xml(
            client, reverse("articles:feed"), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        enclosure = root.find("./channel/item/enclosure")
        assert (
            enclosure.get("url")
            == f"https://berita.bengkaliskab.go.id{article.featured_photo.image.url}"
        )

    def test_article_without_photo_has_no_enclosure(self, client):
        release("Tanpa foto", hours_ago=1)
        assert feed_items(client, reverse("articles:feed"))[0].find("enclosure") is None

    def test_photo_sizes_are_remembered_so_the_feed_does_not_stat_every_file(self, client):
        article = release("Berfoto", hours_ago=1, with_photo=True)
        size = str(article.featured_photo.image.size)
        feed_items(client, reverse("articles:feed"))
        Path(article.featured_photo.image.path).unlink()  # a second request never looks at the file
        enclosure = feed_items(client, reverse("articles:feed"))[0].find("enclosure")
        assert enclosure.get("length") == size

    def test_a_photo_missing_from_storage_drops_only_its_enclosure(self, client):
        article = release("Foto hilang", hours_ago=1, with_photo=True)
        release("Foto ada", hours_ago=2, with_photo=True)
        Path(article.featured_photo.image.path).unlink()
        items = feed_items(client, reverse("articles:feed"))
        assert [item.find("enclosure") is None for item in items] == [True, False]


class TestTagFeed:
    def test_lists_only_the_tags_published_articles_newest_first(self, client):
        release("Kesehatan lama", hours_ago=5, tags=["kesehatan"])
        release("Kesehatan baru", hours_ago=1, tags=["Kesehatan", "umum"])
        release("Pendidikan", hours_ago=2, tags=["pendidikan"])
        url = reverse("articles:tag_feed", args=["kesehatan"])
        assert feed_titles(client, url) == ["Kesehatan baru", "Kesehatan lama"]

    def test_channel_names_the_tag_and_links_to_its_page(self, client, site_settings):
        release("Kesehatan", hours_ago=1, tags=["Kesehatan"])
        channel = get_xml(client, reverse("articles:tag_feed", args=["kesehatan"])).find("channel")
        assert channel.findtext("title") == "Berita Bengkalis: Kesehatan"
        assert channel.findtext("link") == absolute(reverse("articles:tag", args=["kesehatan"]))
        assert channel.findtext("language") == "id"

    def test_at_most_twenty_items(self, client):
        for hours_ago in range(1, 23):
            release(f"Nomor {hours_ago}", hours_ago=hours_ago, tags=["umum"])
        titles = feed_titles(client, reverse("articles:tag_feed", args=["umum"]))
        assert titles == [f"Nomor {hours_ago}" for hours_ago in range(1, 21)]

    def test_unknown_tag_is_404(self, client):
        assert client.get(reverse("articles:tag_feed", args=["tidak-ada"])).status_code == 404


def test_feeds_run_a_fixed_number_of_queries(client, django_assert_num_queries, many_articles):
    cache.clear()
    # the site settings (cold cache), the articles with their credits, their tags
    with django_assert_num_queries(3):
        assert client.get(reverse("articles:feed")).status_code == 200
    cache.clear()
    # the tag (with its published-article count), the site settings, the articles,
    # their tags
    with django_assert_num_queries(4):
        assert client.get(reverse("articles:tag_feed", args=["umum"])).status_code == 200
