"""Counting a read in the database step by step, in one transaction: on SQLite, and on
PostgreSQL for the beacon and while Redis is down (the page's own read on PostgreSQL
is one statement, ``articles.reads.direct``, with the same rules).

The rules (``articles.reads.counting``): a counted read is a repeat while the visitor's
mark of today, or of yesterday's window, is open; otherwise it counts while its source
address has added no more than the cap to the article this hour, and then marks the
visitor. Whatever the outcome, the day's tally of it grows by one.
"""

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, DailyViews, Outcome, RecentReader, RecentSource
from articles.reads.visitors import SOURCE_KEPT


def store(
    article_id: int,
    outcome: Outcome,
    digests: list[str],
    now: datetime,
    window: timedelta,
    source: tuple[str, int] | None = None,
) -> Outcome:
    """Count the read: all or none (no savepoint, so no extra round trip). Returns the
    outcome after the rules. ``digests``: the visitor's digest of today, then maybe
    yesterday's; ``source``: the source's digest for the article and hour, and the cap
    (0: none)."""
    with transaction.atomic(savepoint=False):
        if outcome is Outcome.COUNTED and not _first_read(digests, now, window, source):
            outcome = Outcome.EXCLUDED
        if outcome is Outcome.COUNTED:
            Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
        DailyViews.objects.add(article_id, timezone.localdate(now), {outcome: 1})
    return outcome


def _first_read(
    digests: list[str], now: datetime, window: timedelta, source: tuple[str, int] | None
) -> bool:
    """Whether the read counts: no open mark, the source within its cap; then the
    visitor is marked. False (nothing marked) otherwise."""
    if RecentReader.objects.filter(digest__in=digests, expires_at__gt=now).exists():
        return False
    if source is not None and source[1] > 0 and _source_reads(source[0], now) > source[1]:
        return False
    return _mark(digests[0], now, window)


def _source_reads(digest: str, now: datetime) -> int:
    """Add this read to its source's count for the article and hour; the count after."""
    table = connection.ops.quote_name(RecentSource._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest, reads, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (digest) DO UPDATE SET reads = {table}.reads + 1 RETURNING reads",
            [digest, connection.ops.adapt_datetimefield_value(now + SOURCE_KEPT)],
        )
        return cursor.fetchone()[0]


def _mark(digest: str, now: datetime, window: timedelta) -> bool:
    """Mark the visitor as seen for ``window``; False when another read did just now."""
    table = connection.ops.quote_name(RecentReader._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest, expires_at) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (digest) DO UPDATE SET expires_at = EXCLUDED.expires_at "
            f"WHERE {table}.expires_at <= %s",
            [
                digest,
                connection.ops.adapt_datetimefield_value(now + window),
                connection.ops.adapt_datetimefield_value(now),
            ],
        )
        return cursor.rowcount == 1


def forget_expired_readers(now: datetime | None = None) -> int:
    """Delete the repeat-visitor marks and source counts whose time is over. Returns how
    many marks."""
    now = now or timezone.now()
    RecentSource.objects.filter(expires_at__lte=now).delete()
    deleted, _ = RecentReader.objects.filter(expires_at__lte=now).delete()
    return deleted
