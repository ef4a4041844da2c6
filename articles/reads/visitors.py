"""Who is reading, as keyed hashes that cannot be turned back into an address or agent.

Privacy (UU PDP No. 27/2022): the IP address and user agent are only read here, never
stored. Every hash is keyed by a salt derived from the secret key that changes every
day, and is kept only as long as its rule needs it:

- a *visitor* (address, user agent, article) for the repeat-read window;
- a *source* (the address, an IPv6 /64 as one, and the article, within one clock hour)
  for the cap on the reads one address can add; its user agent is left out, so that
  rotating it gets round nothing.
"""

import functools
import hashlib
import hmac
from datetime import date, datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from newsroom.client_ip import client_ip, source_network

# How long a source's count of reads of one article is kept: its clock hour (the
# ``source_digest`` names it), and a minute.
SOURCE_KEPT = timedelta(minutes=61)


def site_time(now: datetime) -> datetime:
    """``now`` in the site's zone, whose days and hours the counting rules use. Cheaper
    than ``timezone.localtime``, which looks up the active zone (a context-local) on
    each call; this runs several times on every read."""
    return now.astimezone(timezone.get_default_timezone())


def dedup_window() -> timedelta:
    return timedelta(minutes=settings.NEWSROOM_VIEW_DEDUP_MINUTES)


def daily_salt(day: date) -> bytes:
    """A salt that changes every day, derived from the secret key (nothing stored)."""
    return _salt(settings.SECRET_KEY, day)


@functools.lru_cache(maxsize=4)
def _salt(secret_key: str, day: date) -> bytes:
    return hmac.new(
        secret_key.encode(), f"view-salt:{day.isoformat()}".encode(), hashlib.sha256
    ).digest()


def visitor_digests(request: HttpRequest, article_id: int, now: datetime) -> list[str]:
    """Today's digest, and yesterday's too while a window opened before midnight may
    still be running, so a repeat read across midnight is still recognised."""
    local = site_time(now)
    today = local.date()
    digests = [_digest(request, article_id, today)]
    since_midnight = timedelta(hours=local.hour, minutes=local.minute, seconds=local.second)
    if since_midnight < dedup_window():
        digests.append(_digest(request, article_id, today - timedelta(days=1)))
    return digests


def _digest(request: HttpRequest, article_id: int, day: date) -> str:
    # Keyed BLAKE2b: a MAC like HMAC-SHA-256, in one call (this runs on every read).
    material = "\x1f".join(
        [client_ip(request), request.META.get("HTTP_USER_AGENT", ""), str(article_id)]
    )
    return hashlib.blake2b(material.encode(), key=daily_salt(day), digest_size=32).hexdigest()


def source_digest(request: HttpRequest, article_id: int, now: datetime) -> str:
    """A keyed hash of (source network, article, clock hour): the key of the count of
    reads that source added to the article in this hour. ``article_id`` 0: any page
    (the beacon's rate limit)."""
    local = site_time(now)
    material = f"{source_network(client_ip(request))}\x1f{article_id}\x1f{local.hour}"
    return hashlib.blake2b(
        material.encode(), key=daily_salt(local.date()), digest_size=32, person=b"source"
    ).hexdigest()
