"""Counting public reads of articles: what counts as one read, and recording it.

One read is a successful GET of a published article's page by a visitor.
Not counted, and tallied apart per day so a spike can be explained:
- bots, crawlers and link-preview fetchers (user agent on the staff-managed list);
- everything else excluded: logged-in staff, prefetch/prerender requests, requests
  that are not a document navigation (``Sec-Fetch-Dest`` other than ``document``: an
  ``<img>`` or iframe pointing at the page, a fetch), IP networks on the
  staff-managed blocklist, repeat reads by the same visitor within
  ``NEWSROOM_VIEW_DEDUP_MINUTES``, and the reads of one source address (an IPv6 /64
  as one) beyond ``NEWSROOM_READS_PER_SOURCE_PER_HOUR`` for the article in one clock
  hour, whatever user agents it sends.

Privacy (UU PDP No. 27/2022): visitors and sources are keyed hashes
(``articles.reads.visitors``); no address or user agent is stored.

Without ``REDIS_URL`` a read is written straight to the database: on PostgreSQL
in one prepared statement (``articles.reads.direct``), elsewhere as the same steps
in one transaction. With it, reads are buffered in Redis (``articles.reads.buffer``)
and ``manage.py flush_view_counts`` applies them.
While that Redis is down (``newsroom.redis_guard``), a read Redis certainly did not
take is written to the database as without Redis; one whose script was sent but not
answered may have been buffered, so it is logged and not counted again.
"""

import ipaddress
import logging
from datetime import datetime
from enum import StrEnum

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article, Outcome
from articles.reads import buffer, direct, stepwise
from articles.reads.blocklists import Blocklists, blocklists
from articles.reads.visitors import dedup_window, site_time, source_digest, visitor_digests
from newsroom import redis_guard
from newsroom.client_ip import client_ip

PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
PREFETCH_WORDS = ("prefetch", "prerender", "preview")

logger = logging.getLogger(__name__)


class CountingMode(StrEnum):
    """How the article page counts its reads (``VIEW_COUNT_MODE``)."""

    INLINE = "inline"  # the page request itself is the read
    BEACON = "beacon"  # the page posts a beacon (behind a page cache or CDN)
    OFF = "off"  # nothing is counted


def mode() -> CountingMode:
    return CountingMode(settings.NEWSROOM_VIEW_COUNT_MODE)


# -- the rules ------------------------------------------------------------


def classify(
    request: HttpRequest, *, beacon: bool = False, lists: Blocklists | None = None
) -> Outcome | None:
    """What this request is, before deduplication. ``None``: not a read at all (a page
    request that is not a GET, or a beacon that is not a POST). ``lists``: the
    blocklists, when the caller already has them."""
    if request.method != ("POST" if beacon else "GET"):
        return None
    lists = lists or blocklists()
    if lists.is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return Outcome.BOT
    if _is_staff(request):
        return Outcome.EXCLUDED
    for header in PREFETCH_HEADERS:
        value = request.META.get(header)
        if value and any(word in value.lower() for word in PREFETCH_WORDS):
            return Outcome.EXCLUDED
    # Only a page opened as a document is read: not an <img>, iframe or fetch of it.
    if not beacon and request.META.get("HTTP_SEC_FETCH_DEST", "document") != "document":
        return Outcome.EXCLUDED
    if lists.networks:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            address = None
        if address is not None and any(address in network for network in lists.networks):
            return Outcome.EXCLUDED
    return Outcome.COUNTED


def _is_staff(request: HttpRequest) -> bool:
    # Without a session cookie nobody is signed in: the session is not even looked at.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and user.is_staff


