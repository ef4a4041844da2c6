"""Counting under load and after crashes (issue 4): no read lost, none counted twice.

Thread tests write to the database from many connections at once, so they need
PostgreSQL and real transactions. The Redis buffer's exactly-once flush is tested on
both databases, with a flusher that dies at each step, and on PostgreSQL with a
``flush_view_counts`` process killed while its transaction is open.
"""

import io
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.models import Article, DailyViews, FlushedBatch
from articles.reads import buffer as view_buffer
from articles.reads import counting
from articles.reads.counting import Outcome
from tests.factories import ArticleFactory
from tests.subprocesses import PROJECT

THREADS, READS = 8, 2000
BROWSER = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"
ON_POSTGRESQL = connection.vendor == "postgresql"
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="many writers at once need PostgreSQL"
)


def page_request(article, ip, ua=BROWSER):
    request = RequestFactory().get(article.get_absolute_url(), REMOTE_ADDR=ip, HTTP_USER_AGENT=ua)
    request.user = AnonymousUser()
    return request


def read_as_visitors(article, thread_no, count):
    """``count`` reads by distinct visitors, each one a counted read."""
    try:
        for i in range(count):
            ip = f"10.{thread_no}.{i // 200}.{i % 200 + 1}"
            assert counting.record_read(page_request(article, ip), article) is Outcome.COUNTED
    finally:
        connection.close()


def in_threads(task, *args_per_thread):
    """Run ``task(*args)`` for each args tuple, all at once; re-raise any thread's error."""
    start = threading.Barrier(len(args_per_thread))

    def run(args):
        start.wait()
        try:
            return task(*args)
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=len(args_per_thread)) as pool:
        return [future.result() for future in [pool.submit(run, a) for a in args_per_thread]]


