"""The site has one language, Indonesian: every page and the admin speak it whatever
the browser asks, ``Content-Language`` names it, and nothing sends ``Vary:
Accept-Language`` for content that does not vary by it.
"""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# A browser that prefers English: the site answers in Indonesian all the same.
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Accept-Language": "en-US,en;q=0.9",
}


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


@pytest.mark.parametrize("page", ["home", "article", "tag", "feed"])
def test_public_pages_name_their_language_and_do_not_vary_by_the_browsers(
    client, public_urls, page
):
    for _rendered_then_cached in range(2):
        response = client.get(public_urls[page], headers=BROWSER)

        assert response.status_code == 200
        assert response["Content-Language"] == "id"
        assert "Accept-Language" not in response.get("Vary", "")


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


@pytest.mark.urls("tests.error_urls")
def test_the_500_page_is_indonesian_whatever_the_browser_asks():
    response = Client(raise_request_exception=False).get(reverse("broken_page"), headers=BROWSER)
    assertContains(response, "Terjadi kesalahan di server", status_code=500)
    assert response["Content-Language"] == "id"


def test_locale_middleware_is_left_out_only_while_the_site_has_one_language(settings):
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    assert [code for code, _name in settings.LANGUAGES] == [settings.LANGUAGE_CODE]
