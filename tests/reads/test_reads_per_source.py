"""What one source can add to "Dibaca" (issue 14, item 3): one address, or one IPv6
/64, adds at most READS_PER_SOURCE_PER_HOUR reads to an article in a clock hour,
whatever user agents it sends; only a page opened as a document is a read; the beacon
is rate-limited per address. Each rule in both counting setups: straight into the
database (one statement on PostgreSQL, step by step on SQLite) and buffered in Redis."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from articles.models import RecentSource
from tests.factories import ArticleFactory
from tests.reads.reading import SAME_ORIGIN, beacon, read, tallies, tally

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bot_rules", "clock")]

NOW = datetime(2024, 5, 2, 5, 10, tzinfo=UTC)  # 12:10 WIB
CAP = 5


@pytest.fixture(autouse=True)
def small_cap(settings):
    settings.NEWSROOM_READS_PER_SOURCE_PER_HOUR = CAP


def agent(number: int) -> str:
    return f"Mozilla/5.0 (Linux; Android 14; HP-{number}) AppleWebKit/537.36 Chrome/126.0 Mobile"


def test_one_address_rotating_its_user_agent_adds_at_most_the_cap(client, mode, article):
    for number in range(3 * CAP):
        assert read(client, article, ua=agent(number)).status_code == 200
    # The rest is not lost from sight: tallied as excluded, for the moderation page.
    assert tallies(article) == tally(CAP, counted=CAP, other_excluded=2 * CAP)


def test_addresses_of_one_ipv6_64_are_one_source(client, mode, article):
    for number in range(2 * CAP):
        read(client, article, ip=f"2001:db8:7:1::{number + 1:x}", ua=agent(number))
    assert tallies(article)["counted"] == CAP
    read(client, article, ip="2001:db8:7:2::1")  # the next /64: another source
    assert tallies(article)["counted"] == CAP + 1


def test_an_ipv4_mapped_ipv6_address_is_the_same_source_as_the_ipv4_one(client, mode, article):
    for number in range(CAP):
        read(client, article, ip="198.51.100.20", ua=agent(number))
    read(client, article, ip="::ffff:198.51.100.20", ua=agent(99))
    assert tallies(article) == tally(CAP, counted=CAP, other_excluded=1)


def test_many_readers_behind_many_addresses_all_count(client, mode, article):
    # The cap is per address: a release going round WhatsApp groups is read from
    # thousands of addresses, and every one of their readers counts.
    for number in range(8 * CAP):
        read(client, article, ip=f"203.0.113.{number + 1}", ua=agent(number))
    assert tallies(article)["counted"] == 8 * CAP


def test_the_cap_is_per_article(client, mode, article):
    other = ArticleFactory()
    for number in range(CAP + 2):
        read(client, article, ua=agent(number))
        read(client, other, ua=agent(number))
    assert tallies(article)["counted"] == CAP
    assert tallies(other)["counted"] == CAP


def test_the_next_clock_hour_the_source_counts_again(client, mode, article, clock):
    for number in range(CAP + 3):
        read(client, article, ua=agent(number))
    clock.shift(timedelta(minutes=50))  # 13:00 WIB
    for number in range(100, 100 + CAP + 3):
        read(client, article, ua=agent(number))
    assert tallies(article)["counted"] == 2 * CAP


def test_repeat_reads_of_one_reader_do_not_use_up_the_cap(client, mode, article):
    for _ in range(3 * CAP):
        read(client, article, ua=agent(1))  # one reader reloading: counted once
    for number in range(2, CAP + 1):
        read(client, article, ua=agent(number))
    assert tallies(article) == tally(CAP, counted=CAP, other_excluded=3 * CAP - 1)


def test_no_cap_when_the_setting_is_zero(client, mode, article, settings):
    settings.NEWSROOM_READS_PER_SOURCE_PER_HOUR = 0
    for number in range(3 * CAP):
        read(client, article, ua=agent(number))
    assert tallies(article)["counted"] == 3 * CAP


@pytest.mark.parametrize("destination", ["image", "iframe", "empty", "script", "video"])
def test_an_image_frame_or_fetch_pointing_at_the_page_is_not_a_read(
    client, mode, article, destination
):
    response = read(client, article, HTTP_SEC_FETCH_DEST=destination)
    assert response.status_code == 200  # the page is still served
    assert tallies(article) == tally(other_excluded=1)


@pytest.mark.parametrize("headers", [{"HTTP_SEC_FETCH_DEST": "document"}, {}])
def test_a_page_opened_as_a_document_or_by_an_older_browser_is_a_read(
    client, mode, article, headers
):
    read(client, article, **headers)
    assert tallies(article) == tally(1, counted=1)


def test_rotating_user_agents_do_not_get_round_the_beacon_rate(client, mode, article, settings):
    settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
    settings.NEWSROOM_BEACON_RATE_PER_MINUTE = 3
    answers = [beacon(client, article, ua=agent(n), **SAME_ORIGIN).status_code for n in range(6)]
    assert answers == [204, 204, 204, 429, 429, 429]
    # Another address is not held back by this one.
    assert beacon(client, article, ip="203.0.113.99", **SAME_ORIGIN).status_code == 204


def test_forged_beacons_from_one_address_add_at_most_the_cap(client, mode, article, settings):
    settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
    settings.NEWSROOM_BEACON_RATE_PER_MINUTE = 1000
    for number in range(3 * CAP):
        beacon(client, article, ua=agent(number), **SAME_ORIGIN)
    assert tallies(article)["counted"] == CAP


def test_the_source_is_kept_as_a_keyed_hash_never_the_address(client, mode, article, redis_values):
    address = "198.51.100.77"
    for number in range(CAP + 1):
        read(client, article, ip=address, ua=agent(number))
    stored = [*RecentSource.objects.values_list("digest", flat=True), *redis_values()]
    assert all(address not in value and "198.51.100" not in value for value in stored)
    if mode == "direct":
        assert RecentSource.objects.count() == 1
        assert re.fullmatch(r"[0-9a-f]{64}", RecentSource.objects.get().digest)


@pytest.fixture
def redis_values(request):
    """Every key and string value in the test's Redis database (none without Redis)."""

    def values() -> list[str]:
        if "redis_mode" not in request.fixturenames:
            return []
        redis_client = request.getfixturevalue("redis_mode")
        found = []
        for key in redis_client.scan_iter():
            found.append(key)
            if redis_client.type(key) == "string":
                found.append(redis_client.get(key))
        return found

    return values


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's one statement")
def test_the_one_statement_read_still_counts_a_capped_source_once_per_read(
    client, article, django_assert_num_queries
):
    read(client, article, ua=agent(0))  # the page is cached now
    with django_assert_num_queries(1):
        read(client, article, ua=agent(1))
    assert tallies(article)["counted"] == 2