def read_in_threads(article):
    in_threads(read_as_visitors, *[(article, n, READS // THREADS) for n in range(THREADS)])


def figures(article):
    article.refresh_from_db()
    today = DailyViews.objects.filter(article=article, date=timezone.localdate()).first()
    return article.view_count, today.counted if today else 0


@pytest.mark.parametrize("mode", ["direct", "redis"])
@pytest.mark.django_db(transaction=True)
class TestManyReadersAtOnce:
    @needs_postgresql
    def test_2000_reads_in_8_threads_add_exactly_2000(self, mode, request):
        if mode == "redis":
            request.getfixturevalue("redis_mode")
        article = ArticleFactory(view_count=315)
        read_in_threads(article)
        if mode == "redis":
            assert counting.displayed_count(article) == 315 + READS
            view_buffer.flush()
            assert view_buffer.pending(article.pk) == 0
        assert figures(article) == (315 + READS, READS)

    @needs_postgresql
    def test_one_visitor_in_8_threads_counts_once(self, mode, request):
        if mode == "redis":
            request.getfixturevalue("redis_mode")
        article = ArticleFactory()

        def reload_page(_):
            return [
                counting.record_read(page_request(article, "10.1.1.1"), article) for _ in range(5)
            ]

        outcomes = sum(in_threads(reload_page, *[(n,) for n in range(THREADS)]), [])
        assert outcomes.count(Outcome.COUNTED) == 1
        if mode == "redis":
            view_buffer.flush()
        assert figures(article) == (1, 1)
        assert DailyViews.objects.get(article=article).other_excluded == THREADS * 5 - 1


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_flushers_racing_with_readers_apply_every_read_once(redis_mode):
    article = ArticleFactory(view_count=315)
    readers_done = threading.Event()
    flushes = []

    def flush_until_readers_are_done():
        try:
            while not readers_done.is_set():
                flushes.append(view_buffer.flush())
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS + 2) as pool:
        flushers = [pool.submit(flush_until_readers_are_done) for _ in range(2)]
        readers = [
            pool.submit(read_as_visitors, article, n, READS // THREADS) for n in range(THREADS)
        ]
        try:
            for future in readers:
                future.result()
        finally:
            readers_done.set()
        for future in flushers:
            future.result()
    view_buffer.flush()
    assert sum(flush["applied"] for flush in flushes) > 1  # the flushers really ran meanwhile
    assert figures(article) == (315 + READS, READS)
    assert redis_mode.keys(view_buffer.BATCH_PREFIX + "*") == []
    assert redis_mode.scard(view_buffer.BATCHES) == 0


# -- the Redis buffer's exactly-once flush, on both databases ------------------------


@pytest.fixture
def buffered(redis_mode, db):
    """An article with an imported figure of 315 and three reads waiting in Redis."""
    article = ArticleFactory(view_count=315)
    for ip in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        counting.record_read(page_request(article, ip), article)
    return article


@pytest.mark.django_db
class TestExactlyOnceFlush:
    def test_pending_reads_show_on_the_page_and_a_flush_does_not_change_the_figure(
        self, client, buffered
    ):
        assertContains(client.get(buffered.get_absolute_url()), "Dibaca : 318 Kali")
        assert counting.displayed_count(buffered) == 319  # the page's own read is pending too
        view_buffer.flush()
        buffered.refresh_from_db()
        assert (buffered.view_count, counting.displayed_count(buffered)) == (319, 319)
        assertContains(client.get(buffered.get_absolute_url(), HTTP_USER_AGENT="x"), "319 Kali")

    def test_a_batch_claimed_by_a_flusher_that_died_is_applied_by_the_next_flush(self, buffered):
        assert view_buffer.claim_live() is not None  # ...and the flusher dies here
        assert figures(buffered) == (315, 0)
        assert counting.displayed_count(buffered) == 318
        assert view_buffer.flush() == {"applied": 1, "already_applied": 0}
        assert view_buffer.flush() == {"applied": 0, "already_applied": 0}
        assert figures(buffered) == (318, 3)

    def test_a_batch_applied_by_a_flusher_that_died_is_not_applied_again(self, buffered):
        key = view_buffer.claim_live()
        assert view_buffer.apply_batch(key) is True  # ...and the flusher dies before discarding
        assert view_buffer.flush() == {"applied": 0, "already_applied": 1}
        assert figures(buffered) == (318, 3)
        assert FlushedBatch.objects.count() == 1

    def test_the_page_does_not_double_count_a_batch_applied_but_not_yet_discarded(self, buffered):
        view_buffer.apply_batch(view_buffer.claim_live())  # the flusher dies before discarding
        buffered.refresh_from_db()
        assert counting.displayed_count(buffered) == 318

    def test_applying_the_same_batch_twice_applies_it_once(self, buffered):
        key = view_buffer.claim_live()
        assert [view_buffer.apply_batch(key), view_buffer.apply_batch(key)] == [True, False]
        assert figures(buffered) == (318, 3)

    def test_reads_arriving_after_a_claim_go_to_the_next_batch(self, buffered):
        key = view_buffer.claim_live()
        counting.record_read(page_request(buffered, "10.0.0.4"), buffered)
        view_buffer.apply_batch(key)
        view_buffer.discard_batch(key)
        assert figures(buffered) == (318, 3)
        view_buffer.flush()
        assert figures(buffered) == (319, 4)

    def test_the_flush_command_applies_buffered_reads(self, buffered):
        output = io.StringIO()
        call_command("flush_view_counts", stdout=output)
        assert "Applied 1 batch(es)" in output.getvalue()
        assert figures(buffered) == (318, 3)

    def test_with_redis_down_pages_render_and_reads_are_counted_in_the_database(
        self, client, settings
    ):
        settings.REDIS_URL = "redis://127.0.0.1:6390/0"  # nothing listens there
        article = ArticleFactory(view_count=315)
        assertContains(client.get(article.get_absolute_url()), "Dibaca : 315 Kali")
        assert figures(article) == (316, 1)
        settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
        url = reverse("articles:read_beacon", args=[article.pk])
        assert client.post(url, HTTP_SEC_FETCH_SITE="same-origin").status_code == 204
        assert figures(article) == (316, 1)  # the same visitor again: a repeat


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_flush_process_killed_inside_its_transaction_is_redone_once(redis_mode, settings):
    """``manage.py flush_view_counts`` blocks on the article row, is killed, and the next
    flush applies the batch it had claimed, once."""
    article = ArticleFactory(view_count=315)
    for n in range(5):
        counting.record_read(page_request(article, f"10.0.0.{n + 1}"), article)
    env = {  # the production settings module, pointed at this test's databases
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,  # the test Redis database redis_mode set
    }
    with transaction.atomic():
        Article.objects.select_for_update().get(pk=article.pk)  # the flusher will wait here
        flusher = subprocess.Popen(  # noqa: S603
            [sys.executable, str(PROJECT / "manage.py"), "flush_view_counts"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            backend = wait_for_backend_waiting_on_a_lock(flusher)
        finally:
            flusher.send_signal(signal.SIGKILL)
            flusher.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    assert redis_mode.scard(view_buffer.BATCHES) == 1  # claimed, not applied
    assert figures(article) == (315, 0)
    assert view_buffer.flush() == {"applied": 1, "already_applied": 0}
    assert figures(article) == (320, 5)
    assert FlushedBatch.objects.count() == 1


def wait_for_backend_waiting_on_a_lock(flusher, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh look each time
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            if flusher.poll() is not None:
                raise AssertionError(f"the flush process ended early: {flusher.stdout.read()}")
            time.sleep(0.05)
    raise AssertionError("the flush process never reached the locked article row")


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["direct", "redis"])
def test_saving_an_article_keeps_the_reads_counted_since_it_was_loaded(mode, request):
    """What the admin's change form does: load the article, then save it. Reads counted
    (or flushed) in between must not be overwritten by the figure loaded earlier."""
    if mode == "redis":
        request.getfixturevalue("redis_mode")
    article = ArticleFactory(view_count=315)
    being_edited = Article.objects.get(pk=article.pk)
    counting.record_read(page_request(article, "10.0.0.1"), article)
    if mode == "redis":
        view_buffer.flush()
    being_edited.title = "Judul yang diperbaiki"
    being_edited.save()
    assert figures(article) == (316, 1)
