"""Redis down or slow (issue: killing Redis made every page answer 500).

Each test starts redis-servers of its own (``tests/redis_process.py``), never the shared
one, with an append-only file, and kills, stops or pauses them mid-test. The database is
the real one. With Redis gone the pages answer 200 from the database, /readyz says Redis
is down, reads are counted in the database directly, the reads buffered before a crash
come back with the restarted server, and no read is ever counted twice.
"""

import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from articles.models import DailyViews
from articles.reads import buffer as view_buffer
from articles.reads import counting
from newsroom import redis_guard
from tests.factories import ArticleFactory, UserFactory
from tests.reads.reading import SAME_ORIGIN, TODAY, beacon, read
from tests.redis_process import Blackhole, RedisProcess, redis_server_available

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bot_rules", "clock")]

NOW = datetime(2024, 5, 2, 5, 0, tzinfo=UTC)  # 12:00 WIB, TODAY
BREAKER = timedelta(seconds=6)  # past the default REDIS_BREAKER_SECONDS (5)
PRODUCTION_TIMEOUT_MS = 50  # REDIS_TIMEOUT_MS's default
# Generous bounds for a shared, noisy machine; without the breaker each cache call of a
# page would wait the 50 ms timeout (ten or more per page), with redis-py's default
# retries several seconds.
PAGE_SECONDS = 0.75


@pytest.fixture
def start_redis(settings, tmp_path):
    """``start_redis(name)`` starts a redis-server of the test's own (in ``tmp_path/name``);
    every one started is ended at teardown, whatever state the test left it in."""
    if not redis_server_available():
        pytest.skip("redis-server is not installed")
    started: list[RedisProcess] = []

    def start(name: str = "redis", *options: str) -> RedisProcess:
        server = RedisProcess(tmp_path / name, *options)
        started.append(server)
        server.start()
        return server

    local_cache = settings.CACHES
    try:
        yield start
    finally:
        # Back to the local cache first: later teardowns clear it.
        settings.CACHES = local_cache
        for server in started:
            server.close()
        redis_guard.reset()


def use_redis(settings, url: str, *, buffer_url: str = "") -> None:
    """Redis mode as in production: the django-redis cache and the read buffer, with
    production's timeout (the test settings give the shared Redis a longer one)."""
    settings.NEWSROOM_REDIS_TIMEOUT_MS = PRODUCTION_TIMEOUT_MS
    settings.REDIS_URL = url
    settings.NEWSROOM_VIEW_BUFFER_URL = buffer_url
    settings.CACHES = {"default": redis_guard.cache_settings(url, PRODUCTION_TIMEOUT_MS)}


@pytest.fixture
def redis_server(start_redis, settings):
    server = start_redis()
    use_redis(settings, server.url)
    return server


@pytest.fixture
def article(db):
    return ArticleFactory(tags=["banjir"])


def pages(article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "tag": reverse("articles:tag", args=["banjir"]),
        "admin login": reverse("admin:login"),
        # The API's rate limit counts in the cache: it must not fail with Redis.
        "api": reverse("api:list_articles"),
    }


def visitor(number: int) -> str:
    return f"198.51.100.{number}"


def buffered(server: RedisProcess, article) -> int:
    """Counted reads of the article waiting in the live hash of ``server``."""
    with server.client() as client:
        return int(client.hget(view_buffer.LIVE, f"t:{article.pk}") or 0)


def in_database(article) -> tuple[int, int]:
    """The article's total and today's counted reads, as the database has them."""
    article.refresh_from_db()
    day = DailyViews.objects.filter(article=article, date=TODAY).first()
    return article.view_count, day.counted if day else 0


def breaker_openings(caplog) -> int:
    return sum(
        record.name == "newsroom.redis_guard" and "not tried again" in record.getMessage()
        for record in caplog.records
    )


def test_pages_and_the_admin_answer_200_with_redis_killed(client, redis_server, article):
    staff = Client()
    staff.force_login(UserFactory(username="redaktur", is_staff=True, is_superuser=True))
    for name, url in pages(article).items():
        assert client.get(url).status_code == 200, name  # cached while Redis runs
    assert client.get(reverse("readyz")).status_code == 200

    redis_server.kill()

    for name, url in pages(article).items():
        assert client.get(url).status_code == 200, name
    assert staff.get(reverse("admin:index")).status_code == 200
    assert staff.get(reverse("admin:articles_article_changelist")).status_code == 200
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": True, "redis": False},
    }


def test_reads_survive_a_crash_and_none_is_counted_twice(client, clock, redis_server, article):
    # Three visitors while Redis runs: buffered, not yet in the database.
    for number in (1, 2, 3):
        assert read(client, article, ip=visitor(number)).status_code == 200
    assert buffered(redis_server, article) == 3
    assert in_database(article) == (0, 0)

    redis_server.kill()  # a crash: what the append-only file holds is all that is left

    # Two new visitors during the outage, and a repeat: counted in the database, once.
    for number in (4, 5, 5):
        assert read(client, article, ip=visitor(number)).status_code == 200
    assert in_database(article) == (2, 2)
    with pytest.raises(CommandError, match="Redis does not answer"):
        call_command("flush_view_counts")
    assert in_database(article) == (2, 2)

    redis_server.start()  # the same port and folder: it replays its append-only file
    assert buffered(redis_server, article) == 3

    # The breaker is still open (the clock stands still): straight to the database.
    assert read(client, article, ip=visitor(6)).status_code == 200
    assert in_database(article) == (3, 3)
    assert buffered(redis_server, article) == 3

    clock.shift(BREAKER)  # the breaker closes: back to the buffer
    assert read(client, article, ip=visitor(7)).status_code == 200
    assert read(client, article, ip=visitor(1)).status_code == 200  # a repeat from before
    assert buffered(redis_server, article) == 4
    assert in_database(article) == (3, 3)

    call_command("flush_view_counts")
    assert in_database(article) == (7, 7)  # seven distinct visitors
    assert counting.displayed_count(article) == 7
    assert buffered(redis_server, article) == 0


