"""The content API's rate limit: at most ``NEWSROOM_API_RATE_PER_MINUTE`` requests per
client in each clock minute, counted in the cache (Redis in production, so every app
server shares the count); past it the API answers 429 with ``Retry-After``.

Privacy (UU PDP No. 27/2022): the client is known by a keyed hash of its source
network (an IPv4 address, or an IPv6 /64 as one), never by its address, and each
count is dropped when its minute is over."""

import hashlib
import hmac
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from newsroom.client_ip import client_ip, source_network

WINDOW_SECONDS = 60
KEY_PREFIX = "api-rate:"


def client_key(request: HttpRequest, window: int) -> str:
    """The cache key of the client's count in ``window`` (the minute's number)."""
    material = f"{source_network(client_ip(request))}\x1f{window}"
    digest = hmac.new(_key(settings.SECRET_KEY), material.encode(), hashlib.blake2b)
    return f"{KEY_PREFIX}{digest.hexdigest()[:40]}"


def _key(secret_key: str) -> bytes:
    return hashlib.blake2b(f"api-rate:{secret_key}".encode(), digest_size=32).digest()


class PerClientRate(BaseThrottle):
    """A fixed window per clock minute: one ``add`` and one ``incr`` per request. One
    instance serves every request (and thread), so it keeps no state of its own."""

    def allow_request(self, request: HttpRequest) -> bool:
        limit = settings.NEWSROOM_API_RATE_PER_MINUTE
        if limit <= 0:
            return True
        now = time.time()
        window = math.floor(now / WINDOW_SECONDS)
        key = client_key(request, window)
        # A little longer than the window, so a count never expires while it is current.
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: this request starts it again
            cache.add(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
        if count is None:
            # The Redis cache is down (django-redis logged it): no count to compare with.
            # The API stays open, as the pages do; the limit returns with Redis.
            return True
        return count <= limit

    def wait(self) -> float:
        """Until the current window ends (ninja rounds it up for ``Retry-After``)."""
        return WINDOW_SECONDS - time.time() % WINDOW_SECONDS
