"""Public pages, cached whole as rendered bytes, with correct invalidation.

Every public page (home, lists, archives, the article page) is cached for anonymous
readers under a *content version*. Any change to what a page shows (an article
saved, published, withdrawn or deleted; its photos, gallery and corrections; tags,
sections, people, site settings; the bot rules) starts a new version, so every
cached page is stale at once. A scheduled article going live changes pages without any save, so
the version also changes when the earliest scheduled publication time passes: no
cron job is needed.

A page is found with one cache round trip (``lookup``: the content state and the
page in one MGET); a page the worker already has needs only the version checked
(``local_page``, ``version_holds``). A list page's copy in the worker expires with
its copy in the shared cache (``CachedPage.expires_at``): what a list shows beside its
articles, such as the most read and their figures, changes without a new version.
The article page's read count is not in the cached bytes: the page is stored split
around it (``CachedPage.parts``) and the live figure is put in at response time, so a
cached page never shows a stale "Dibaca".

A list page is keyed by its address and the query parameters its view reads, normalised
(``page_key``, ``PAGINATED``): tracking parameters and other spellings of the same page
share its entry, so requests cannot grow the cache beyond the pages there are. The
article page ignores the query altogether.

The cache is Django's: Redis when REDIS_URL is set (shared by all app servers),
local memory otherwise. Local memory is per process, so there the article page
asks the database once per read whether the article is still the one cached
(``articles.public.article_page``).
"""

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import (
    Article,
    ArticleEvent,
    ArticlePhoto,
    BlockedNetwork,
    Person,
    Photo,
    Section,
    SiteSettings,
    UserAgentRule,
)
from newsroom import redis_guard

if TYPE_CHECKING:
    from articles.reads.blocklists import Blocklists

logger = logging.getLogger(__name__)

STATE_KEY = "articles:content-state"
PAGE_PREFIX = "articles:page:"


@dataclass(frozen=True)
class ContentState:
    version: str
    next_go_live: datetime | None

    def is_current(self, now: datetime) -> bool:
        return self.next_go_live is None or now < self.next_go_live


def content_state() -> ContentState:
    """The current content state (one query when it has to be worked out again)."""
    state = cache.get(STATE_KEY)
    if state is not None and state.is_current(timezone.now()):
        return state
    fresh = ContentState(
        version=uuid.uuid4().hex,
        next_go_live=Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
    )
    if state is None:
        # Several processes may start a version at once: the first one stored wins,
        # so the pages they render next are all of one version.
        if not cache.add(STATE_KEY, fresh, None):
            fresh = cache.get(STATE_KEY) or fresh
    else:
        cache.set(STATE_KEY, fresh, None)
    return fresh


def content_version() -> str:
    return content_state().version


def current_version() -> str | None:
    """The content version in force, or None when a change has made every page stale
    (one small cache read; none at all with the local-memory cache)."""
    state = cache.get(STATE_KEY)
    if state is None or not state.is_current(timezone.now()):
        return None
    return state.version


def state_key() -> str:
    """The content state's key in the cache's Redis, for a script that checks it."""
    return cache.make_key(STATE_KEY)


# KEYS: the content state. ARGV: a content version. Returns 1 if the state holds that
# version (the stored state is a pickle in which the version's 32 hex digits appear as
# they are; a random version can't appear in another state), else 0.
_VERSION_HOLDS = """
local state = redis.call('GET', KEYS[1])
if state and string.find(state, ARGV[1], 1, true) then
  return 1
end
return 0
"""


@functools.cache
def _version_script(url: str) -> redis_guard.Script:
    return redis_guard.Script(url, _VERSION_HOLDS)


