"""Counting a read straight into PostgreSQL in one statement (no Redis).

Without Redis every counted read writes to the database. Done step by step that
is a transaction of five round trips (begin, the repeat-visitor mark, the counter,
the day's tally, commit); here it is one statement, whose data-modifying parts
PostgreSQL runs atomically:

1. ``target``: the article, only if it is public (and, when asked, unchanged since
   the cached page was rendered), with its count before this read;
2. ``earlier``/``live_mark``/``mark``: the repeat-visitor rules of ``articles.reads.counting``:
   a counted read is a repeat when yesterday's mark is still open, or when today's
   mark exists and has not expired; otherwise, while ``source`` (the reads its
   source address added to the article this hour, counting this one) is within the
   cap, today's mark is set;
3. ``bump``: the counter, when the mark was set;
4. ``tally``: the day's tally, in the column of the final outcome.

It returns the count shown before this read and whether the read counted, or no
row when the article is not public (or changed): nothing is written then. The
statement is prepared once per database connection.

Its transaction commits without waiting for the write-ahead log to reach the disk
(``synchronous_commit`` off, set by the statement for its own transaction only): a
read is worth less than the wait, which made the page 30-40% slower under load. A
crash of PostgreSQL itself (not of the app) can then lose the reads of the last
fraction of a second (three ``wal_writer_delay``, 0.6 s by default), never half of
one: the same bargain as the Redis buffer's once-a-second append-only file. Every
other write of the site keeps the server's setting.
The same rules run step by step on SQLite (``counting._store``).
"""

import functools
from datetime import date, datetime, timedelta

import psycopg
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

from articles.models import Article, DailyViews, Outcome, RecentReader, RecentSource
from articles.reads.visitors import SOURCE_KEPT


@functools.cache
def _statement() -> str:
    q = connection.ops.quote_name
    article, readers, sources, tallies = (
        q(model._meta.db_table) for model in (Article, RecentReader, RecentSource, DailyViews)
    )
    columns = [outcome.value for outcome in Outcome]
    values = ", ".join(_tally_value(Outcome(column)) for column in columns)
    increments = ", ".join(f"{q(c)} = {tallies}.{q(c)} + EXCLUDED.{q(c)}" for c in columns)
    return f"""
WITH target AS (
    SELECT id, view_count FROM {article}
    WHERE id = %(article_id)s AND status = %(published)s AND published_at <= %(now)s
      AND (%(unchanged_since)s::timestamptz IS NULL OR updated_at = %(unchanged_since)s)
      -- This transaction only (see above); evaluated once, for the article's row.
      AND set_config('synchronous_commit', 'off', true) = 'off'
), earlier AS (
    SELECT 1 FROM {readers} WHERE digest = ANY(%(earlier)s::varchar[]) AND expires_at > %(now)s
), live_mark AS (
    SELECT 1 FROM {readers} WHERE digest = %(digest)s AND expires_at > %(now)s
), source AS (
    INSERT INTO {sources} (digest, reads, expires_at)
    SELECT %(source)s, 1, %(source_expires)s FROM target
    WHERE %(outcome)s = 'counted' AND %(cap)s > 0
      AND NOT EXISTS (SELECT 1 FROM earlier) AND NOT EXISTS (SELECT 1 FROM live_mark)
    ON CONFLICT (digest) DO UPDATE SET reads = {sources}.reads + 1
    RETURNING reads
), mark AS (
    INSERT INTO {readers} (digest, expires_at)
    SELECT %(digest)s, %(expires)s FROM target
    WHERE %(outcome)s = 'counted' AND NOT EXISTS (SELECT 1 FROM earlier)
      AND COALESCE((SELECT reads FROM source), 0) <= %(cap)s
    ON CONFLICT (digest) DO UPDATE SET expires_at = EXCLUDED.expires_at
    WHERE {readers}.expires_at <= %(now)s
    RETURNING 1
), bump AS (
    UPDATE {article} SET view_count = view_count + 1
    WHERE id IN (SELECT id FROM target) AND EXISTS (SELECT 1 FROM mark)
), tally AS (
    INSERT INTO {tallies} (article_id, date, {", ".join(map(q, columns))})
    SELECT id, %(day)s, {values} FROM target
    ON CONFLICT (article_id, date) DO UPDATE SET {increments}
)
SELECT view_count, EXISTS (SELECT 1 FROM mark) FROM target"""  # noqa: S608


ONLY_WHEN_ASKED = 2**31 - 1  # psycopg's count of executions before it prepares by itself


class _PreparingCursor(psycopg.Cursor):
    """A server-side binding cursor whose statements PostgreSQL prepares once per
    connection: planning this statement costs more than running it (0.6 ms against
    0.3 ms), and connections persist (``CONN_MAX_AGE``)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def _prepared_cursor() -> CursorWrapper:
    """A cursor whose statements are prepared, wrapped as Django wraps its own (so the
    statement is logged and counted like any query, in the query budgets of the tests)."""
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's preparing off. Its own cursors bind on the client and
        # never prepare whatever this says; so only statements that ask are prepared.
        raw.prepare_threshold = ONLY_WHEN_ASKED
    cursor = _PreparingCursor(raw)
    if connection.queries_logged:
        return _DebugCursor(cursor, connection)
    return connection.make_cursor(cursor)


class _DebugCursor(CursorDebugWrapper):
    """Logs the statement's own text: psycopg cannot show a prepared statement with its
    values filled in, which is what Django would log otherwise (as None)."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return super(CursorDebugWrapper, self).execute(sql, params)


def _tally_value(column: Outcome) -> str:
    """What this read adds to a tally column: 1 in the column of its final outcome."""
    if column is Outcome.COUNTED:
        return "(SELECT count(*) FROM mark)"
    if column is Outcome.EXCLUDED:  # excluded, or a counted read that was a repeat
        return (
            "CASE WHEN %(outcome)s = 'other_excluded' OR (%(outcome)s = 'counted' "
            "AND NOT EXISTS (SELECT 1 FROM mark)) THEN 1 ELSE 0 END"
        )
    return f"CASE WHEN %(outcome)s = '{column.value}' THEN 1 ELSE 0 END"


def count(
    article_id: int,
    outcome: Outcome,
    digests: list[str],
    now: datetime,
    day: date,
    window: timedelta,
    unchanged_since: datetime | None = None,
    source: tuple[str, int] | None = None,
) -> tuple[int, Outcome] | None:
    """Count one request for the article's page. Returns the count before it and the
    outcome after deduplication, or None (nothing written) when the article is not
    public, or has changed since ``unchanged_since``. ``source``: the source's digest
    for this article and hour, and the most reads it may add (0: no cap)."""
    digest, *earlier = digests
    source_digest, cap = source or ("", 0)
    with _prepared_cursor() as cursor:
        cursor.execute(
            _statement(),
            {
                "article_id": article_id,
                "published": Article.Status.PUBLISHED,
                "now": now,
                "unchanged_since": unchanged_since,
                "earlier": earlier,
                "digest": digest,
                "expires": now + window,
                "outcome": outcome.value,
                "day": day,
                "source": source_digest,
                "source_expires": now + SOURCE_KEPT,
                "cap": cap,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    before, marked = row
    if outcome is Outcome.COUNTED and not marked:
        outcome = Outcome.EXCLUDED
    return before, outcome
