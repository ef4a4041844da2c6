"""What the site says about itself, read on every public page: its settings and its
sections (the menu). Each is one query, cached for ``CACHE_SECONDS``.

The menu lists only the sections with a published release. Saving or deleting the
settings, a section or an article drops the cached copy at once (in every process with
a shared cache such as Redis; within ``CACHE_SECONDS`` with the local-memory cache). A
scheduled release puts its section in the menu when it goes live, with no save: the
cached menu ends at the earliest go-live among the hidden sections.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article, Section, SiteSettings

CACHE_SECONDS = 300
SETTINGS_KEY = "articles:site-settings"
SECTIONS_KEY = "articles:menu"  # a Menu; "articles:sections" held a plain list


def site_settings() -> SiteSettings:
    """The stored settings, or the defaults from the environment while none are stored."""
    stored = cache.get(SETTINGS_KEY)
    if stored is None:
        stored = SiteSettings.objects.filter(pk=1).first() or SiteSettings(
            pk=1, **SiteSettings.defaults()
        )
        cache.set(SETTINGS_KEY, stored, CACHE_SECONDS)
    return stored


@dataclass(frozen=True)
class Menu:
    sections: list[Section]
    until: datetime | None  # when a hidden section's scheduled release goes live

    def is_current(self, now: datetime) -> bool:
        return self.until is None or now < self.until


def sections() -> list[Section]:
    """The sections with a published release, in menu order (one query, none when cached)."""
    stored = cache.get(SECTIONS_KEY)
    if stored is None or not stored.is_current(timezone.now()):
        every = list(Section.objects.with_visibility())
        hidden_go_lives = [s.goes_live for s in every if not s.is_public and s.goes_live]
        stored = Menu(
            sections=[section for section in every if section.is_public],
            until=min(hidden_go_lives, default=None),
        )
        cache.set(SECTIONS_KEY, stored, CACHE_SECONDS)
    return stored.sections


@receiver([post_save, post_delete], sender=SiteSettings, dispatch_uid="forget-site-settings")
def forget_site_settings(**kwargs) -> None:
    cache.delete(SETTINGS_KEY)


@receiver([post_save, post_delete], sender=Section, dispatch_uid="forget-sections")
@receiver([post_save, post_delete], sender=Article, dispatch_uid="forget-sections-articles")
def forget_sections(**kwargs) -> None:
    """A section, or an article (published, withdrawn, moved), changed: the menu may too."""
    cache.delete(SECTIONS_KEY)
