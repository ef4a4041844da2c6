"""Buffering reads in Redis and applying them to the database exactly once.

A page view costs one Redis round trip (a Lua script: deduplicate, then
HINCRBY). ``flush()`` moves the live hash aside with RENAME (atomic: each read
lands in exactly one batch), applies each batch in one database transaction
that also records the batch id (unique), then deletes the batch. If a flush
dies before its commit, the batch is still in Redis and the next flush applies
it; if it dies after the commit, the next flush sees the recorded id and only
deletes the batch. Concurrent flushers collide on the unique id, never on the
counts.
"""

import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from string import Template

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, DailyViews, FlushedBatch, Outcome
from articles.reads.visitors import SOURCE_KEPT, site_time
from newsroom import redis_guard

PREFIX = "newsroom:views:"
LIVE = PREFIX + "live"
BATCHES = PREFIX + "batches"  # set of batch keys not yet deleted
BATCH_PREFIX = PREFIX + "batch:"
SEEN_PREFIX = PREFIX + "seen:"
# A source's reads of one article in one clock hour (its key names the hour).
SOURCE_PREFIX = PREFIX + "source:"
# The figure an article page shows ("Dibaca"): the database's count plus the pending
# reads, kept in step by the record script so a page read needs no database query.
# It expires now and then and is worked out again (``seed_shown``), so a drift (a
# read that landed while it was being worked out) cannot last.
SHOWN_PREFIX = PREFIX + "shown:"
SHOWN_SECONDS = 600
# A day's tallies are hash fields "d:<date>:<article>:<outcome>". Batches buffered by
# versions before December 2026 name the outcome with one letter; a flush after an
# upgrade still reads them. (Safe to remove once no such batch can be left.)
_EARLIER_CODES = {"c": Outcome.COUNTED, "b": Outcome.BOT, "x": Outcome.EXCLUDED}

# KEYS: live hash, the article's shown figure, the content state (see ARGV[7]), the
# source's count of reads of the article this hour (see ARGV[8]), the seen key for
# today's digest, then maybe yesterday's. ARGV: the article's id, today (ISO date), now
# (epoch s), when the visitor's window ends (epoch s), the seen key's ttl (s), the
# outcome (an ``Outcome`` value, or "none": only the figure is wanted), a content
# version that the content state must still hold ("" to skip that check), and the most
# reads one source may add to the article in an hour (0: no cap). The hash fields are
# named here: "t:<article>" and "d:<day>:<article>:<outcome>".
# Returns {1 if counted else 0, the shown figure before this read or -1 if unknown},
# or {-1, -1} when the content version has changed (then nothing is done).
_RECORD = Template("""
if ARGV[7] ~= '' then
  local state = redis.call('GET', KEYS[3])
  if not state or not string.find(state, ARGV[7], 1, true) then
    return {-1, -1}
  end
end
local shown = redis.call('GET', KEYS[2]) or -1
local outcome = ARGV[6]
if outcome == 'none' then
  return {0, shown}
end
local day = 'd:' .. ARGV[2] .. ':' .. ARGV[1] .. ':'
if outcome ~= '$counted' then
  redis.call('HINCRBY', KEYS[1], day .. outcome, 1)
  return {0, shown}
end
for i = 5, #KEYS do
  local seen = redis.call('GET', KEYS[i])
  if seen and tonumber(seen) > tonumber(ARGV[3]) then
    redis.call('HINCRBY', KEYS[1], day .. '$excluded', 1)
    return {0, shown}
  end
end
local cap = tonumber(ARGV[8])
if cap > 0 then
  local reads = redis.call('INCR', KEYS[4])
  if reads == 1 then
    redis.call('EXPIRE', KEYS[4], $source_seconds)
  end
  if reads > cap then
    redis.call('HINCRBY', KEYS[1], day .. '$excluded', 1)
    return {0, shown}
  end
end
redis.call('SET', KEYS[5], ARGV[4], 'EX', ARGV[5])
redis.call('HINCRBY', KEYS[1], 't:' .. ARGV[1], 1)
redis.call('HINCRBY', KEYS[1], day .. '$counted', 1)
if shown ~= -1 then
  redis.call('INCR', KEYS[2])
end
return {1, shown}
""").substitute(
    counted=Outcome.COUNTED.value,
    excluded=Outcome.EXCLUDED.value,
    source_seconds=int(SOURCE_KEPT.total_seconds()),
)

