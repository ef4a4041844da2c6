"""The content API over HTTP: conditional requests, CORS, the rate limit, the docs
page under the site's CSP, and what a list page costs in queries."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache

from articles.api import throttling
from articles.models import ArticleEvent, ArticlePhoto
from tests.api.conftest import api_url
from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 10, 3, 0, 10, tzinfo=UTC)


# -- conditional requests -------------------------------------------------------------


def test_detail_answers_304_to_its_etag_and_its_date(client):
    article = ArticleFactory(published_at=NOW - timedelta(hours=1))
    url = api_url("get_article", id=article.pk)
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"].endswith("GMT")
    assert "max-age=60" in first["Cache-Control"]

    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    dated = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert dated.status_code == 304

    article.title = "Judul baru"
    article.save()
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed.json()["title"] == "Judul baru"


@pytest.mark.parametrize("name", ["list_articles", "list_sections", "list_tags"])
def test_lists_answer_304_to_their_etag(client, name):
    ArticleFactory(published_at=NOW - timedelta(hours=1), tags=["umum"])
    first = client.get(api_url(name))
    assert "Last-Modified" not in first  # a withdrawal leaves no date behind
    assert client.get(api_url(name), headers={"If-None-Match": first["ETag"]}).status_code == 304
    ArticleFactory(published_at=NOW - timedelta(hours=2), tags=["baru"])
    assert client.get(api_url(name), headers={"If-None-Match": first["ETag"]}).status_code == (
        304 if name == "list_sections" else 200
    )


def test_errors_carry_no_etag(client):
    response = client.get(api_url("get_article", id=12345))
    assert response.status_code == 404 and "ETag" not in response


# -- CORS -----------------------------------------------------------------------------


def test_any_origin_may_get_the_api(client):
    response = client.get(api_url("list_articles"), headers={"Origin": "https://media.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_get_only(client):
    response = client.options(
        api_url("list_articles"),
        headers={"Origin": "https://media.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "OPTIONS"}


def test_no_cors_outside_the_api(client):
    ArticleFactory(published_at=NOW - timedelta(hours=1))
    for path in ["/", "/berita/", "/feed/"]:
        response = client.get(path, headers={"Origin": "https://media.example"})
        assert "Access-Control-Allow-Origin" not in response, path


# -- the rate limit --------------------------------------------------------------------


@pytest.fixture
def limit_of_three(settings):
    settings.NEWSROOM_API_RATE_PER_MINUTE = 3


def test_past_the_limit_a_429_until_the_minute_ends(client, limit_of_three):
    url = api_url("list_tags")
    with time_machine.travel(NOW, tick=False) as clock:  # 10 s into a minute
        assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get(url)
        assert refused.status_code == 429
        assert refused.json() == {"detail": "Too many requests."}
        assert refused["Retry-After"] == "50"
        clock.shift(timedelta(seconds=49))
        assert client.get(url).status_code == 429
        clock.shift(timedelta(seconds=1))  # the next minute
        assert client.get(url).status_code == 200


def test_each_client_has_its_own_limit(client, limit_of_three):
    url = api_url("list_tags")
    with time_machine.travel(NOW, tick=False):
        for _ in range(4):
            client.get(url, REMOTE_ADDR="198.51.100.7")
        assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 429
        assert client.get(url, REMOTE_ADDR="198.51.100.8").status_code == 200
        # An IPv6 /64 is one client, whichever address of it asks.
        for host in range(1, 4):
            assert client.get(url, REMOTE_ADDR=f"2001:db8:1:2::{host}").status_code == 200
        assert client.get(url, REMOTE_ADDR="2001:db8:1:2::99").status_code == 429


def test_the_limit_keeps_no_address(client, limit_of_three):
    with time_machine.travel(NOW, tick=False):
        client.get(api_url("list_tags"), REMOTE_ADDR="198.51.100.7")
        request = type("Request", (), {"META": {"REMOTE_ADDR": "198.51.100.7"}})()
        key = throttling.client_key(request, int(NOW.timestamp()) // 60)
        assert cache.get(key) == 1
        assert "198.51.100.7" not in key


def test_no_limit_when_switched_off(client, settings):
    settings.NEWSROOM_API_RATE_PER_MINUTE = 0
    with time_machine.travel(NOW, tick=False):
        assert {client.get(api_url("list_tags")).status_code for _ in range(5)} == {200}


# -- the schema and the docs page ------------------------------------------------------


def test_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/sections/",
        "/api/v1/tags/",
    }


def test_the_docs_page_loads_its_scripts_from_the_site_under_its_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui-init.js")


# -- queries ---------------------------------------------------------------------------


def releases(count: int) -> None:
    """``count`` releases, each with a featured photo, six tags, a gallery of three and
    two corrections."""
    photos = [PhotoFactory(renditions=False) for _ in range(4)]
    for number in range(count):
        article = ArticleFactory(
            featured_photo=photos[0],
            published_at=NOW - timedelta(hours=number + 1),
            tags=[f"tag-{number}-{tag}" for tag in range(5)] + ["umum"],
        )
        for position, photo in enumerate(photos[1:]):
            ArticlePhoto.objects.create(article=article, photo=photo, position=position)
        for note in ("Satu.", "Dua."):
            ArticleEvent.objects.create(article=article, action="corrected", note=note)


# A page costs five queries: the count, the page, its tags, galleries and corrections.
LIST_PAGE_QUERIES = 5


@pytest.mark.parametrize("count", [1, 20])
def test_a_list_page_costs_the_same_queries_whatever_it_holds(
    client, django_assert_num_queries, count
):
    releases(count)
    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get(api_url("list_articles"))
    body = response.json()
    assert len(body["results"]) == count
    assert all(len(item["tags"]) == 6 and len(item["gallery"]) == 3 for item in body["results"])


def test_a_detail_costs_four_queries(client, django_assert_num_queries):
    releases(1)
    article_id = client.get(api_url("list_articles")).json()["results"][0]["id"]
    with django_assert_num_queries(4):  # the release, its tags, gallery and corrections
        client.get(api_url("get_article", id=article_id))
