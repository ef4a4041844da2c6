"""The article page: the legacy layout of a release, what surrounds it (tags, section,
"Baca juga", sharing, previous and next), what it never lets through, and its queries.
Its errors are in test_errors.py; what an unpublished article shows is in
test_nothing_unpublished_leaks.py."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.templatetags.static import static
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles.models import shortlinks
from articles.public.caching import content_version
from articles.reads.blocklists import blocklists
from articles.site.config import sections, site_settings
from tests.archive.legacy_samples import SHARED_EXAMPLE, needs_shared_example
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, SectionFactory
from tests.public.pages import Elements, link_texts, links, release, texts

pytestmark = pytest.mark.django_db

NOW = datetime(2023, 6, 20, 5, 0, tzinfo=UTC)  # the clock of TestAroundTheArticle
SEED_TIME = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # stored in UTC: 12:24:37 WIB
SEED_HEADER = "Kamis, 15 Juni 2023 | 12:24:37 WIB | Dibaca : 315 Kali"
SEED_CREDITS = "Editor : Indra - Reporter : Anggri Elsyafiandi - Fotografer : Anggri Elsyafiandi"


@pytest.fixture
def seed_article():
    """The shared example's data (date, read count, credits, dateline), with a body of our own."""
    anggri = PersonFactory(name="Anggri Elsyafiandi")
    return ArticleFactory(
        with_photo=True,
        title="Bupati Ikuti Rakor Penanganan Pekerja Migran Indonesia Non Prosedural (PMI-NP) "
        "dan Tindak Pidana Perdagangan Orang (TPPO)",
        published_at=SEED_TIME,
        view_count=315,
        editor=PersonFactory(name="Indra"),
        reporter=anggri,
        photographer=anggri,
        dateline="BENGKALIS",
        source="PROKOPIM",
        featured_photo__caption="Peserta rapat koordinasi mengikuti paparan secara daring.",
        body="<p>Rapat koordinasi digelar secara daring.</p><p>Paragraf kedua.</p>",
        tags=["TPPO", "Pekerja Migran"],
    )


def get_page(client, article):
    return client.get(article.get_absolute_url())


class TestLegacyLayout:
    """The page as the legacy site laid it out: header, title, credits, photo, dateline."""

    def test_seed_renders_the_exact_header_and_credits_lines(self, client, seed_article):
        response = get_page(client, seed_article)
        assert texts(response, "article-meta") == [SEED_HEADER]
        assert texts(response, "article-credits") == [SEED_CREDITS]
        assertTemplateUsed(response, "articles/article_detail.html")

    def test_page_parts_come_in_the_legacy_order(self, client, seed_article):
        html = get_page(client, seed_article).content.decode()
        positions = [
            html.index('<p class="article-meta">'),
            html.index('<h1 class="article-title">Bupati Ikuti Rakor'),
            html.index('<p class="article-credits">'),
            html.index('<figure class="article-photo">'),
            html.index("Teks foto: Peserta rapat koordinasi"),
            html.index("BENGKALIS, PROKOPIM - </span>Rapat koordinasi digelar"),
        ]
        assert positions == sorted(positions)

    @needs_shared_example
    def test_header_and_credits_match_the_legacy_text_character_for_character(
        self, client, seed_article
    ):
        lines = [line.strip() for line in SHARED_EXAMPLE.read_text(encoding="utf-8").splitlines()]
        header = lines[0]
        credits = next(line for line in lines if line.startswith("Editor :"))
        response = get_page(client, seed_article)
        assert texts(response, "article-meta") == [header]
        assert texts(response, "article-credits") == [credits]

    def test_utc_time_is_shown_in_wib(self, client):
        article = ArticleFactory(published_at=datetime(2024, 3, 1, 23, 5, 9, tzinfo=UTC))
        meta = texts(get_page(client, article), "article-meta")[0]
        assert meta.startswith("Sabtu, 2 Maret 2024 | 06:05:09 WIB | ")

    def test_large_read_counts_use_indonesian_thousand_separators(self, client):
        article = ArticleFactory(view_count=12345)
        assertContains(get_page(client, article), "Dibaca : 12.345 Kali")

    def test_missing_photographer_drops_only_its_part_of_the_credits(self, client):
        article = ArticleFactory(
            editor=PersonFactory(name="Indra"),
            reporter=PersonFactory(name="Sari"),
            photographer=None,
        )
        response = get_page(client, article)
        assert texts(response, "article-credits") == ["Editor : Indra - Reporter : Sari"]
        assertNotContains(response, "Fotografer :")

    def test_article_without_photo_has_no_empty_figure(self, client):
        assertNotContains(get_page(client, ArticleFactory()), "<figure")


