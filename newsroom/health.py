"""Health checks for a load balancer: ``/healthz`` (the app answers) and ``/readyz``
(its database and, when configured, Redis answer too).

``/readyz`` asks Redis itself every time, with the app's short timeout
(``REDIS_TIMEOUT_MS``) and whatever the circuit breaker says (``newsroom.redis_guard``):
it reports Redis down while the site keeps serving pages from the database.
"""

import logging

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from newsroom import redis_guard

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_ok(settings.REDIS_URL)
        buffer_url = settings.NEWSROOM_VIEW_BUFFER_URL
        if buffer_url and buffer_url != settings.REDIS_URL:
            checks["view_buffer_redis"] = _redis_ok(buffer_url)
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Readiness check: the database does not answer")
        return False
    return True


def _redis_ok(url: str) -> bool:
    # A client of its own, outside the breaker: the check always asks Redis itself.
    client = redis.Redis.from_url(
        url,
        socket_timeout=redis_guard.timeout(),
        socket_connect_timeout=redis_guard.timeout(),
        retry=None,
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("Readiness check: Redis does not answer")
        return False
    finally:
        client.close()
