"""deploy/redis-newsroom.conf keeps what README (Running Redis in production) promises, on
a redis-server of the test's own started with exactly its settings: a full memory evicts
cached pages and never a pending read, pending reads survive a restart, and the only keys
without an expiry (which volatile-lru never evicts) are the pending reads and the content
version."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from articles.public.caching import PAGE_PREFIX, STATE_KEY
from articles.reads import buffer as view_buffer
from newsroom import redis_guard
from tests.factories import ArticleFactory
from tests.reads.reading import read
from tests.redis_process import RedisProcess, redis_server_available

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bot_rules")]

SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "redis-newsroom.conf"
# Where the test's server listens and keeps its files is its own.
THE_TESTS_OWN = {"bind", "port", "dir", "logfile", "include"}


def sample_options() -> list[str]:
    """The sample's directives as redis-server options (``--maxmemory 256mb`` ...)."""
    options = []
    for line in SAMPLE.read_text().splitlines():
        words = line.split()
        if words and not words[0].startswith("#") and words[0] not in THE_TESTS_OWN:
            options += [f"--{words[0]}", *words[1:]]
    return options


@pytest.fixture
def sample_redis(settings, tmp_path):
    """A redis-server run with the sample's settings only (no persistence unless the sample
    asks for it), with a 4 MB ceiling instead of 256 MB so that the test can fill it; the
    cache and the read buffer in it, as on a single production server."""
    if not redis_server_available():
        pytest.skip("redis-server is not installed")
    defaults_off = ["--appendonly", "no", "--appendfsync", "no"]
    server = RedisProcess(
        tmp_path / "redis", *defaults_off, *sample_options(), "--maxmemory", "4mb"
    )
    server.start()
    local_cache = settings.CACHES
    settings.REDIS_URL, settings.NEWSROOM_VIEW_BUFFER_URL = server.url, ""
    settings.CACHES = {"default": redis_guard.cache_settings(server.url, 1000)}
    try:
        yield server
    finally:
        settings.CACHES = local_cache
        server.close()
        redis_guard.reset()


def readers(client, article: Article, count: int) -> None:
    for number in range(1, count + 1):
        assert read(client, article, ip=f"198.51.100.{number}").status_code == 200


def test_the_sample_sets_a_memory_ceiling_volatile_lru_and_the_append_only_file(sample_redis):
    with sample_redis.client() as inside:
        assert inside.config_get("maxmemory-policy") == {"maxmemory-policy": "volatile-lru"}
        assert inside.config_get("appendonly") == {"appendonly": "yes"}
    assert "--maxmemory" in sample_options()


def test_a_cache_filling_the_memory_evicts_pages_and_never_a_pending_read(client, sample_redis):
    article = ArticleFactory()
    readers(client, article, 3)
    page = b"<html>" + b"x" * 20_000
    for number in range(1_000):  # 20 MB of pages (with their expiry) into 4 MB
        cache.set(f"{PAGE_PREFIX}filler-{number}", page, 300)
    with sample_redis.client() as inside:
        assert inside.info("stats")["evicted_keys"] > 0
        assert inside.hget(view_buffer.LIVE, f"t:{article.pk}") == "3"
    call_command("flush_view_counts")
    article.refresh_from_db()
    assert article.view_count == 3


def test_pending_reads_survive_a_redis_restart(client, sample_redis):
    article = ArticleFactory()
    readers(client, article, 3)
    sample_redis.stop()
    sample_redis.start()  # the same folder: it replays the sample's append-only file
    call_command("flush_view_counts")
    article.refresh_from_db()
    assert article.view_count == 3


def test_only_pending_reads_and_the_content_version_have_no_expiry(client, sample_redis):
    article = ArticleFactory(tags=["banjir"])
    for path in (reverse("articles:home"), reverse("articles:tag", args=["banjir"])):
        assert client.get(path).status_code == 200
    readers(client, article, 3)
    call_command("flush_view_counts")
    readers(client, article, 4)  # one more reader, pending again
    with sample_redis.client() as inside:
        keys = {key: inside.ttl(key) for key in inside.scan_iter()}
    never_expiring = {key for key, ttl in keys.items() if ttl == -1}
    assert never_expiring == {view_buffer.LIVE, cache.make_key(STATE_KEY)}
    assert any(key.startswith(view_buffer.SEEN_PREFIX) for key in keys)  # with an expiry
    assert any(PAGE_PREFIX in key for key in keys)