def is_same_origin(request: HttpRequest) -> bool:
    """Whether a POST comes from our own pages (Fetch metadata, else the Origin header)."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.META.get("HTTP_ORIGIN")
    return origin is not None and origin == f"{request.scheme}://{request.get_host()}"


def beacon_rate_exceeded(request: HttpRequest) -> bool:
    """Whether this source address (an IPv6 /64 as one) sent more than
    NEWSROOM_BEACON_RATE_PER_MINUTE beacons this minute."""
    now = timezone.now()
    # Per source address, whatever user agents it sends.
    key = f"articles:beacon:{source_digest(request, 0, now)[:32]}:{int(now.timestamp() // 60)}"
    cache.add(key, 0, 120)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 120)
        sent = 1
    if sent is None:
        # The Redis cache is down (django-redis logged it): no rate to compare with. The
        # read itself is still deduplicated, so letting the beacon through inflates nothing.
        return False
    return sent > settings.NEWSROOM_BEACON_RATE_PER_MINUTE


# -- recording --------------------------------------------------------------


def record_read(request: HttpRequest, article: Article, *, beacon: bool = False) -> Outcome | None:
    """Count (or tally as excluded) one request for a published article's page.

    Returns what the request was, or ``None`` when it is not a read at all
    (not a GET, or the article is not public). Safe under any concurrency.
    ``beacon``: the request is the page's same-origin POST beacon, not the page.
    """
    outcome = classify(request, beacon=beacon)
    if outcome is None or not article.is_public:
        return None
    if settings.REDIS_URL:
        try:
            return _buffer(request, article.pk, outcome)[0]
        except redis.RedisError as error:
            if not _count_in_database_instead(article.pk, error):
                return None
    return _store(request, article.pk, outcome)


def read_page(
    request: HttpRequest,
    article_id: int,
    *,
    unchanged_since: datetime | None = None,
    content: tuple[str, str] | None = None,
    stored_count: int | None = None,
    lists: Blocklists | None = None,
    count: bool = True,
) -> int | None:
    """The article page's part in counting: count this request as a read when the page
    counts its reads (``inline``), and return the figure the page shows ("Dibaca"),
    as it was before this read.

    The page may be a cached copy, checked here in the same step as the read:
    ``unchanged_since``: the article must still be public and unchanged since then
    (a query); ``content``: the content state's key in the buffer's Redis and the
    version it must still hold (checked by the read's own script). When the check
    fails, None is returned and nothing is counted.
    ``stored_count``: the article's ``view_count`` just read from the database, if
    the caller has it; ``lists``: the blocklists, if the caller has them; ``count``
    False: only the figure (see ReadInDoubt).
    With Redis a read costs one round trip (no query); without it, one statement.
    While Redis is down, reads are counted in the database as without it.
    """
    counts = count and mode() is CountingMode.INLINE
    outcome = classify(request, lists=lists) if counts else None
    if settings.REDIS_URL:
        if unchanged_since is not None:
            stored_count = _stored_count(article_id, unchanged_since)
            if stored_count is None:
                return None
        try:
            return _buffered_figure(request, article_id, outcome, stored_count, content)
        except buffer.ContentChanged:
            return None
        except redis.RedisError as error:
            applied_nowhere = outcome is None or _count_in_database_instead(article_id, error)
            if content is not None:
                # The cached copy is unchecked: the caller serves the page the long way,
                # and counts the read only if Redis certainly did not.
                if applied_nowhere:
                    return None
                raise ReadInDoubt from error
            if not applied_nowhere:
                outcome = None
        unchanged_since = None  # checked above
    if outcome is not None and connection.vendor == "postgresql":
        return _store_in_one_statement(request, article_id, outcome, unchanged_since)
    if stored_count is None or unchanged_since is not None:
        stored_count = _stored_count(article_id, unchanged_since)
        if stored_count is None:
            return None
    if outcome is not None:
        _store(request, article_id, outcome)
    return stored_count


class ReadInDoubt(Exception):
    """The read was sent to Redis with a content check, and no answer came: it may
    have been counted. Serve the page without counting it again."""


def checks_content_in_buffer() -> bool:
    """Whether the read's script can check the content version itself: the buffer
    lives in the cache's own Redis database."""
    return bool(settings.REDIS_URL) and buffer.url() == settings.REDIS_URL


def _count_in_database_instead(article_id: int, error: redis.RedisError) -> bool:
    """Whether a read the buffer failed to take is to be counted in the database: yes
    when Redis certainly did not run the script; no when it was sent and no answer
    came (Redis may have buffered it: counting it again could count it twice, so it
    is lost at worst; a read is worth less than the page)."""
    if isinstance(error, redis_guard.CircuitOpen):
        return True  # Redis failed moments ago (logged then): not tried
    if isinstance(error, redis_guard.NOT_APPLIED):
        logger.warning(
            "Redis did not take the read of article %s (%s: %s); counted in the database",
            article_id,
            type(error).__name__,
            error,
        )
        return True
    logger.exception(
        "Redis failed after the read of article %s was sent; it may be buffered, "
        "so it is not counted again",
        article_id,
    )
    return False


def _stored_count(article_id: int, unchanged_since: datetime | None) -> int | None:
    """The article's stored count, if it is public (and unchanged since ...)."""
    articles = Article.objects.published().filter(pk=article_id)
    if unchanged_since is not None:
        articles = articles.filter(updated_at=unchanged_since)
    return articles.values_list("view_count", flat=True).first()


def _store_in_one_statement(
    request: HttpRequest, article_id: int, outcome: Outcome, unchanged_since: datetime | None
) -> int | None:
    now = timezone.now()
    result = direct.count(
        article_id,
        outcome,
        visitor_digests(request, article_id, now),
        now,
        site_time(now).date(),
        dedup_window(),
        unchanged_since,
        _source(request, article_id, now) if outcome is Outcome.COUNTED else None,
    )
    return None if result is None else result[0]


def _buffered_figure(
    request: HttpRequest,
    article_id: int,
    outcome: Outcome | None,
    stored_count: int | None,
    content: tuple[str, str] | None,
) -> int:
    outcome, shown = _buffer(request, article_id, outcome, content)
    counted = outcome is Outcome.COUNTED
    if stored_count is None and shown is None:
        stored_count = _stored_count(article_id, None) or 0
    if shown is None:
        try:
            shown = buffer.seed_shown(article_id, stored_count) - counted
        except redis.RedisError:
            # The read is in the buffer already: show the stored figure, count nothing more.
            logger.warning("Redis failed working out the figure of article %s", article_id)
            shown = stored_count
    return shown


def _buffer(
    request: HttpRequest,
    article_id: int,
    outcome: Outcome | None,
    content: tuple[str, str] | None = None,
) -> tuple[Outcome | None, int | None]:
    now = timezone.now()
    if outcome is None:
        return buffer.record(article_id, None, [], now, dedup_window(), content)
    digests = visitor_digests(request, article_id, now)
    source = _source(request, article_id, now) if outcome is Outcome.COUNTED else None
    return buffer.record(article_id, outcome, digests, now, dedup_window(), content, source)


def pending_reads(article: Article) -> int:
    """Reads counted but not yet in the database (buffered in Redis)."""
    if not settings.REDIS_URL:
        return 0
    try:
        return buffer.pending(article.pk)
    except redis_guard.CircuitOpen:
        return 0  # Redis failed moments ago (logged then): the database figure only
    except redis.RedisError:
        logger.exception("Redis unavailable; showing the database figure only")
        return 0


def displayed_count(article: Article) -> int:
    """The public figure: the database's count plus what is pending."""
    return article.view_count + pending_reads(article)


def _source(request: HttpRequest, article_id: int, now: datetime) -> tuple[str, int]:
    """The source's digest for this article and hour, and the cap on its reads."""
    cap = settings.NEWSROOM_READS_PER_SOURCE_PER_HOUR
    return (source_digest(request, article_id, now) if cap > 0 else "", cap)


def _store(request: HttpRequest, article_id: int, outcome: Outcome) -> Outcome:
    now = timezone.now()
    digests = visitor_digests(request, article_id, now)
    source = _source(request, article_id, now) if outcome is Outcome.COUNTED else None
    return stepwise.store(article_id, outcome, digests, now, dedup_window(), source)
