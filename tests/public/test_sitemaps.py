"""Sitemaps (the index, each section and the Google News sitemap) and robots.txt: valid
XML, exactly the published articles in the right order, absolute URLs on the request's
host. What they never list is in test_nothing_unpublished_leaks.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import SectionFactory
from tests.public.pages import NS, SITEMAP_NS, absolute, get_xml, release, section_url, sitemap_locs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NOW = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB


class TestSitemapIndex:
    def test_index_lists_every_section_and_the_news_sitemap(self, client):
        release("Terbit", hours_ago=1)
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
        release("Terbit", hours_ago=1)
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
        older = release("Lama", hours_ago=30)
        newest = release("Baru", hours_ago=1)
        middle = release("Tengah", hours_ago=5)
        assert sitemap_locs(client, section_url("berita")) == [
            absolute(article.get_absolute_url()) for article in (newest, middle, older)
        ]

    def test_article_lastmod_is_its_last_edit_in_wib(self, client, clock):
        article = release("Diedit", hours_ago=30)
        clock.move_to(NOW + timedelta(minutes=5, seconds=7, microseconds=120))
        article.title = "Diedit lagi"
        article.save()
        root = get_xml(client, section_url("berita"))
        assert root.findtext("./sm:url/sm:lastmod", namespaces=NS) == "2024-05-02T10:05:07+07:00"

    def test_article_urls_use_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        article = release("Terbit", hours_ago=1)
        root = get_xml(
            client, section_url("berita"), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        assert root.findtext("./sm:url/sm:loc", namespaces=NS) == (
            f"https://berita.bengkaliskab.go.id{article.get_absolute_url()}"
        )

    def test_static_sitemap_lists_home_all_news_and_the_archive(self, client):
        assert sitemap_locs(client, section_url("halaman")) == [
            absolute(reverse("articles:home")),
            absolute(reverse("articles:article_list")),
            absolute(reverse("articles:archive_index")),
        ]

    def test_section_sitemap_lists_sections_with_published_articles_in_menu_order(self, client):
        health = SectionFactory(name="Kesehatan", position=2)
        government = SectionFactory(name="Pemerintahan", position=1)
        SectionFactory(name="Kosong", position=0)
        release("Sehat", hours_ago=1, section=health)
        release("Rapat", hours_ago=2, section=government)
        assert sitemap_locs(client, section_url("rubrik")) == [
            absolute(government.get_absolute_url()),
            absolute(health.get_absolute_url()),
        ]

    def test_tag_sitemap_lists_tags_of_published_articles_by_name(self, client):
        release("Satu", hours_ago=1, tags=["Pendidikan", "Banjir"])
        release("Dua", hours_ago=2, tags=["banjir"])
        assert sitemap_locs(client, section_url("tag")) == [
            absolute(reverse("articles:tag", args=["banjir"])),
            absolute(reverse("articles:tag", args=["pendidikan"])),
        ]


class TestNewsSitemap:
    def test_lists_only_the_last_two_days_newest_first(self, client):
        release("Tiga hari lalu", hours_ago=72)
        release("Lewat dua hari", hours_ago=49)
        almost = release("Hampir dua hari", hours_ago=47)
        fresh = release("Baru", hours_ago=1)
        assert sitemap_locs(client, reverse("sitemap_news")) == [
            absolute(fresh.get_absolute_url()),
            absolute(almost.get_absolute_url()),
        ]

    def test_an_article_leaves_the_news_sitemap_two_days_after_publication(self, client, clock):
        article = release("Berita", hours_ago=1)
        clock.move_to(NOW + timedelta(hours=46, minutes=59))
        assert sitemap_locs(client, reverse("sitemap_news")) == [
            absolute(article.get_absolute_url())
        ]
        clock.move_to(NOW + timedelta(hours=47, minutes=1))
        assert sitemap_locs(client, reverse("sitemap_news")) == []

    def test_entry_has_publication_language_date_and_title(self, client, site_settings):
        release("Bupati & Wakil Tinjau Banjir", hours_ago=1.5)
        root = get_xml(client, reverse("sitemap_news"))
        news = root.find("./sm:url/news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Berita Bengkalis"
        assert news.findtext("news:publication/news:language", namespaces=NS) == "id"
        # 01:30 UTC is 08:30 WIB, written with its offset.
        assert news.findtext("news:publication_date", namespaces=NS) == "2024-05-02T08:30:00+07:00"
        assert news.findtext("news:title", namespaces=NS) == "Bupati & Wakil Tinjau Banjir"

    def test_empty_news_sitemap_is_valid(self, client):
        release("Lama", hours_ago=100)
        root = get_xml(client, reverse("sitemap_news"))
        assert root.tag == f"{{{SITEMAP_NS}}}urlset"
        assert root.findall("sm:url", NS) == []


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


def test_sitemaps_run_a_fixed_number_of_queries(client, django_assert_num_queries, many_articles):
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