@pytest.mark.usefixtures("clock")
class TestAroundTheArticle:
    def test_shows_its_tags_and_a_link_to_its_section(self, client):
        section = SectionFactory(name="Kesehatan")
        article = release("Posyandu", tags=["Tengkes", "Posyandu"], section=section)
        response = client.get(article.get_absolute_url())
        assert links(response, "article-tags") == [
            ("Posyandu", reverse("articles:tag", args=["posyandu"])),
            ("Tengkes", reverse("articles:tag", args=["tengkes"])),
        ]
        section = ("Kesehatan", reverse("articles:section", args=["kesehatan"]))
        assert links(response, "article-section") == [section]

    def test_read_also_ranks_shared_tags_then_section_then_date_five_at_most(self, client):
        health = SectionFactory(name="Kesehatan")
        article = release("Induk", tags=["gizi", "tengkes", "posyandu"], section=health)
        release("Satu tag, baru", hours_ago=2, tags=["gizi"])
        release("Tiga tag", hours_ago=9, tags=["gizi", "tengkes", "posyandu"])
        release("Satu tag dan rubrik", hours_ago=8, tags=["tengkes"], section=health)
        release("Dua tag", hours_ago=7, tags=["gizi", "posyandu"])
        release("Rubrik saja, baru", hours_ago=3, section=health)
        release("Rubrik saja, lama", hours_ago=4, section=health)
        other = SectionFactory(name="Kebencanaan")
        release("Lain", hours_ago=0.5, tags=["banjir"], section=other)
        response = client.get(article.get_absolute_url())
        assertContains(response, "Baca juga")
        assert link_texts(response, "related") == [
            "Tiga tag", "Dua tag", "Satu tag dan rubrik", "Satu tag, baru", "Rubrik saja, baru",
        ]  # fmt: skip

    def test_share_links_carry_the_absolute_address_and_no_third_party_script(self, client):
        article = release("Bagikan & sebarkan", tags=["umum"])
        address = f"http://testserver{article.get_absolute_url()}"
        response = client.get(article.get_absolute_url())
        shared = dict(links(response, "share"))
        short_address = f"http://testserver{shortlinks.short_path(article.pk)}"
        for name, host, parameter, shared_address in [
            ("Bagikan ke WhatsApp", "wa.me", "text", short_address),  # the short link
            ("Facebook", "www.facebook.com", "u", address),
            ("X", "x.com", "url", address),
            ("Telegram", "t.me", "url", address),
        ]:
            href = urlsplit(shared[name])
            assert (href.scheme, href.netloc) == ("https", host), name
            assert "http://testserver" not in shared[name], f"{name}: address not URL-encoded"
            assert shared_address in parse_qs(href.query)[parameter][0], name
        assert shared["Salin tautan"] == address
        scripts = Elements(response, "share").scripts
        assert scripts, "the copy-link script"
        assert all(urlsplit(src).netloc in ("", "testserver") for src in scripts), scripts

    def test_previous_and_next_are_the_neighbouring_published_articles(self, client):
        older = release("Sebelumnya", hours_ago=3)
        article = release("Tengah", hours_ago=2)
        newer = release("Sesudahnya", hours_ago=1)
        response = client.get(article.get_absolute_url())
        assert links(response, "prev")[0][1] == older.get_absolute_url()
        assert links(response, "next")[0][1] == newer.get_absolute_url()
        oldest = client.get(older.get_absolute_url())
        assert links(oldest, "prev") == []
        assert links(oldest, "next")[0][1] == article.get_absolute_url()

    def test_has_a_print_stylesheet(self, client):
        response = client.get(release("Cetak").get_absolute_url())
        assertContains(response, static("css/site.css"))
        with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
            assert "@media print" in stylesheet.read()


def test_script_in_the_body_never_reaches_the_page(client):
    article = ArticleFactory(
        body="<p>Isi</p><script>alert('x')</script><img src=x onerror=alert(1)>"
    )
    response = get_page(client, article)
    assertNotContains(response, "alert(")
    assertNotContains(response, "onerror")


def test_scheduled_article_appears_once_its_time_passes(client):
    now = datetime(2024, 5, 2, 2, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        article = ArticleFactory(title="Terjadwal", published_at=now + timedelta(minutes=30))
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(now + timedelta(minutes=30), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assertContains(client.get(reverse("articles:home")), "Terjadwal")


@pytest.mark.parametrize(
    "tag_count, gallery_size, page_queries", [(1, 0, 4), (10, 0, 4), (1, 1, 5), (3, 8, 5)]
)
def test_a_cold_article_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, tag_count, gallery_size, page_queries
):
    article = ArticleFactory(with_photo=True, tags=[f"tag-{i}" for i in range(tag_count)])
    for position in range(gallery_size):
        article.gallery_items.create(photo=PhotoFactory(), position=position)
    cache.clear()
    site_settings(), sections(), content_version(), blocklists()  # cached on a running site
    # Not yet cached, the page costs: the article with its credits, featured photo and
    # whether it has a gallery or corrections (one query); its tags (one); the gallery
    # with its photographers (one whatever its size, none without one); "Baca juga"
    # (one); the previous and the next article (one). Then the read is counted: one
    # statement on PostgreSQL; on SQLite, whether the visitor's mark is open, the
    # source's reads this hour, the mark, the counter and the day's tally.
    counting = 1 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(page_queries + counting):
        response = get_page(client, article)
    assert response.status_code == 200
