"""An anonymous read of a public page stays light.

A reader without cookies costs no query on the session store, the user table or any
other table of signed-in staff (the sessions, auth, axes, otp and history middleware
stay lazy), gets no cookie (no CSRF token either), and no ``Vary: Cookie`` (any cache
may keep the page). Nor ``Vary: Accept-Language``: the site has one language, which
every page and the admin speak whatever the browser asks, and which
``Content-Language`` names.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# A browser that prefers English: the site answers in Indonesian all the same.
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Accept-Language": "en-US,en;q=0.9",
}
# The session store, the users and their groups and permissions, and what only signed-in
# staff use: login attempts (axes), authenticator devices (otp), the admin's log and the
# edit history.
STAFF_TABLES = ("django_session", "auth_", "axes_", "otp_", "django_admin_log", "historical")


@pytest.fixture
def public_urls():
    article = ArticleFactory(
        title="Rapat koordinasi", tags=["umum"], published_at=datetime(2023, 6, 15, 3, tzinfo=UTC)
    )
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "tag": reverse("articles:tag", args=["umum"]),
        "feed": reverse("articles:feed"),
    }


def read(client, url):
    """The response to a GET of ``url`` and the SQL of the queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=BROWSER)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def staff_queries(queries: list[str]) -> list[str]:
    return [sql for sql in queries if any(table in sql for table in STAFF_TABLES)]


@pytest.mark.parametrize("page", ["home", "article", "tag", "feed"])
def test_an_anonymous_read_touches_no_session_or_user_and_sets_no_cookie(client, public_urls, page):
    for _rendered_then_cached in range(2):
        response, queries = read(client, public_urls[page])

        assert staff_queries(queries) == []
        assert response.cookies == {}
        assert "Cookie" not in response.get("Vary", "")
        assert "Accept-Language" not in response.get("Vary", "")
        assert response["Content-Language"] == "id"


def test_the_check_does_see_a_signed_in_editor_read_the_session(client, public_urls, make_user):
    client.force_login(make_user("Editor", "indra"))
    _response, queries = read(client, public_urls["article"])
    assert any("django_session" in sql for sql in staff_queries(queries))


def test_pages_speak_indonesian_whatever_the_browser_asks(client, public_urls):
    response = client.get(public_urls["article"], headers=BROWSER)
    assertContains(response, "Kamis, 15 Juni 2023")


def test_the_admin_speaks_indonesian_whatever_the_browser_asks(client):
    response = client.get(reverse("admin:login"), headers=BROWSER)
    assertContains(response, '<html lang="id"')
    assertContains(response, 'value="Masuk"')  # "Log in"
    assert response["Content-Language"] == "id"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_404_page_is_indonesian_whatever_the_browser_asks(client):
    response = client.get("/tidak-ada-halaman-ini/", headers=BROWSER)
    assertContains(response, "Halaman tidak ditemukan", status_code=404)
    assertContains(response, '<html lang="id">', status_code=404)
    assert response["Content-Language"] == "id"
    assert response.cookies == {}


@pytest.mark.urls("tests.error_urls")
def test_the_500_page_is_indonesian_whatever_the_browser_asks():
    response = Client(raise_request_exception=False).get(reverse("broken_page"), headers=BROWSER)
    assertContains(response, "Terjadi kesalahan di server", status_code=500)
    assert response["Content-Language"] == "id"


def test_locale_middleware_is_left_out_only_while_the_site_has_one_language(settings):
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    assert [code for code, _name in settings.LANGUAGES] == [settings.LANGUAGE_CODE]
