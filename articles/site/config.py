"""What the site says about itself, read on every public page: its settings and its
sections (the menu). Each is one plain query, cached for ``CACHE_SECONDS``.

Saving or deleting either drops its cached copy at once (in every process with a
shared cache such as Redis; within ``CACHE_SECONDS`` with the local-memory cache).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Section, SiteSettings

CACHE_SECONDS = 300
SETTINGS_KEY = "articles:site-settings"
SECTIONS_KEY = "articles:sections"


def site_settings() -> SiteSettings:
    """The stored settings, or the defaults from the environment while none are stored."""
    stored = cache.get(SETTINGS_KEY)
    if stored is None:
        stored = SiteSettings.objects.filter(pk=1).first() or SiteSettings(
            pk=1, **SiteSettings.defaults()
        )
        cache.set(SETTINGS_KEY, stored, CACHE_SECONDS)
    return stored


def sections() -> list[Section]:
    """The sections in menu order."""
    stored = cache.get(SECTIONS_KEY)
    if stored is None:
        stored = list(Section.objects.all())
        cache.set(SECTIONS_KEY, stored, CACHE_SECONDS)
    return stored


@receiver([post_save, post_delete], sender=SiteSettings, dispatch_uid="forget-site-settings")
def forget_site_settings(**kwargs) -> None:
    cache.delete(SETTINGS_KEY)


@receiver([post_save, post_delete], sender=Section, dispatch_uid="forget-sections")
def forget_sections(**kwargs) -> None:
    cache.delete(SECTIONS_KEY)
