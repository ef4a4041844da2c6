"""Caching public pages with correct invalidation.

List pages (home, all news, tag, section, person, archives) are cached whole for
anonymous readers under a *content version*. Any change to what they show (an
article saved, published, withdrawn or deleted; tags, sections, people, site
settings) starts a new version, so every cached list is dropped at once. A
scheduled article going live changes the lists without any save, so the version
also changes when the earliest scheduled publication time passes.

The article page is not cached whole (its read count is live and its read is
counted); its rendered body is cached per article and last edit instead.

The cache is Django's: Redis when REDIS_URL is set (shared by all app servers),
local memory otherwise.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, Person, Section, SiteSettings

STATE_KEY = "articles:content-state"
PAGE_PREFIX = "articles:page:"


@dataclass(frozen=True)
class ContentState:
    version: str
    next_go_live: datetime | None


def content_version() -> str:
    """The current content version (one query when it has to be worked out again)."""
    state = cache.get(STATE_KEY)
    if state is None or (state.next_go_live and timezone.now() >= state.next_go_live):
        state = ContentState(
            version=uuid.uuid4().hex,
            next_go_live=Article.objects.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first(),
        )
        cache.set(STATE_KEY, state, None)
    return state.version


def forget_content(**kwargs) -> None:
    """Start a new content version: every cached list page is stale from now on."""
    cache.delete(STATE_KEY)


for model in (Article, Person, Section, SiteSettings, TaggedItem):
    post_save.connect(forget_content, sender=model, dispatch_uid=f"forget-{model.__name__}")
    post_delete.connect(forget_content, sender=model, dispatch_uid=f"forget-del-{model.__name__}")


@receiver(m2m_changed, sender=TaggedItem)
def _tags_changed(**kwargs) -> None:
    forget_content()


def cache_public_page(view):
    """Cache a list view's response for anonymous GETs, under the content version."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        timeout = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if not timeout or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # Scheme and host too: the page carries absolute URLs (canonical, og:url).
        path = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"{PAGE_PREFIX}{content_version()}:{path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            if hasattr(response, "render"):
                response.render()
            cache.set(key, response, timeout)
        return response

    return wrapper
