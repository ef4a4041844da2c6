"""Counting in beacon mode (issue 4): the page carries a beacon instead of counting, and
the beacon counts once for a visitor of the same site, never for an unpublished article,
and at a limited rate."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article
from tests.factories import ArticleFactory
from tests.reads.reading import (
    COUNTED,
    NOTHING,
    SAME_ORIGIN,
    beacon,
    read,
    tallies,
    tally,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bot_rules", "clock")]

NOW = datetime(2024, 5, 2, 5, 0, tzinfo=UTC)  # Thursday 2 May 2024, 12:00 WIB


@pytest.fixture
def beacon_mode(settings):
    settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"


@pytest.mark.usefixtures("beacon_mode")
class TestBeaconMode:
    def test_the_page_view_does_not_count_and_carries_the_beacon(self, client, article):
        response = read(client, article)
        assertContains(response, f'data-url="{reverse("articles:read_beacon", args=[article.pk])}"')
        assertContains(response, "read-beacon.js")
        assert tallies(article) == NOTHING

    @pytest.mark.parametrize(
        "headers", [SAME_ORIGIN, {"HTTP_ORIGIN": "http://testserver"}], ids=["fetch", "origin"]
    )
    def test_a_same_origin_beacon_counts_once_with_the_same_rules(
        self, client, article, mode, headers
    ):
        assert beacon(client, article, **headers).status_code == 204
        assert beacon(client, article, **headers).status_code == 204
        beacon(client, article, ua="Twitterbot/1.0", **headers)
        assert tallies(article) == tally(1, 1, bot_reads=1, other_excluded=1)

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_SEC_FETCH_SITE": "same-site"},
            {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
            {"HTTP_ORIGIN": "https://penipu.example"},
            {"HTTP_ORIGIN": "null"},
            {},
        ],
        ids=["cross-site", "same-site", "fetch-wins", "foreign-origin", "null-origin", "none"],
    )
    def test_a_cross_site_beacon_is_refused(self, client, article, headers):
        assert beacon(client, article, **headers).status_code == 403
        assert tallies(article) == NOTHING

    @pytest.mark.parametrize("other_mode", ["inline", "off"])
    def test_outside_beacon_mode_the_beacon_counts_nothing(
        self, client, article, settings, other_mode
    ):
        settings.NEWSROOM_VIEW_COUNT_MODE = other_mode
        assert beacon(client, article, **SAME_ORIGIN).status_code == 404
        page = read(client, article, ip="198.51.100.11")
        assert "read-beacon.js" not in page.content.decode()
        assert tallies(article) == (COUNTED if other_mode == "inline" else NOTHING)

    def test_get_on_the_beacon_is_not_allowed(self, client, article):
        url = reverse("articles:read_beacon", args=[article.pk])
        assert client.get(url, **SAME_ORIGIN).status_code == 405
        assert tallies(article) == NOTHING

    @pytest.mark.parametrize(
        "fields",
        [
            {"status": Article.Status.DRAFT},
            {"published_at": NOW + timedelta(hours=1)},
            {"status": Article.Status.WITHDRAWN},
        ],
        ids=["draft", "scheduled", "withdrawn"],
    )
    def test_the_beacon_of_an_unpublished_article_is_404(self, client, fields):
        hidden = ArticleFactory(**fields)
        assert beacon(client, hidden, **SAME_ORIGIN).status_code == 404
        assert tallies(hidden) == NOTHING

    def test_too_many_beacons_from_one_visitor_are_refused(self, client, settings, clock):
        settings.NEWSROOM_BEACON_RATE_PER_MINUTE = 3
        articles = ArticleFactory.create_batch(4)
        statuses = [beacon(client, a, **SAME_ORIGIN).status_code for a in articles]
        assert statuses == [204, 204, 204, 429]
        assert tallies(articles[3]) == NOTHING
        assert beacon(client, articles[3], ip="198.51.100.11", **SAME_ORIGIN).status_code == 204
        clock.shift(timedelta(minutes=1))
        assert beacon(client, articles[3], **SAME_ORIGIN).status_code == 204
        assert tallies(articles[3]) == tally(2, 2)

    def test_the_beacon_needs_no_csrf_token_but_refuses_other_sites(self, article):
        strict = Client(enforce_csrf_checks=True)
        assert beacon(strict, article, **SAME_ORIGIN).status_code == 204
        cross = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://penipu.example"}
        assert beacon(strict, article, ip="198.51.100.11", **cross).status_code == 403
        assert tallies(article) == COUNTED
