"""RSS feeds, the latest and each tag's: valid RSS 2.0, exactly the published articles in
the right order, with absolute URLs on the request's host. What they never list is in
test_nothing_unpublished_leaks.py."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory, PhotoFactory, jpeg_bytes
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


def wide_photo_release(title: str, **fields):
    """A release whose featured photo is 2000 px wide, so it has a 960 px rendition."""
    photo = PhotoFactory(image=ContentFile(jpeg_bytes(2000, 1200), name="lebar.jpg"))
    return release(title, hours_ago=1, featured_photo=photo, **fields)


def rendition_file(url: str) -> Path:
    """The stored file of a rendition served at ``url`` (an absolute media URL)."""
    path = urlsplit(url).path.removeprefix(django_settings.MEDIA_URL)
    return Path(django_settings.MEDIA_ROOT) / path


class TestEnclosure:
    def test_photo_is_the_960px_rendition_with_absolute_url_type_and_length(self, client):
        article = wide_photo_release("Berfoto")
        enclosure = feed_items(client, reverse("articles:feed"))[0].find("enclosure")
        url = enclosure.get("url")
        assert url.startswith("http://testserver/media/photos/renditions/")
        assert url.endswith("/w960.jpg")
        assert url != absolute(article.featured_photo.image.url)  # never the original upload
        assert enclosure.get("type") == "image/jpeg"
        assert enclosure.get("length") == str(rendition_file(url).stat().st_size)
        assert int(enclosure.get("length")) > 0

    def test_media_content_names_the_same_rendition_with_its_size(self, client):
        wide_photo_release("Berfoto")
        item = feed_items(client, reverse("articles:feed"))[0]
        media = item.find("media:content", NS)
        assert media.get("url") == item.find("enclosure").get("url")
        assert media.attrib | {"url": ""} == {
            "url": "",
            "type": "image/jpeg",
            "medium": "image",
            "width": "960",
            "height": "576",
        }

    def test_a_photo_narrower_than_960px_gives_its_own_width(self, client):
        release("Berfoto kecil", hours_ago=1, with_photo=True)  # the factory's 800 px photo
        media = feed_items(client, reverse("articles:feed"))[0].find("media:content", NS)
        assert media.get("url").endswith("/w800.jpg")
        assert media.get("width") == "800"

    def test_enclosure_url_uses_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        wide_photo_release("Berfoto")
        root = get_xml(
            client, reverse("articles:feed"), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        enclosure = root.find("./channel/item/enclosure")
        assert enclosure.get("url").startswith("https://berita.bengkaliskab.go.id/media/")

    def test_article_without_photo_has_no_enclosure(self, client):
        release("Tanpa foto", hours_ago=1)
        item = feed_items(client, reverse("articles:feed"))[0]
        assert item.find("enclosure") is None
        assert item.find("media:content", NS) is None

    def test_photo_sizes_are_remembered_so_the_feed_does_not_stat_every_file(self, client):
        wide_photo_release("Berfoto")
        url = feed_items(client, reverse("articles:feed"))[0].find("enclosure").get("url")
        size = str(rendition_file(url).stat().st_size)
        rendition_file(url).unlink()  # a second request never looks at the file
        enclosure = feed_items(client, reverse("articles:feed"))[0].find("enclosure")
        assert enclosure.get("length") == size

    def test_a_photo_missing_from_storage_drops_only_its_enclosure(self, client):
        release("Foto hilang", hours_ago=1, with_photo=True)
        other = PhotoFactory(image=ContentFile(jpeg_bytes(colour="#aa3300"), name="lain.jpg"))
        release("Foto ada", hours_ago=2, featured_photo=other)  # its own renditions
        url = feed_items(client, reverse("articles:feed"))[0].find("enclosure").get("url")
        cache.clear()
        rendition_file(url).unlink()
        items = feed_items(client, reverse("articles:feed"))
        assert [item.find("enclosure") is None for item in items] == [True, False]
        assert [item.find("media:content", NS) is None for item in items] == [True, False]


class TestFullBody:
    def test_content_namespace_is_declared_and_the_whole_body_is_content_encoded(self, client):
        release(
            "Berita lengkap",
            hours_ago=1,
            summary="Ringkas.",
            body="<p>Paragraf satu &amp; dua.</p><p>Paragraf <strong>kedua</strong>.</p>",
        )
        response = client.get(reverse("articles:feed"))
        assert b'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in response.content
        item = parse_xml(response.content).find("./channel/item")
        assert item.findtext("content:encoded", namespaces=NS) == (
            '<p><span class="dateline">BENGKALIS, PROKOPIM - </span>Paragraf satu &amp; dua.</p>'
            "<p>Paragraf <strong>kedua</strong>.</p>"
        )
        assert item.findtext("description") == "<p>Ringkas.</p>"

    def test_the_bodys_own_links_and_images_become_absolute(self, client):
        body = (
            '<p><a href="/berita/">Berita lain</a> <a href="https://contoh.id/x">luar</a></p>'
            '<p><img src="/media/photos/originals/2024/05/foto.jpg" alt="Foto"></p>'
        )
        release("Berita bertaut", hours_ago=1, body=body)
        item = feed_items(client, reverse("articles:feed"))[0]
        encoded = item.findtext("content:encoded", namespaces=NS)
        assert 'href="http://testserver/berita/"' in encoded
        assert 'href="https://contoh.id/x"' in encoded
        assert 'src="http://testserver/media/photos/originals/2024/05/foto.jpg"' in encoded


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
