"""The public site: the article page in the legacy layout, lists, and what stays hidden."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory

pytestmark = pytest.mark.django_db

SEED_TIME = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # stored in UTC: 12:24:37 WIB
SEED_HEADER = "Kamis, 15 Juni 2023 | 12:24:37 WIB | Dibaca : 315 Kali"
SEED_CREDITS = "Editor : Indra - Reporter : Anggri Elsyafiandi - Fotografer : Anggri Elsyafiandi"
LEGACY_FIXTURE = (
    Path(__file__).resolve().parents[3]
    / "shared/fixtures/legacy/bengkalis-2023-06-15-rakor-pmi-np-tppo.txt"
)


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


class TestArticlePage:
    def test_seed_renders_the_exact_header_and_credits_lines(self, client, seed_article):
        response = get_page(client, seed_article)
        assertContains(response, SEED_HEADER)
        assertContains(response, SEED_CREDITS)
        assertTemplateUsed(response, "articles/article_detail.html")

    def test_page_parts_come_in_the_legacy_order(self, client, seed_article):
        html = get_page(client, seed_article).content.decode()
        positions = [
            html.index(SEED_HEADER),
            html.index('<h1 class="article-title">Bupati Ikuti Rakor'),
            html.index(SEED_CREDITS),
            html.index('<figure class="article-photo">'),
            html.index("Teks foto: Peserta rapat koordinasi"),
            html.index("BENGKALIS, PROKOPIM - </span>Rapat koordinasi digelar"),
        ]
        assert positions == sorted(positions)

    @pytest.mark.skipif(not LEGACY_FIXTURE.exists(), reason="shared legacy fixture not present")
    def test_header_and_credits_match_the_legacy_text_character_for_character(
        self, client, seed_article
    ):
        lines = [line.strip() for line in LEGACY_FIXTURE.read_text(encoding="utf-8").splitlines()]
        header = lines[0]
        credits = next(line for line in lines if line.startswith("Editor :"))
        response = get_page(client, seed_article)
        assertContains(response, header)
        assertContains(response, credits)

    def test_utc_time_is_shown_in_wib(self, client):
        article = ArticleFactory(published_at=datetime(2024, 3, 1, 23, 5, 9, tzinfo=UTC))
        assertContains(get_page(client, article), "Sabtu, 2 Maret 2024 | 06:05:09 WIB")

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
        assertContains(response, "Editor : Indra - Reporter : Sari</p>")
        assertNotContains(response, "Fotografer :")

    def test_article_without_photo_has_no_empty_figure(self, client):
        assertNotContains(get_page(client, ArticleFactory()), "<figure")

    def test_tags_link_to_their_pages(self, client, seed_article):
        assertContains(get_page(client, seed_article), reverse("articles:tag", args=["tppo"]))

    def test_script_in_the_body_never_reaches_the_page(self, client):
        article = ArticleFactory(
            body="<p>Isi</p><script>alert('x')</script><img src=x onerror=alert(1)>"
        )
        response = get_page(client, article)
        assertNotContains(response, "alert(")
        assertNotContains(response, "onerror")

    @pytest.mark.parametrize(
        "tag_count, gallery_size, queries", [(1, 0, 12), (10, 0, 12), (1, 1, 13), (3, 8, 13)]
    )
    def test_article_page_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, tag_count, gallery_size, queries
    ):
        article = ArticleFactory(with_photo=True, tags=[f"tag-{i}" for i in range(tag_count)])
        for position in range(gallery_size):
            article.gallery_items.create(photo=PhotoFactory(), position=position)
        cache.clear()
        # With a cold cache: the article with its credits, featured photo and whether it
        # has a gallery (one query); its tags (one); the gallery with its photographers
        # (one query whatever its size, none without a gallery); the previous and the
        # next article (one each); the site settings and the sections (one each);
        # "Baca juga"; then counting the read: the bot rules and blocked networks (one
        # each), the repeat-visitor mark, the counter and the day's tally.
        with django_assert_num_queries(queries):
            response = get_page(client, article)
        assert response.status_code == 200

    def test_wrong_date_in_the_url_is_a_404(self, client, seed_article):
        url = reverse(
            "articles:article_detail",
            kwargs={"year": "2023", "month": "06", "day": "16", "slug": seed_article.slug},
        )
        assert client.get(url).status_code == 404


class TestHiddenArticles:
    @pytest.mark.parametrize(
        "status, offset",
        [
            (Article.Status.DRAFT, -timedelta(hours=1)),
            (Article.Status.REVIEW, -timedelta(hours=1)),
            (Article.Status.PUBLISHED, timedelta(hours=1)),  # scheduled
        ],
        ids=["draft", "review", "scheduled"],
    )
    def test_unpublished_article_is_404_and_absent_from_every_list(self, client, status, offset):
        now = datetime(2024, 5, 2, 2, 0, tzinfo=UTC)
        with time_machine.travel(now, tick=False):
            hidden = ArticleFactory(
                title="Rahasia belum terbit",
                status=status,
                published_at=now + offset,
                tags=["umum"],
            )
            ArticleFactory(title="Sudah terbit", tags=["umum"])
            assert client.get(hidden.get_absolute_url()).status_code == 404
            for url in (reverse("articles:home"), reverse("articles:tag", args=["umum"])):
                response = client.get(url)
                assertContains(response, "Sudah terbit")
                assertNotContains(response, "Rahasia belum terbit")

    def test_scheduled_article_appears_once_its_time_passes(self, client):
        now = datetime(2024, 5, 2, 2, 0, tzinfo=UTC)
        with time_machine.travel(now, tick=False):
            article = ArticleFactory(title="Terjadwal", published_at=now + timedelta(minutes=30))
            assert client.get(article.get_absolute_url()).status_code == 404
        with time_machine.travel(now + timedelta(minutes=30), tick=False):
            assert client.get(article.get_absolute_url()).status_code == 200
            assertContains(client.get(reverse("articles:home")), "Terjadwal")

    def test_tag_used_only_on_drafts_is_404(self, client):
        ArticleFactory(status=Article.Status.DRAFT, published_at=None, tags=["rahasia"])
        assert client.get(reverse("articles:tag", args=["rahasia"])).status_code == 404

    def test_unknown_tag_is_404(self, client):
        assert client.get(reverse("articles:tag", args=["tidak-ada"])).status_code == 404

    def test_404_page_is_friendly_and_in_indonesian(self, client):
        response = client.get("/tidak-ada-halaman-ini/")
        assertContains(response, "Halaman tidak ditemukan", status_code=404)


class TestLists:
    def test_home_lists_published_articles_newest_first(self, client):
        base = datetime(2024, 1, 1, 3, 0, tzinfo=UTC)
        for days, title in [(1, "Kedua"), (3, "Pertama"), (2, "Ketiga")]:
            ArticleFactory(title=f"Berita {title}", published_at=base - timedelta(days=days))
        response = client.get(reverse("articles:home"))
        assert [a.title for a in response.context["articles"]] == [
            "Berita Kedua", "Berita Ketiga", "Berita Pertama",
        ]  # fmt: skip

    def test_home_is_paginated(self, client, settings):
        settings.NEWSROOM_PAGE_SIZE = 2
        base = datetime(2024, 1, 1, 3, 0, tzinfo=UTC)
        for i in range(5):
            ArticleFactory(title=f"Nomor {i}", published_at=base - timedelta(hours=i))
        page2 = client.get(reverse("articles:home"), {"page": 2})
        assert [a.title for a in page2.context["articles"]] == ["Nomor 2", "Nomor 3"]
        assertContains(page2, "Halaman 2 dari 3")

    @pytest.mark.parametrize("page", ["99", "0", "abc", "-1"])
    def test_bad_page_number_is_a_404_not_a_500(self, client, page):
        ArticleFactory()
        assert client.get(reverse("articles:home"), {"page": page}).status_code == 404

    def test_empty_site_says_so(self, client):
        assertContains(client.get(reverse("articles:home")), "Belum ada berita yang terbit.")

    def test_tag_page_lists_only_its_articles_newest_first(self, client):
        base = datetime(2024, 1, 1, 3, 0, tzinfo=UTC)
        ArticleFactory(title="Lama", tags=["kesehatan"], published_at=base - timedelta(days=2))
        ArticleFactory(title="Baru", tags=["Kesehatan"], published_at=base - timedelta(days=1))
        ArticleFactory(title="Lain", tags=["pendidikan"])
        response = client.get(reverse("articles:tag", args=["kesehatan"]))
        assert [a.title for a in response.context["articles"]] == ["Baru", "Lama"]

    @pytest.mark.parametrize("count", [1, 12])
    def test_list_pages_run_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, count
    ):
        for i in range(count):
            ArticleFactory(tags=["umum", f"tag-{i}"], with_photo=True)
        cache.clear()
        # home, cold cache: site settings and sections, content version, count, the page
        # of articles with credits, their tags, most read this week (none yet, so most
        # read overall), popular tags
        with django_assert_num_queries(9):
            assert client.get(reverse("articles:home")).status_code == 200
        # tag page: the tag, an emptiness check (an empty tag page is a 404), count, the
        # page, its tags
        with django_assert_num_queries(5):
            assert client.get(reverse("articles:tag", args=["umum"])).status_code == 200

    def test_a_list_page_seen_before_is_served_from_the_cache(
        self, client, django_assert_num_queries
    ):
        ArticleFactory(title="Dari cache")
        client.get(reverse("articles:home"))
        with django_assert_num_queries(0):
            assertContains(client.get(reverse("articles:home")), "Dari cache")