# KEYS: live hash, batch set. ARGV: the article's total field. Returns the live
# count, then (batch key, count) pairs for batches holding the article: one round trip.
_PENDING = """
local result = {redis.call('HGET', KEYS[1], ARGV[1]) or '0'}
for _, key in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local value = redis.call('HGET', key, ARGV[1])
  if value then
    table.insert(result, key)
    table.insert(result, value)
  end
end
return result
"""

# A claimed batch key that never came to exist (its flusher died between the
# two steps of claiming) is dropped from the set after this long.
STALE_CLAIM_SECONDS = 300

_clients: dict[str, tuple[redis.Redis, object, object]] = {}


def client() -> redis.Redis:
    return _connection()[0]


def url() -> str:
    """Where the buffer lives: its own Redis (``VIEW_BUFFER_REDIS_URL``), else the cache's."""
    return settings.NEWSROOM_VIEW_BUFFER_URL or settings.REDIS_URL


def _connection():
    """One client (with its connection pool) per process and URL: short timeouts, no
    retries, a circuit breaker (``newsroom.redis_guard``)."""
    buffer_url = url()
    if buffer_url not in _clients:
        redis_client = redis_guard.client(buffer_url, decode_responses=True)
        _clients[buffer_url] = (
            redis_client,
            redis_guard.Script(buffer_url, _RECORD, decode_responses=True),
            redis_client.register_script(_PENDING),
        )
    return _clients[buffer_url]


class ContentChanged(Exception):
    """The content version a read was checked against is no longer in force."""


def record(
    article_id: int,
    outcome: Outcome | None,
    digests: list[str],
    now: datetime,
    window: timedelta,
    content: tuple[str, str] | None = None,
    source: tuple[str, int] | None = None,
) -> tuple[Outcome | None, int | None]:
    """Buffer one read. Returns the outcome after deduplication within ``window``
    (see ``articles.reads.counting``) and the figure the page showed before this
    read, or None when Redis does not hold it (then see ``seed_shown``).
    ``outcome`` None: nothing to count, only the figure. ``digests``: the visitor's
    digest for today, then possibly yesterday's. ``content``: the content state's key
    (in this Redis) and the version it must still hold, else ContentChanged is
    raised and nothing is counted. ``source``: the source's digest for this article
    and hour, and the most reads it may add (a read beyond is tallied as excluded)."""
    _, record_script, _ = _connection()
    timestamp = now.timestamp()
    seconds = window.total_seconds()
    # Without a check the script is given an empty version and never reads the key.
    state_key, version = content or (LIVE, "")
    source_digest, cap = source or ("", 0)
    counted, shown = record_script(
        keys=[
            LIVE,
            f"{SHOWN_PREFIX}{article_id}",
            state_key,
            SOURCE_PREFIX + source_digest,
            *(SEEN_PREFIX + d for d in digests),
        ],
        args=[
            article_id,
            site_time(now).date().isoformat(),
            timestamp,
            timestamp + seconds,
            int(seconds) + 60,
            outcome.value if outcome is not None else "none",
            version,
            cap,
        ],
    )
    if counted == -1:
        raise ContentChanged
    if outcome is Outcome.COUNTED and not counted:
        outcome = Outcome.EXCLUDED
    shown = int(shown)
    return outcome, (shown if shown >= 0 else None)


def seed_shown(article_id: int, stored_count: int) -> int:
    """Work out the shown figure again, from the database's ``stored_count`` plus the
    pending reads, and keep it for ``SHOWN_SECONDS``. Returns it."""
    figure = stored_count + pending(article_id)
    client().set(SHOWN_PREFIX + str(article_id), figure, ex=SHOWN_SECONDS, nx=True)
    return figure


