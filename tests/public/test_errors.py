"""The public site's errors: an address or page number that does not exist is the friendly
404 in Indonesian, never a 500; a withdrawn release is 410 Gone."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.editorial import workflow
from articles.models import Article
from tests.factories import PersonFactory, SectionFactory
from tests.public.pages import get, release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "small_pages")]

NOW = datetime(2023, 6, 20, 5, 0, tzinfo=UTC)  # Selasa, 20 Juni 2023, 12:00 WIB

LIST_PAGES = [
    pytest.param("home", (), id="home"),
    pytest.param("article_list", (), id="all-news"),
    pytest.param("tag", ("umum",), id="tag"),
    pytest.param("section", ("kesehatan",), id="section"),
    pytest.param("person", ("sari",), id="person"),
    pytest.param("archive_year", ("2023",), id="year"),
    pytest.param("archive_month", ("2023", "06"), id="month"),
]

UNKNOWN_ADDRESSES = [
    ("tag", ("tidak-ada",)),
    ("section", ("tidak-ada",)),
    ("person", ("tidak-ada",)),
    ("archive_year", ("2019",)),  # no article that year
    ("archive_month", ("2023", "02")),  # nor that month
    ("archive_month", ("2023", "13")),
    ("archive_month", ("2023", "00")),
]


def address_id(value) -> str:
    return "/".join(value) if isinstance(value, tuple) else value


@pytest.mark.parametrize(("name", "args"), LIST_PAGES)
@pytest.mark.parametrize("page", ["0", "-1", "99", "abc", "2.5", "9" * 30])
def test_bad_page_number_is_the_friendly_404_not_a_500(client, name, args, page):
    sari = PersonFactory(name="Sari")
    release("Terbit", tags=["umum"], section=SectionFactory(name="Kesehatan"), reporter=sari)
    response = get(client, name, *args, page=page)
    assertContains(response, "Halaman tidak ditemukan", status_code=404)


@pytest.mark.parametrize(("name", "args"), UNKNOWN_ADDRESSES, ids=address_id)
def test_unknown_address_is_the_friendly_404_in_indonesian(client, name, args):
    release("Terbit")
    response = get(client, name, *args)
    assertContains(
        response,
        '<h1 class="page-title">Halaman tidak ditemukan</h1>',
        count=1,
        status_code=404,
    )
    assertContains(response, '<html lang="id">', status_code=404)
    assertContains(response, "Kembali ke beranda", status_code=404)


def test_address_no_page_answers_is_the_friendly_404_in_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assertContains(response, "Halaman tidak ditemukan", status_code=404)


@pytest.mark.parametrize("year", ["0000", "0001", "1899", "2100", "9999"])
def test_dated_address_out_of_the_years_served_is_the_friendly_404(client, year):
    # 1 January of year 1 in WIB is before the earliest time Python holds in UTC: on
    # SQLite /arsip/0001/ was a 500 until dated URLs took years 1900-2099 only.
    dated_urls = [
        reverse("articles:archive_year", args=["2023"]),
        reverse("articles:archive_month", args=["2023", "01"]),
        release("Terbit").get_absolute_url(),
    ]
    for url in dated_urls:
        response = client.get(url.replace("2023", year))
        assertContains(response, "Halaman tidak ditemukan", status_code=404)


def test_article_address_with_the_wrong_date_is_a_404(client):
    article = release("Terbit kemarin", hours_ago=24)  # 19 June 2023, WIB
    url = reverse(
        "articles:article_detail",
        kwargs={"year": "2023", "month": "06", "day": "20", "slug": article.slug},
    )
    assert client.get(url).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 200


def test_withdrawn_release_is_410_gone(client, make_user):
    article = release("Ditarik")
    workflow.withdraw(article=article, by=make_user("Editor", "x"), reason="Data keliru.")
    response = client.get(article.get_absolute_url())
    assertContains(response, "Berita ini telah ditarik", status_code=410)
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
