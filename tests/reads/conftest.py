"""Fixtures of the read-counting tests."""

import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def counting_defaults(settings):
    """Reads counted straight into the database (no Redis, "inline" mode) with the default
    repeat window, no trusted proxy and the default beacon rate and cap per source,
    whatever the environment
    says; an empty cache (blocklists, repeat-visitor marks) before and after the test."""
    settings.REDIS_URL = ""
    settings.NEWSROOM_VIEW_COUNT_MODE = "inline"
    settings.NEWSROOM_VIEW_DEDUP_MINUTES = 30
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 0
    settings.NEWSROOM_BEACON_RATE_PER_MINUTE = 30
    settings.NEWSROOM_READS_PER_SOURCE_PER_HOUR = 30
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["direct", "redis"])
def mode(request):
    """Each test twice: reads counted straight into the database, and buffered in Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_mode")
    return request.param


@pytest.fixture
def article(db):
    return ArticleFactory()
