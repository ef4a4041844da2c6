"""``/arsip/``: the archive's index, every year and month with published releases and how
many each has, by the WIB calendar; linked from every page's footer and from the home
page; cached like the other list pages, with a fixed number of queries. What it must never
count is in test_nothing_unpublished_leaks.py."""

from datetime import UTC, date, datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article
from articles.public.calendar import ArchiveMonth, ArchiveYear
from tests.factories import ArticleFactory
from tests.public.pages import dated, get, links, release, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NOW = datetime(2024, 3, 20, 5, 0, tzinfo=UTC)  # Rabu, 20 Maret 2024, 12:00 WIB


def archive(client):
    return get(client, "archive_index")


def months(response) -> list[str]:
    """Every month of the index with its count, in page order: ``"Juni (2 berita)"``."""
    return texts(response, "archive-month")


def test_years_newest_first_with_their_months_in_calendar_order_and_counts(client):
    for day in (3, 9, 27):
        dated(f"Januari {day}", 2024, 1, day)
    dated("Maret", 2024, 3, 1)
    for day in (10, 11):
        dated(f"Agustus {day}", 2022, 8, day)
    dated("Desember", 2022, 12, 1)

    response = archive(client)

    assert texts(response, "page-title") == ["Arsip berita"]
    assert texts(response, "archive-year-title") == ["2024 (4 berita)", "2022 (3 berita)"]
    assert months(response) == [
        "Januari (3 berita)",
        "Maret (1 berita)",
        "Agustus (2 berita)",
        "Desember (1 berita)",
    ]


def test_years_and_months_link_to_their_archive_pages(client):
    dated("Juni", 2023, 6, 2)
    dated("Mei", 2023, 5, 10)

    assert links(archive(client), "archive-year") == [
        ("2023", reverse("articles:archive_year", args=["2023"])),
        ("Mei", reverse("articles:archive_month", args=["2023", "05"])),
        ("Juni", reverse("articles:archive_month", args=["2023", "06"])),
    ]


def test_months_follow_the_wib_calendar_as_the_month_pages_do(client):
    # 17:30 UTC on 31 December is already 1 January in WIB; 16:30 UTC is not.
    dated("Tahun baru", 2022, 12, 31, 17, 30)
    dated("Akhir tahun", 2022, 12, 31, 16, 30)

    response = archive(client)

    assert months(response) == ["Januari (1 berita)", "Desember (1 berita)"]
    assert texts(response, "archive-year-title") == ["2023 (1 berita)", "2022 (1 berita)"]
    january = get(client, "archive_month", "2023", "01")
    assert texts(january, "card-title") == ["Tahun baru"]


def test_a_months_count_is_what_its_archive_page_lists(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for day in range(1, 6):
        dated(f"Februari {day}", 2024, 2, day)

    assert months(archive(client)) == ["Februari (5 berita)"]
    month_page = get(client, "archive_month", "2024", "02")
    assert month_page.context["paginator"].count == 5


def test_large_counts_are_grouped_the_indonesian_way():
    years = [ArchiveYear(year=2023, months=[ArchiveMonth(month=date(2023, 7, 1), articles=1234)])]

    html = render_to_string("articles/article_archive.html", {"years": years})

    assert html.count("(1.234 berita)") == 2  # the year's and July's


def test_months_carry_machine_readable_times(client):
    dated("Juni", 2023, 6, 2)

    html = archive(client).content.decode()

    assert '<time datetime="2023">2023</time>' in html
    assert '<time datetime="2023-06">Juni</time>' in html


def test_every_page_footer_and_the_home_page_link_to_the_archive(client):
    article = release("Terbit")
    index = reverse("articles:archive_index")
    for page in (get(client, "home"), client.get(article.get_absolute_url()), archive(client)):
        assert ("Arsip berita", index) in links(page, "footer-links")
    assert ("Arsip berita →", index) in links(get(client, "home"), "more-links")


def test_an_empty_site_says_so(client):
    ArticleFactory(status=Article.Status.DRAFT)
    assertContains(archive(client), "Belum ada berita yang terbit.")


def test_the_index_runs_a_fixed_number_of_queries_then_comes_from_the_cache(
    client, django_assert_num_queries
):
    for month in range(1, 13):
        dated(f"Bulan {month}", 2023, month, 5)
        dated(f"Bulan {month} lagi", 2022, month, 5)
    # the content version (next go-live), the counts by month, the site settings, the sections
    with django_assert_num_queries(4):
        assert archive(client).status_code == 200
    with django_assert_num_queries(0):
        assertContains(archive(client), "2023")


def test_a_new_release_shows_in_the_cached_index_at_once(client):
    dated("Maret", 2024, 3, 1)
    assert texts(archive(client), "archive-year-title") == ["2024 (1 berita)"]  # now cached

    release("Baru saja terbit")

    assert texts(archive(client), "archive-year-title") == ["2024 (2 berita)"]
    assert months(archive(client)) == ["Maret (2 berita)"]
