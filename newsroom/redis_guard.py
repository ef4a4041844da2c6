"""Connections to Redis that fail fast, and say whether a command can have run.

Redis is a cache and a buffer here, never the only copy of anything a page needs, so a
Redis that is down or slow must cost a page little. Every client the app makes (the
cache, through ``GuardedConnectionPool`` in ``settings.CACHES``, and the read buffer,
through ``client()``) gets:

- short socket timeouts (``REDIS_TIMEOUT_MS``, 50 ms by default) and no retries: a retried
  command that timed out after it was sent could run twice;
- a per-process circuit breaker per server: a connection failure or a timeout marks the
  server down for ``REDIS_BREAKER_SECONDS`` (5 by default), during which no connection to
  it touches the network (``CircuitOpen`` at once), so a dead or stalled Redis costs one
  timeout per process every few seconds instead of one per command. After that the next
  command tries again: success closes the breaker, failure opens it anew;
- ``NotSent`` for a failure that happened before the command was handed over in full
  (connecting, the handshake, writing it, or the breaker being open): such a command
  cannot have run. A failure while waiting for the answer (a timeout, the connection
  lost) stays a plain ``redis.TimeoutError`` or ``redis.ConnectionError``: the command
  may have run.
"""

import functools
import hashlib
import logging
import os
import threading
import time

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


class NotSent(redis.ConnectionError):
    """The command never reached Redis in full: it cannot have run."""


class CircuitOpen(NotSent):
    """Not tried: Redis failed moments ago and its breaker is open."""


# Errors Redis answers with instead of running a command: nothing of it was applied
# (out of memory under ``noeviction``, a read-only replica, no permission, still loading).
REFUSALS = (
    redis.exceptions.OutOfMemoryError,
    redis.exceptions.ReadOnlyError,
    redis.exceptions.NoPermissionError,
    redis.exceptions.BusyLoadingError,
)
# A command that failed with one of these certainly did not run.
NOT_APPLIED = (NotSent, *REFUSALS)

# server ("host:port" or socket path) -> when it was last marked down (epoch seconds).
# The wall clock rather than a monotonic one, so that tests can move it (time-machine).
_down_since: dict[str, float] = {}


def timeout() -> float:
    """The connect and read timeout of every Redis client, in seconds."""
    return settings.NEWSROOM_REDIS_TIMEOUT_MS / 1000


def is_down(server: str) -> bool:
    """Whether ``server``'s breaker is open (it failed less than the breaker period ago)."""
    since = _down_since.get(server)
    if since is None:
        return False
    # A clock that went back (negative age) closes the breaker rather than extending it.
    return 0 <= time.time() - since < settings.NEWSROOM_REDIS_BREAKER_SECONDS


def mark_down(server: str, error: Exception) -> None:
    """Open ``server``'s breaker. Logged once per opening, not for every command."""
    was_down = is_down(server)
    _down_since[server] = time.time()
    if not was_down:
        logger.warning(
            "Redis at %s failed (%s: %s); not tried again for %s s",
            server,
            type(error).__name__,
            error,
            settings.NEWSROOM_REDIS_BREAKER_SECONDS,
        )


def mark_up(server: str) -> None:
    if _down_since.pop(server, None) is not None:
        logger.info("Redis at %s answers again", server)


def reset() -> None:
    """Forget every outage (the tests start each from a closed breaker)."""
    _down_since.clear()