def forget_shown(article_id: int) -> None:
    """Drop the shown figure (the stored count was corrected): the next read works it out."""
    client().delete(SHOWN_PREFIX + str(article_id))


def pending(article_id: int) -> int:
    """Counted reads of the article in Redis that no flush has applied yet.

    A batch a flush has applied but not yet deleted (it died in between) is
    not pending any more; only then is the database asked (rare).
    """
    _, _, pending_script = _connection()
    live, *pairs = pending_script(keys=[LIVE, BATCHES], args=[f"t:{article_id}"])
    total = int(live)
    waiting = {key: int(value) for key, value in zip(pairs[::2], pairs[1::2], strict=True)}
    if waiting:
        applied = set(
            FlushedBatch.objects.filter(
                batch_id__in=[key.removeprefix(BATCH_PREFIX) for key in waiting]
            ).values_list("batch_id", flat=True)
        )
        total += sum(
            value for key, value in waiting.items() if key.removeprefix(BATCH_PREFIX) not in applied
        )
    return total


def claim_live() -> str | None:
    """Move the live hash aside as a new batch. Returns its key, or None if nothing to do."""
    redis_client = client()
    key = f"{BATCH_PREFIX}{int(time.time())}-{uuid.uuid4().hex}"
    redis_client.sadd(BATCHES, key)
    try:
        redis_client.rename(LIVE, key)
    except redis.ResponseError:  # no live hash: nothing was read since the last flush
        redis_client.srem(BATCHES, key)
        return None
    return key


def apply_batch(key: str) -> bool:
    """Apply one batch to the database exactly once. Returns False if it was applied before."""
    values = client().hgetall(key)
    totals: dict[int, int] = defaultdict(int)
    daily: dict[tuple[int, date], dict[Outcome, int]] = defaultdict(lambda: defaultdict(int))
    for field, value in values.items():
        parts = field.split(":")
        if parts[0] == "t":
            totals[int(parts[1])] += int(value)
        elif parts[0] == "d":
            day, article_id, name = date.fromisoformat(parts[1]), int(parts[2]), parts[3]
            outcome = _EARLIER_CODES.get(name) or Outcome(name)
            daily[(article_id, day)][outcome] += int(value)
    try:
        with transaction.atomic():
            FlushedBatch.objects.create(batch_id=key.removeprefix(BATCH_PREFIX))
            existing = set(
                Article.objects.filter(pk__in={a for a, _ in daily} | set(totals)).values_list(
                    "pk", flat=True
                )
            )
            for article_id, count in totals.items():
                if article_id in existing:
                    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + count)
            for (article_id, day), tallies in daily.items():
                if article_id in existing:
                    DailyViews.objects.add(article_id, day, tallies)
    except IntegrityError:
        if not FlushedBatch.objects.filter(batch_id=key.removeprefix(BATCH_PREFIX)).exists():
            raise
        return False
    return True


def discard_batch(key: str) -> None:
    redis_client = client()
    redis_client.delete(key)
    redis_client.srem(BATCHES, key)


def _drop_if_stale(key: str) -> None:
    # Another flusher may be between SADD and RENAME right now; only an old
    # claim is certainly dead.
    claimed_at = int(key.removeprefix(BATCH_PREFIX).split("-", 1)[0])
    if time.time() - claimed_at > STALE_CLAIM_SECONDS:
        client().srem(BATCHES, key)


# How long an applied batch id is remembered. A batch key can only outlive its
# application until the next flush (every minute), so a week is ample.
FLUSHED_BATCH_MEMORY = timedelta(days=7)


def flush() -> dict[str, int]:
    """Apply every buffered read to the database. Safe to run concurrently and after a crash."""
    FlushedBatch.objects.filter(applied_at__lt=timezone.now() - FLUSHED_BATCH_MEMORY).delete()
    claim_live()
    applied = skipped = 0
    for key in sorted(client().smembers(BATCHES)):
        if not client().exists(key):
            _drop_if_stale(key)
            continue
        if apply_batch(key):
            applied += 1
        else:
            skipped += 1
        discard_batch(key)
    return {"applied": applied, "already_applied": skipped}