def version_holds(version: str) -> bool:
    """Whether ``version`` is still the content version in force: one round trip. With
    Redis, straight through a connection of its own (``redis_guard.Script``), answered
    in a number rather than the pickled state: a list page served from this process's
    copy took about 0.30 ms of CPU in process instead of 0.38 ms through django-redis
    and redis-py's per-command layers. A Redis that fails answers no, as a cache miss
    would (the page is then looked up, and if need be rendered, without it)."""
    if not is_shared():
        return current_version() == version
    try:
        return (
            _version_script(settings.CACHES["default"]["LOCATION"])([state_key()], [version]) == 1
        )
    except redis_guard.CircuitOpen:
        return False  # Redis failed moments ago (logged then): not tried
    except redis.RedisError as error:
        logger.warning("Redis did not answer the content version check: %s", error)
        return False


def forget_content(**kwargs) -> None:
    """Start a new content version: every cached page is stale from now on."""
    cache.delete(STATE_KEY)
    forget_local_pages()


# What the pages show, and the bot rules and blocked networks (a copy of them is
# kept with each page this process has: see LocalPage).
_SHOWN_ON_PAGES = (
    Article,
    ArticleEvent,
    ArticlePhoto,
    BlockedNetwork,
    Person,
    Photo,
    Section,
    SiteSettings,
    Tag,
    TaggedItem,
    UserAgentRule,
)
for model in _SHOWN_ON_PAGES:
    post_save.connect(forget_content, sender=model, dispatch_uid=f"forget-{model.__name__}")
    post_delete.connect(forget_content, sender=model, dispatch_uid=f"forget-del-{model.__name__}")


@receiver(m2m_changed, sender=TaggedItem)
def _tags_changed(**kwargs) -> None:
    forget_content()


# -- cached pages -------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    """A rendered page. ``parts``: its bytes, split where the read count goes when the
    page shows one. ``article_id`` and ``article_updated``: the article it shows.
    ``expires_at``: for a list page, when its copy in the shared cache expires; a
    process's own copy is not served after it either (see ``local_page``)."""

    version: str
    parts: tuple[bytes, ...]
    content_type: str
    article_id: int | None = None
    article_updated: datetime | None = None
    expires_at: datetime | None = None

    def response(self, figure: str = "") -> HttpResponse:
        return HttpResponse(figure.encode().join(self.parts), content_type=self.content_type)


def is_shared() -> bool:
    """Whether the cache is shared by every app server (Redis), so that an
    invalidation anywhere reaches it; local memory is one process's own."""
    return not isinstance(caches["default"], LocMemCache)


