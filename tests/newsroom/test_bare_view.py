"""The bare response for benchmarks: routed only with BENCHMARK_VIEWS, through every middleware."""

import importlib

import pytest
from django.conf import settings as django_settings
from django.urls import clear_url_caches

import newsroom.urls


def reload_urls() -> None:
    """Build the URLconf again from the current settings."""
    importlib.reload(newsroom.urls)
    clear_url_caches()


@pytest.fixture
def benchmark_views(settings):
    settings.NEWSROOM_BENCHMARK_VIEWS = True
    reload_urls()
    yield
    settings.NEWSROOM_BENCHMARK_VIEWS = django_settings.NEWSROOM_BENCHMARK_VIEWS
    reload_urls()


def test_the_setting_is_off_by_default():
    assert django_settings.NEWSROOM_BENCHMARK_VIEWS is False


@pytest.mark.django_db
def test_the_bare_view_is_not_routed_without_the_setting(client):
    reload_urls()
    assert client.get("/_bench/bare").status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("benchmark_views")
def test_the_bare_view_answers_through_the_middleware(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/_bench/bare")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    # Headers set by middleware: the request id, the CSP, the clickjacking guard.
    assert response["X-Request-ID"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_route_goes_away_with_the_setting(client, benchmark_views, settings):
    settings.NEWSROOM_BENCHMARK_VIEWS = False
    reload_urls()
    assert client.get("/_bench/bare").status_code == 404
