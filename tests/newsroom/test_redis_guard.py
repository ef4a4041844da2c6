"""Redis clients that fail fast and tell a command that never left from one that may have
run (newsroom/redis_guard.py), and the settings that use them."""

import json
import logging
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine

from newsroom import redis_guard
from tests.redis_process import Blackhole, RedisProcess, free_port, redis_server_available
from tests.subprocesses import production_env, run_python

NOW = datetime(2024, 5, 2, 5, 0, tzinfo=UTC)
SERVER = "127.0.0.1:6390"


@pytest.fixture(autouse=True)
def production_timeout(settings):
    """Production's 50 ms (the test settings give the shared Redis a longer one)."""
    settings.NEWSROOM_REDIS_TIMEOUT_MS = 50
    yield
    redis_guard.reset()


@pytest.fixture
def redis_server(tmp_path):
    if not redis_server_available():
        pytest.skip("redis-server is not installed")
    server = RedisProcess(tmp_path / "redis")
    try:
        server.start()
        yield server
    finally:
        server.close()


def test_the_breaker_opens_for_its_period_then_closes(settings):
    settings.NEWSROOM_REDIS_BREAKER_SECONDS = 5
    with time_machine.travel(NOW, tick=False) as clock:
        redis_guard.mark_down(SERVER, redis.ConnectionError("refused"))
        assert redis_guard.is_down(SERVER)
        clock.shift(timedelta(seconds=4.9))
        assert redis_guard.is_down(SERVER)
        clock.shift(timedelta(seconds=0.1))
        assert not redis_guard.is_down(SERVER)
        assert not redis_guard.is_down("127.0.0.1:6391")  # one breaker per server


def test_a_clock_set_back_closes_the_breaker_rather_than_extending_it():
    with time_machine.travel(NOW, tick=False) as clock:
        redis_guard.mark_down(SERVER, redis.ConnectionError("refused"))
        clock.shift(timedelta(hours=-1))
        assert not redis_guard.is_down(SERVER)


def test_an_opening_is_logged_once_not_for_every_failure(caplog):
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            redis_guard.mark_down(SERVER, redis.ConnectionError("refused"))
    openings = [record for record in caplog.records if "not tried again" in record.getMessage()]
    assert len(openings) == 1 and openings[0].levelno == logging.WARNING