def is_cacheable(request: HttpRequest) -> bool:
    """Whether this request may be answered from (and fill) the page cache: a GET or
    HEAD without a session cookie (no signed-in user), with the page cache on.
    Decided without touching the session or the user table."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.NEWSROOM_PAGE_CACHE_SECONDS > 0
    )


# -- what a list page reads from the query string ---------------------------------------
#
# A list page is cached under its address and only the query parameters it reads, each in
# the one form its view understands it: tracking parameters (utm_*, fbclid, gclid), any
# other parameter and any other spelling of the same value all lead to the same entry. So
# the number of entries is bounded by the pages there are, whatever the requests say.

# A parameter's normaliser: its raw value (the last one given, as ``QueryDict.get``
# reads it; "" when absent) -> its canonical form, "" for the view's default.
Normaliser = Callable[[str], str]
INVALID = "invalid"  # a value the view answers with a 404, which is never cached


def page_number(value: str) -> str:
    """``?page=`` as Django's pagination reads it: empty or 1 is the first page (""),
    "last" the last; anything ``int()`` accepts is that number ("01", " 2", "+2" are 1
    and 2); a number below 1 and anything else are a 404 (``INVALID``)."""
    if value == "last":
        return value
    if not value:
        return ""
    try:
        number = int(value)
    except ValueError:  # not a number, or too long to be one
        return INVALID
    if number < 1:
        return INVALID
    return "" if number == 1 else str(number)


# What the paginated list pages read.
PAGINATED: Mapping[str, Normaliser] = MappingProxyType({"page": page_number})
NOTHING: Mapping[str, Normaliser] = MappingProxyType({})


def page_key(
    request: HttpRequest, *, with_query: bool, reads: Mapping[str, Normaliser] = NOTHING
) -> str:
    """The page's cache key: its address, and with ``with_query`` the parameters in
    ``reads``, normalised; every other parameter is ignored."""
    # Scheme and host too: the page carries absolute URLs (canonical, og:url).
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    # No query string (most requests): nothing to parse.
    if with_query and request.META.get("QUERY_STRING"):
        read = ((name, normalise(request.GET.get(name, ""))) for name, normalise in reads.items())
        if query := urlencode(sorted((name, value) for name, value in read if value)):
            address += "?" + query
    return PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def lookup(
    key: str, also: Iterable[str] = ()
) -> tuple[CachedPage | None, ContentState | None, dict]:
    """The cached page under ``key`` if it is of the current content version, the
    content state, and the values of the ``also`` keys, in one cache round trip."""
    found = cache.get_many([STATE_KEY, key, *also])
    state, page = found.get(STATE_KEY), found.get(key)
    if state is not None and not state.is_current(timezone.now()):
        state = None
    if page is not None and (state is None or page.version != state.version):
        page = None
    return page, state, found


def store(key: str, page: CachedPage) -> None:
    cache.set(key, page, settings.NEWSROOM_PAGE_CACHE_SECONDS)


# -- this process's own copies ---------------------------------------------------
#
# A page this process has already fetched or rendered is kept here too, so that a
# read needs only to learn that the content version is still the same (with Redis:
# one small read, or a check inside the read-count script) instead of fetching the
# page's bytes again. Bounded; emptied when full.

LOCAL_PAGES = 200


@dataclass(frozen=True)
class LocalPage:
    state: ContentState
    page: CachedPage
    lists: "Blocklists | None" = None  # the read counter's, for the article page


_local: dict[str, LocalPage] = {}


def local_page(key: str) -> LocalPage | None:
    """This process's copy of the page under ``key``, unless a scheduled publication
    has passed since or (a list page) its time is up; its version must still be checked
    (``version_holds``)."""
    hit = _local.get(key)
    if hit is None:
        return None
    now = timezone.now()
    if not hit.state.is_current(now) or (
        hit.page.expires_at is not None and now >= hit.page.expires_at
    ):
        return None
    return hit


def remember(
    key: str, state: ContentState, page: CachedPage, lists: "Blocklists | None" = None
) -> None:
    if page.version != state.version:
        return
    if len(_local) >= LOCAL_PAGES:
        _local.clear()
    _local[key] = LocalPage(state=state, page=page, lists=lists)


def forget_local_pages() -> None:
    _local.clear()


def cache_public_page(*, reads: Mapping[str, Normaliser]):
    """Cache a list view's response for anonymous GETs, under the content version.

    ``reads``: the query parameters the view reads, each with its normaliser (e.g.
    ``PAGINATED``); the page is cached under them alone (``page_key``)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable(request):
                return view(request, *args, **kwargs)
            key = page_key(request, with_query=True, reads=reads)
            hit = local_page(key)
            if hit is not None and version_holds(hit.page.version):
                return hit.page.response()
            page, state, _found = lookup(key)
            if page is not None:
                remember(key, state, page)
                return page.response()
            # The state before rendering: a change while rendering makes this copy stale.
            state = content_state()
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                if hasattr(response, "render"):
                    response.render()
                # What a list shows beside its articles (the most read, their figures)
                # changes without a new content version: no copy outlives the cache time.
                lifetime = timedelta(seconds=settings.NEWSROOM_PAGE_CACHE_SECONDS)
                page = CachedPage(
                    version=state.version,
                    parts=(response.content,),
                    content_type=response["Content-Type"],
                    expires_at=timezone.now() + lifetime,
                )
                store(key, page)
                remember(key, state, page)
            return response

        return wrapper

    return decorator