class SkipWhileOpen(logging.Filter):
    """Drops the records of calls the open breaker skipped (``CircuitOpen``), such as
    django-redis's "Exception ignored" for every cache call of every page during an
    outage: the failure that opened the breaker was logged, by ``mark_down`` and by the
    caller that met it."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, CircuitOpen):
                return False
            error = error.__cause__
        return True


class _GuardedConnection:
    """Mixed into a redis-py connection class (``guarded``): the breaker and ``NotSent``."""

    _FAILURES = (redis.ConnectionError, redis.TimeoutError)

    def _server(self) -> str:
        return getattr(self, "path", "") or f"{self.host}:{self.port}"

    def _refuse_while_down(self) -> None:
        if is_down(self._server()):
            raise CircuitOpen(f"Redis at {self._server()} is marked down; not tried")

    def connect(self, *args, **kwargs):
        self._refuse_while_down()
        try:
            return super().connect(*args, **kwargs)
        except NotSent:
            raise
        except self._FAILURES as error:
            mark_down(self._server(), error)
            raise NotSent(f"Could not connect to Redis at {self._server()}: {error}") from error

    def send_packed_command(self, *args, **kwargs):
        self._refuse_while_down()
        try:
            return super().send_packed_command(*args, **kwargs)
        except NotSent:
            raise
        except self._FAILURES as error:
            # Connecting, the health check or the write failed: Redis never had it whole.
            mark_down(self._server(), error)
            raise NotSent(f"Could not send to Redis at {self._server()}: {error}") from error

    def read_response(self, *args, **kwargs):
        try:
            response = super().read_response(*args, **kwargs)
        except self._FAILURES as error:
            mark_down(self._server(), error)
            raise
        if _down_since:
            mark_up(self._server())
        return response


@functools.cache
def guarded(connection_class: type) -> type:
    """``connection_class`` (plain, TLS or Unix socket) with the breaker and ``NotSent``."""
    return type(f"Guarded{connection_class.__name__}", (_GuardedConnection, connection_class), {})


class GuardedConnectionPool(redis.ConnectionPool):
    """A connection pool whose connections are ``guarded`` (``CONNECTION_POOL_CLASS`` of
    the django-redis cache)."""

    def __init__(self, connection_class=redis.Connection, **kwargs):
        # Never retried: a command that timed out after it was sent may have run.
        kwargs["retry"] = Retry(NoBackoff(), 0)
        super().__init__(connection_class=guarded(connection_class), **kwargs)


def cache_settings(url: str, timeout_ms: int) -> dict:
    """Django's cache on Redis at ``url`` (django-redis): a failure is a miss, logged by
    django-redis (``DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS``), never an error."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "CONNECTION_POOL_CLASS": "newsroom.redis_guard.GuardedConnectionPool",
            "SOCKET_CONNECT_TIMEOUT": timeout_ms / 1000,
            "SOCKET_TIMEOUT": timeout_ms / 1000,
            "IGNORE_EXCEPTIONS": True,
        },
    }


def client(url: str, **kwargs) -> redis.Redis:
    """A client of ``url`` with the short timeouts, no retries and guarded connections."""
    pool = GuardedConnectionPool.from_url(
        url, socket_timeout=timeout(), socket_connect_timeout=timeout(), **kwargs
    )
    return redis.Redis(connection_pool=pool)


class Script:
    """A Lua script for the hot path, run on a guarded connection of its own per thread
    (same timeouts, breaker and ``NotSent`` as ``client()``), straight through the
    connection: redis-py's per-command layer (pool checkout, retry wrapper, metrics
    hooks) costs more CPU than the command's own round trip (about 20 of 45 us with
    redis-py 8). EVALSHA, then EVAL once if the server does not have the script yet.
    Call it with ``keys`` and ``args`` like a registered script; errors are redis-py's."""

    def __init__(self, url: str, text: str, **kwargs):
        self.text = text
        self.sha = hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 (Redis names scripts so)
        self._factory = GuardedConnectionPool.from_url(
            url, socket_timeout=timeout(), socket_connect_timeout=timeout(), **kwargs
        )
        self._local = threading.local()

    def __call__(self, keys: list, args: list):
        connection = self._ready()
        try:
            try:
                return self._run(connection, "EVALSHA", self.sha, keys, args)
            except redis.exceptions.NoScriptError:
                return self._run(connection, "EVAL", self.text, keys, args)
        except (redis.ConnectionError, redis.TimeoutError):
            # Whatever was half read is unusable: the next call connects again.
            connection.disconnect()
            raise

    @staticmethod
    def _run(connection, command: str, script: str, keys: list, args: list):
        connection.send_packed_command([_packed(command, script, len(keys), *keys, *args)])
        return connection.read_response()

    def _ready(self):
        """This thread's connection, connected, and not one the server has closed: as
        a pool checks at checkout, so that a Redis restarted since the last command
        fails here, before anything is sent (``NotSent``), rather than after."""
        connection = self._connection()
        connection.connect()  # nothing to do when connected
        try:
            stale = connection.can_read()  # an end of file or stray data is waiting
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            stale = True
        if stale:
            connection.disconnect()
            connection.connect()
        return connection

    def _connection(self):
        # Per thread (gthread workers), and made anew in a forked child.
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.connection = self._factory.make_connection()
            local.pid = os.getpid()
        return local.connection


def _packed(*parts: str | int | float) -> bytes:
    """One command in Redis's protocol (RESP), for arguments that are text or numbers:
    what redis-py's ``pack_command`` makes of them, in one pass."""
    encoded = [str(part).encode() for part in parts]
    return b"*%d\r\n" % len(encoded) + b"".join(
        b"$%d\r\n%s\r\n" % (len(part), part) for part in encoded
    )
