"""Search (/cari/): what it finds, in which order, how it highlights, and what it never
shows. Runs on both databases; the full-text tests run on PostgreSQL only. That search
never finds an unpublished article is in test_nothing_unpublished_leaks.py."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles.models import Article
from articles.public import search
from tests.factories import ArticleFactory
from tests.public.pages import texts

pytestmark = pytest.mark.django_db

only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL only"
)
only_on_the_fallback = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="tests the fallback of other databases"
)

BASE = datetime(2024, 5, 1, 3, 0, tzinfo=UTC)


def search_page(client, query, **params):
    return client.get(reverse("articles:search"), {"q": query, **params})


def found(client, query) -> list[str]:
    """Titles on the first results page, in order."""
    return [article.title for article in search_page(client, query).context["articles"]]


def snippet_of(query) -> str:
    articles, _query = search.search(query)
    return str(articles.get().snippet)


class TestFinding:
    def test_finds_an_article_by_a_word_of_its_title(self, client):
        ArticleFactory(title="Bupati resmikan jembatan Siak Kecil")
        ArticleFactory(title="Rapat koordinasi anggaran")
        response = search_page(client, "jembatan")
        assertTemplateUsed(response, "articles/search.html")
        assert [a.title for a in response.context["articles"]] == [
            "Bupati resmikan jembatan Siak Kecil"
        ]
        assertContains(response, "1 berita ditemukan.")

    def test_finds_an_article_by_a_word_of_its_body(self, client):
        ArticleFactory(title="Kunjungan kerja", body="<p>Bupati meninjau pelabuhan Selatbaru.</p>")
        ArticleFactory(title="Lain", body="<p>Rapat anggaran.</p>")
        assert found(client, "pelabuhan") == ["Kunjungan kerja"]

    def test_finds_an_article_by_a_word_of_its_summary(self, client):
        ArticleFactory(title="Kunjungan kerja", summary="Bupati meninjau pelabuhan Selatbaru.")
        ArticleFactory(title="Lain")
        assert found(client, "Selatbaru") == ["Kunjungan kerja"]

    def test_every_word_must_appear(self, client):
        ArticleFactory(title="Banjir rob di pesisir", published_at=BASE)
        ArticleFactory(title="Banjir di pedalaman", published_at=BASE - timedelta(days=1))
        assert found(client, "banjir rob") == ["Banjir rob di pesisir"]
        assert found(client, "banjir") == ["Banjir rob di pesisir", "Banjir di pedalaman"]

    def test_case_does_not_matter(self, client):
        ArticleFactory(title="PELANTIKAN Pejabat Eselon")
        assert found(client, "pelantikan pejabat") == ["PELANTIKAN Pejabat Eselon"]

    def test_a_title_match_ranks_above_a_newer_body_only_match(self, client):
        ArticleFactory(title="Vaksinasi massal di Mandau", published_at=BASE - timedelta(days=30))
        ArticleFactory(
            title="Rapat kesehatan",
            body="<p>Peserta membahas jadwal vaksinasi di sekolah.</p>",
            published_at=BASE,
        )
        assert found(client, "vaksinasi") == ["Vaksinasi massal di Mandau", "Rapat kesehatan"]

    def test_equal_matches_come_newest_first(self, client):
        for days, title in [(3, "Lama"), (1, "Baru"), (2, "Sedang")]:
            ArticleFactory(
                title=title,
                body="<p>Penyaluran bantuan sembako.</p>",
                published_at=BASE - timedelta(days=days),
            )
        assert found(client, "sembako") == ["Baru", "Sedang", "Lama"]

    def test_pekerja_finds_pekerjaan(self, client):
        # On PostgreSQL both stem to "kerja"; the fallback finds it as a part of the word.
        ArticleFactory(title="Bursa kerja", body="<p>Dinas membuka lowongan pekerjaan baru.</p>")
        assert found(client, "pekerja") == ["Bursa kerja"]

    def test_scheduled_article_is_found_once_its_time_passes(self, client):
        ArticleFactory(title="Terjadwal banjir", published_at=BASE + timedelta(minutes=30))
        with time_machine.travel(BASE, tick=False):
            assert found(client, "banjir") == []
        with time_machine.travel(BASE + timedelta(minutes=30), tick=False):
            assert found(client, "banjir") == ["Terjadwal banjir"]


@only_on_postgresql
class TestIndonesianFullText:
    """What the PostgreSQL ``indonesian`` configuration (Snowball stemmer) really does."""

    def test_the_query_uses_the_indonesian_configuration(self, client):
        ArticleFactory(title="Bursa kerja")
        with CaptureQueriesContext(connection) as queries:
            search_page(client, "kerja")
        searches = [q["sql"] for q in queries.captured_queries if "to_tsquery" in q["sql"]]
        assert searches  # the count and the page
        assert all("'indonesian'::regconfig" in sql for sql in searches)
        assert all("websearch_to_tsquery" in sql for sql in searches)

    @pytest.mark.parametrize(
        "query, text",
        [
            ("bekerja", "Dinas membuka lowongan pekerjaan."),  # both become "kerja"
            ("mempekerjakan", "Para pekerja pabrik."),
            ("membangun", "Pembangunan jembatan dimulai."),  # both become "bangun"
            ("kesehatan", "Warga hidup sehat."),  # both become "sehat"
            ("pemerintahan", "Pemerintah daerah menyalurkan bantuan."),  # "perintah"
        ],
    )
    def test_the_stemmer_joins_prefixed_and_suffixed_forms(self, client, query, text):
        # None of these is found by looking for the query inside the text.
        ArticleFactory(title="Kabar hari ini", body=f"<p>{text}</p>")
        assert found(client, query) == ["Kabar hari ini"]

    @pytest.mark.parametrize(
        "query, text",
        [
            ("tangan", "Penanganan banjir dipercepat."),  # "penanganan" becomes "angan"
            ("perintah", "Pemerintah daerah menyalurkan bantuan."),  # "intah" vs "perintah"
            ("makan", "Kecelakaan memakan korban."),  # "memakan" becomes "pakan"
        ],
    )
    def test_the_stemmer_misses_some_word_families(self, client, query, text):
        ArticleFactory(title="Kabar hari ini", body=f"<p>{text}</p>")
        assert found(client, query) == []

    def test_quoted_words_must_be_a_phrase(self, client):
        ArticleFactory(title="Banjir rob melanda pesisir", published_at=BASE)
        ArticleFactory(title="Rob surut, banjir tetap", published_at=BASE - timedelta(days=1))
        assert found(client, '"banjir rob"') == ["Banjir rob melanda pesisir"]

    def test_a_minus_excludes_a_word(self, client):
        ArticleFactory(title="Banjir rob melanda pesisir")
        ArticleFactory(title="Banjir di pedalaman")
        assert found(client, "banjir -rob") == ["Banjir di pedalaman"]

    def test_snippet_highlights_the_stemmed_form_in_the_body(self):
        ArticleFactory(title="Bursa kerja", body="<p>Dinas membuka lowongan pekerjaan baru.</p>")
        assert "lowongan <mark>pekerjaan</mark> baru" in snippet_of("bekerja")

    def test_the_search_can_use_the_gin_index(self):
        # Realistic statistics (many published articles, one match), so the planner
        # weighs the GIN index against the status index honestly.
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                title=f"Rapat rutin {i}",
                slug=f"rapat-rutin-{i}",
                body="<p>Bupati memimpin rapat.</p>",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=1),
            )
            for i in range(300)
        )
        ArticleFactory(title="Bursa kerja", body="<p>Lowongan pekerjaan.</p>")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
            # The question is whether the query can use the index at all (its expression
            # matches the index's); with a few hundred rows a scan may honestly cost the
            # same, and the planner's pick then varies from run to run. For this test's
            # transaction only, a scan is priced out.
            cursor.execute("SET LOCAL enable_seqscan = off")
        articles, _query = search.search("pekerja")
        assert "Bitmap Index Scan on article_search_document" in articles[:20].explain()


class TestSnippets:
    def test_snippet_highlights_the_word_found(self, client):
        ArticleFactory(
            title="Cuaca",
            body="<p>Banjir rob melanda <strong>pesisir</strong> Bengkalis sejak pagi.</p>",
        )
        response = search_page(client, "rob")
        assertContains(response, '<p class="search-snippet">')
        assertContains(response, "Banjir <mark>rob</mark> melanda pesisir Bengkalis")

    def test_snippet_escapes_html_from_the_article_text(self, client):
        ArticleFactory(
            title="Keamanan situs",
            body="<p>Audit menemukan teks &lt;script&gt;alert(1)&lt;/script&gt; dan "
            "&lt;mark&gt;palsu&lt;/mark&gt; di situs.</p><script>alert(2)</script>",
        )
        response = search_page(client, "audit")
        assertNotContains(response, "<script>alert")
        assertNotContains(response, "alert(2)")  # the sanitiser dropped the real script
        assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        assertContains(response, "&lt;mark&gt;palsu&lt;/mark&gt;")
        snippet = snippet_of("audit")
        assert snippet.count("<mark>") == snippet.count("</mark>") == 1
        assert "<mark>Audit</mark>" in snippet

    def test_entities_of_the_body_are_not_escaped_twice(self):
        ArticleFactory(title="Pendidikan", body="<p>Dinas P&amp;K menggelar lomba.</p>")
        snippet = snippet_of("lomba")
        assert "P&amp;K" in snippet
        assert "&amp;amp;" not in snippet

    def test_a_title_only_match_shows_the_start_of_the_body_without_marks(self):
        ArticleFactory(title="Jembatan baru", body="<p>Bupati meresmikan penyeberangan.</p>")
        assert snippet_of("jembatan") == "Bupati meresmikan penyeberangan."

    def test_the_snippet_of_a_long_body_is_a_short_excerpt_around_the_match(self):
        filler = " ".join(["kegiatan berjalan lancar"] * 60)
        ArticleFactory(title="Laporan", body=f"<p>{filler} lalu hujan deras turun. {filler}</p>")
        snippet = snippet_of("deras")
        assert "<mark>deras</mark>" in snippet
        assert len(snippet) < 400


ODD_QUERIES = [
    '"',
    '"banjir',
    "banjir\"'",
    "&|!:*",
    "banjir & !rob | (pesisir:*",
    "'",
    "\\",
    "banjir\\",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "%",
    "_",
    "%banjir%",
    "🌊",
    "banjir 🌊 rob",
    "\x00",
    "banjir\x00rob",
    "!!! ??? ...",
    "-",
    "or",
    "<script>alert(1)</script>",
    "ﷺ \u200b \ufeff",
]


class TestOddQueries:
    @pytest.mark.parametrize("query", ODD_QUERIES)
    def test_odd_query_never_errors_nor_shows_a_draft(self, client, query):
        storable = query.replace("\x00", " ")  # PostgreSQL text cannot hold NUL
        ArticleFactory(title=f"Draf rahasia {storable}", status=Article.Status.DRAFT)
        ArticleFactory(title="Banjir rob di pesisir", body=f"<p>Banjir rob {storable}</p>")
        response = search_page(client, query)
        assert response.status_code == 200
        assertNotContains(response, "Draf rahasia")
        assertNotContains(response, "<script>alert")
        assert Article.objects.count() == 2

    @pytest.mark.parametrize("query", ["\ud800banjir", "banjir\x00", "\x00" * 300])
    def test_text_the_database_cannot_store_is_cleaned_before_searching(self, query):
        ArticleFactory(title="Banjir rob")
        articles, cleaned = search.search(query)
        assert "\x00" not in cleaned
        assert "\ud800" not in cleaned
        list(articles)

    @pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   \t "}])
    def test_empty_query_shows_only_the_form(self, client, params):
        ArticleFactory(title="Berita apa saja")
        response = client.get(reverse("articles:search"), params)
        assertContains(response, 'role="search"')
        assertNotContains(response, "berita ditemukan")
        assertNotContains(response, "Berita apa saja")
        assert list(response.context["articles"]) == []

    def test_long_query_is_cut_at_200_characters(self, client):
        ArticleFactory(title="Banjir rob")
        response = search_page(client, "banjir " + "x" * 500)
        assert response.status_code == 200
        assert response.context["query"] == "banjir " + "x" * (search.MAX_QUERY_LENGTH - 7)

    def test_a_long_query_is_shown_short_in_the_heading_and_whole_in_the_search_box(self, client):
        ArticleFactory(title="Banjir rob")
        query = "banjir " + "rob " * 60  # 247 characters
        response = search_page(client, query)
        kept = search.clean_query(query)
        assert len(kept) == search.MAX_QUERY_LENGTH
        heading = texts(response, "page-title")[0]
        assert heading == "Hasil pencarian: " + kept[: search.HEADING_QUERY_LENGTH - 1] + "…"
        title = response.content.decode().split("<title>")[1].split("</title>")[0]
        assert len(title) < 120 and "…" in title
        assertContains(response, f'value="{kept}"', count=1)  # the one search box

    def test_a_short_query_is_shown_whole(self):
        assert search.heading_query("banjir rob") == "banjir rob"
        exactly = "x" * search.HEADING_QUERY_LENGTH
        assert search.heading_query(exactly) == exactly
        assert search.heading_query(exactly + "y") == "x" * (len(exactly) - 1) + "…"

    @pytest.mark.parametrize("params", [{}, {"q": "banjir"}])
    def test_the_results_page_has_one_search_box_the_headers(self, client, params):
        ArticleFactory(title="Banjir rob")
        response = client.get(reverse("articles:search"), params)
        html = response.content.decode()
        assert html.count('type="search"') == 1
        assert html.count('role="search"') == 1
        header = html[html.index('<header class="site-header">') : html.index("</header>")]
        assert f'value="{params.get("q", "")}"' in header

    def test_a_query_of_a_hundred_words_is_searched(self, client):
        ArticleFactory(title="Banjir rob")
        query = " ".join(f"k{i}" for i in range(100))[: search.MAX_QUERY_LENGTH]
        assert found(client, query) == []

    def test_clean_query_collapses_whitespace_and_removes_control_characters(self):
        assert search.clean_query("  banjir\t\n rob\x00\x07 ") == "banjir rob"
        assert search.clean_query(None) == ""
        assert len(search.clean_query("a" * 1000)) == search.MAX_QUERY_LENGTH

    @only_on_the_fallback
    @pytest.mark.parametrize(
        "query, expected",
        [("%", ["Diskon 50% tarif"]), ("_", ["Berkas data_induk"]), ("\\", ["Jalur A\\B"])],
    )
    def test_like_wildcards_match_themselves_in_the_fallback(self, client, query, expected):
        for title in ["Diskon 50% tarif", "Berkas data_induk", "Jalur A\\B", "Biasa saja"]:
            ArticleFactory(title=title, body="<p>Isi.</p>", summary="")
        assert found(client, query) == expected

    @only_on_the_fallback
    def test_quotes_around_words_are_ignored_by_the_fallback(self, client):
        ArticleFactory(title="Banjir rob di pesisir")
        assert found(client, '"banjir rob"') == ["Banjir rob di pesisir"]


class TestPagesOfResults:
    def test_pages_keep_the_query(self, client, settings):
        settings.NEWSROOM_PAGE_SIZE = 2
        for i in range(3):
            ArticleFactory(title=f"Banjir rob {i}", published_at=BASE - timedelta(hours=i))
        first = search_page(client, "banjir rob")
        assertContains(first, 'href="?q=banjir%20rob&amp;page=2"')
        second = search_page(client, "banjir rob", page=2)
        assert [a.title for a in second.context["articles"]] == ["Banjir rob 2"]
        assertContains(second, 'href="?q=banjir%20rob&amp;page=1"')
        assertContains(second, "Halaman 2 dari 2")

    @pytest.mark.parametrize("page", ["99", "0", "abc"])
    def test_bad_page_number_is_a_404(self, client, page):
        ArticleFactory(title="Banjir rob")
        assert search_page(client, "banjir", page=page).status_code == 404

    @pytest.mark.parametrize("count", [1, 12])
    def test_the_results_page_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, count
    ):
        for i in range(count):
            ArticleFactory(title=f"Banjir {i}", tags=["cuaca", f"tag-{i}"], with_photo=True)
        cache.clear()
        # cold cache: the site settings and the sections, the count, the page of articles
        # with credits and snippets, their tags
        with django_assert_num_queries(5):
            assert search_page(client, "banjir").status_code == 200

    def test_the_empty_search_page_reads_only_the_site_configuration(
        self, client, django_assert_num_queries
    ):
        ArticleFactory()
        cache.clear()
        # the site settings and the sections
        with django_assert_num_queries(2):
            assert client.get(reverse("articles:search")).status_code == 200