def test_a_redis_stopped_cleanly_loses_nothing_either(client, clock, redis_server, article):
    read(client, article, ip=visitor(1))
    redis_server.stop()
    read(client, article, ip=visitor(2))
    redis_server.start()
    clock.shift(BREAKER)
    read(client, article, ip=visitor(3))
    call_command("flush_view_counts")
    assert in_database(article) == (3, 3)


def test_a_paused_redis_costs_one_short_timeout_and_pages_still_answer(
    client, clock, redis_server, article, caplog
):
    for url in pages(article).values():
        client.get(url)  # connections pooled, pages cached
    redis_server.pause()  # accepts nothing, answers nothing: a hung or overloaded Redis

    caplog.set_level(logging.WARNING)
    for name, url in pages(article).items():
        started = time.monotonic()
        assert client.get(url).status_code == 200, name
        assert time.monotonic() - started < PAGE_SECONDS, name
    assert breaker_openings(caplog) == 1  # one timeout, then Redis is not asked again

    redis_server.resume()
    clock.shift(BREAKER)
    assert client.get(reverse("articles:home")).status_code == 200
    cache.set("after-the-pause", "cached")
    assert cache.get("after-the-pause") == "cached"  # the cache is Redis again


def test_a_hanging_socket_in_place_of_redis_costs_one_short_timeout(
    client, settings, article, caplog
):
    local_cache, hole = settings.CACHES, Blackhole()
    try:
        use_redis(settings, hole.url)
        caplog.set_level(logging.WARNING)
        started = time.monotonic()
        for name, url in pages(article).items():
            assert client.get(url).status_code == 200, name
        assert time.monotonic() - started < len(pages(article)) * PAGE_SECONDS
        assert breaker_openings(caplog) == 1
        # Redis was never sent the read (the breaker was open by then): in the database.
        assert in_database(article) == (1, 1)
    finally:
        settings.CACHES = local_cache
        hole.close()
        redis_guard.reset()


def test_a_read_sent_to_a_stalled_buffer_is_counted_once_when_it_wakes(
    client, settings, clock, start_redis, article, caplog
):
    """The ambiguous case: the script was sent, no answer came. Redis runs it when it wakes,
    so counting it in the database as well would count it twice."""
    cache_server, buffer_server = start_redis("cache"), start_redis("buffer")
    use_redis(settings, cache_server.url, buffer_url=buffer_server.url)
    settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
    assert beacon(client, article, ip=visitor(1), **SAME_ORIGIN).status_code == 204
    assert buffered(buffer_server, article) == 1

    buffer_server.pause()
    caplog.set_level(logging.WARNING)
    assert beacon(client, article, ip=visitor(2), **SAME_ORIGIN).status_code == 204
    assert in_database(article) == (0, 0)  # not counted here: it may be in the buffer
    assert any("may be buffered" in record.getMessage() for record in caplog.records)
    # The cache's Redis is another server, still in use.
    assert not redis_guard.is_down(f"127.0.0.1:{cache_server.port}")

    buffer_server.resume()
    deadline = time.monotonic() + 5
    while buffered(buffer_server, article) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert buffered(buffer_server, article) == 2  # it ran once Redis woke up

    clock.shift(BREAKER)
    call_command("flush_view_counts")
    assert in_database(article) == (2, 2)


def test_a_read_a_dead_buffer_could_not_take_is_counted_in_the_database(
    client, settings, start_redis, article, caplog
):
    cache_server, buffer_server = start_redis("cache"), start_redis("buffer")
    use_redis(settings, cache_server.url, buffer_url=buffer_server.url)
    settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
    buffer_server.kill()
    assert beacon(client, article, ip=visitor(1), **SAME_ORIGIN).status_code == 204
    assert in_database(article) == (1, 1)
    assert any("did not take the read" in record.getMessage() for record in caplog.records)


def test_a_full_buffer_that_never_evicts_refuses_the_read_and_the_database_counts_it(
    client, settings, start_redis, article
):
    buffer_server = start_redis("buffer", "--maxmemory", "2mb", "--maxmemory-policy", "noeviction")
    use_redis(settings, start_redis("cache").url, buffer_url=buffer_server.url)
    with buffer_server.client() as filler, pytest.raises(redis.OutOfMemoryError):
        for number in range(10_000):
            filler.set(f"filler:{number}", "x" * 10_000)
    assert read(client, article, ip=visitor(1)).status_code == 200
    assert in_database(article) == (1, 1)  # Redis refused it: it did not run there
    assert buffered(buffer_server, article) == 0


def test_beacons_are_counted_in_the_database_while_the_cache_is_down(
    client, settings, redis_server, article
):
    settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
    redis_server.kill()
    # No rate limit without the cache, and no 500: the read's own deduplication holds.
    for _ in range(3):
        assert beacon(client, article, ip=visitor(1), **SAME_ORIGIN).status_code == 204
    assert in_database(article) == (1, 1)


def test_readyz_names_the_buffer_redis_when_it_is_separate_and_down(client, settings, start_redis):
    cache_server, buffer_server = start_redis("cache"), start_redis("buffer")
    use_redis(settings, cache_server.url, buffer_url=buffer_server.url)
    response = client.get(reverse("readyz"))
    assert response.json()["checks"] == {
        "database": True,
        "redis": True,
        "view_buffer_redis": True,
    }

    buffer_server.kill()
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": True,
        "redis": True,
        "view_buffer_redis": False,
    }