def test_a_refused_connection_was_not_sent_and_later_calls_do_not_try():
    client = redis_guard.client(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(redis_guard.NotSent) as refused:
        client.ping()
    assert not isinstance(refused.value, redis_guard.CircuitOpen)
    with pytest.raises(redis_guard.CircuitOpen):
        client.ping()


def test_a_hanging_server_costs_one_short_timeout_and_the_command_was_not_sent():
    hole = Blackhole()
    try:
        client = redis_guard.client(hole.url)
        started = time.monotonic()
        with pytest.raises(redis_guard.NotSent):  # it hung in the handshake, before the PING
            client.ping()
        for _ in range(10):
            with pytest.raises(redis_guard.CircuitOpen):
                client.ping()
        assert time.monotonic() - started < 0.5
    finally:
        hole.close()


def test_a_timeout_after_sending_may_have_run_and_is_not_marked_not_sent(redis_server):
    client = redis_guard.client(redis_server.url)
    assert client.ping()
    redis_server.pause()
    try:
        with pytest.raises(redis.TimeoutError) as timed_out:
            client.incr("sent-before-the-pause")
        assert not isinstance(timed_out.value, redis_guard.NotSent)
        assert redis_guard.is_down(f"127.0.0.1:{redis_server.port}")
    finally:
        redis_server.resume()
    with redis_server.client() as plain:
        deadline = time.monotonic() + 5
        while plain.get("sent-before-the-pause") is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert plain.get("sent-before-the-pause") == "1"  # it did run, once: never retried


def test_an_answer_closes_the_breaker_of_a_server_back_up(redis_server, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.redis_guard")
    server = f"127.0.0.1:{redis_server.port}"
    with time_machine.travel(NOW, tick=False) as clock:
        redis_guard.mark_down(server, redis.ConnectionError("refused"))
        client = redis_guard.client(redis_server.url)
        with pytest.raises(redis_guard.CircuitOpen):
            client.ping()
        clock.shift(timedelta(seconds=6))
        assert client.ping()
    assert server not in redis_guard._down_since
    assert any("answers again" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    "url, connection_class",
    [
        ("redis://127.0.0.1:6379/0", redis.Connection),
        ("rediss://127.0.0.1:6379/0", redis.SSLConnection),
        ("unix:///run/redis/redis.sock?db=0", redis.UnixDomainSocketConnection),
    ],
)
def test_every_kind_of_connection_is_guarded_and_never_retried(url, connection_class):
    pool = redis_guard.GuardedConnectionPool.from_url(url)
    assert issubclass(pool.connection_class, connection_class)
    assert issubclass(pool.connection_class, redis_guard._GuardedConnection)
    assert pool.make_connection().retry.get_retries() == 0


def test_only_the_calls_skipped_while_the_breaker_is_open_are_left_out_of_the_log():
    def record(error: Exception) -> logging.LogRecord:
        try:
            raise RuntimeError("Exception ignored") from error
        except RuntimeError:
            return logging.LogRecord(
                "django_redis.cache", logging.ERROR, "", 0, "", (), sys.exc_info()
            )

    skip = redis_guard.SkipWhileOpen()
    assert not skip.filter(record(redis_guard.CircuitOpen("skipped")))
    assert skip.filter(record(redis_guard.NotSent("refused")))
    assert skip.filter(record(redis.TimeoutError("timeout")))
    assert skip.filter(logging.LogRecord("x", logging.ERROR, "", 0, "plain", (), None))


SHOW_CACHES = (
    "import django, json; django.setup(); from django.conf import settings;"
    "print(json.dumps([settings.CACHES['default'], settings.NEWSROOM_VIEW_BUFFER_URL]))"
)


def test_production_uses_a_cache_that_turns_redis_failures_into_misses(tmp_path):
    result = run_python(
        "-c",
        SHOW_CACHES,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        **production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0", REDIS_TIMEOUT_MS="80"),
    )
    assert result.returncode == 0, result.stderr
    cache, buffer_url = json.loads(result.stdout.strip().splitlines()[-1])
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["KEY_PREFIX"] == "newsroom"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert cache["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] == cache["OPTIONS"]["SOCKET_TIMEOUT"] == 0.08
    assert cache["OPTIONS"]["CONNECTION_POOL_CLASS"] == "newsroom.redis_guard.GuardedConnectionPool"
    assert buffer_url == ""  # the buffer shares REDIS_URL


def test_a_separate_buffer_redis_needs_redis_url_too(tmp_path):
    result = run_python(
        "-c",
        SHOW_CACHES,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        **production_env(tmp_path, VIEW_BUFFER_REDIS_URL="redis://127.0.0.1:6379/2"),
    )
    assert result.returncode != 0
    assert "VIEW_BUFFER_REDIS_URL needs REDIS_URL" in result.stderr


# -- Script: the hot path's one command, straight on a connection of its own --------

ADD = "redis.call('INCRBY', KEYS[1], ARGV[1]) return {redis.call('GET', KEYS[1]), ARGV[2]}"


def test_a_script_runs_with_its_keys_and_arguments_and_loads_itself_when_missing(redis_server):
    script = redis_guard.Script(redis_server.url, ADD, decode_responses=True)
    assert script(keys=["total"], args=[2, "été"]) == ["2", "été"]
    with redis_server.client() as plain:
        plain.script_flush()  # a restarted or another Redis: the script is unknown there
        assert script(keys=["total"], args=[3, 1.5]) == ["5", "1.5"]
        assert plain.script_exists(script.sha) == [True]


def test_a_script_packs_its_command_exactly_as_redis_py_does():
    parts = ("EVALSHA", "abc", 2, "k:1", "k:2", 1765000000.123456, 12, "none", "", "été")
    assert redis_guard._packed(*parts) == b"".join(redis.Connection().pack_command(*parts))


def test_a_script_after_a_restart_fails_before_sending_so_the_caller_knows_it_never_ran(
    redis_server,
):
    script = redis_guard.Script(redis_server.url, ADD, decode_responses=True)
    assert script(keys=["total"], args=[1, "x"]) == ["1", "x"]
    redis_server.kill()
    with pytest.raises(redis_guard.NotSent):
        script(keys=["total"], args=[1, "x"])
    with pytest.raises(redis_guard.CircuitOpen):  # the breaker: not even tried
        script(keys=["total"], args=[1, "x"])


def test_a_script_reconnects_to_a_redis_that_came_back(redis_server):
    script = redis_guard.Script(redis_server.url, ADD, decode_responses=True)
    assert script(keys=["total"], args=[1, "x"]) == ["1", "x"]
    redis_server.stop()
    redis_server.start()  # same port; its connection to us is gone
    # Checked before sending, as a pool does: the stale connection is replaced, the
    # command runs once.
    assert script(keys=["total"], args=[1, "x"]) == ["2", "x"]


def test_a_script_timing_out_after_sending_may_have_run_and_is_not_marked_not_sent(
    redis_server,
):
    script = redis_guard.Script(redis_server.url, ADD, decode_responses=True)
    assert script(keys=["total"], args=[1, "x"]) == ["1", "x"]
    redis_server.pause()
    try:
        with pytest.raises(redis.TimeoutError) as timed_out:
            script(keys=["total"], args=[1, "x"])
        assert not isinstance(timed_out.value, redis_guard.NotSent)
    finally:
        redis_server.resume()
    with redis_server.client() as plain:
        deadline = time.monotonic() + 5
        while plain.get("total") != "2" and time.monotonic() < deadline:
            time.sleep(0.01)
    redis_guard.reset()  # past the breaker's period
    # It did run, once (never retried), and the next call gets a new connection.
    assert script(keys=["total"], args=[0, "x"]) == ["2", "x"]
