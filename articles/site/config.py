"""Everything a public request reads besides its content, loaded in one query and cached:
the site settings, the sections (for the menu), the bot user-agent rules and the
blocked networks.

Saving any of them drops the cached copy (other processes see the change within
``CACHE_SECONDS``, or at once with a shared cache such as Redis).
"""

import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import TextField, Value
from django.db.models.functions import Cast, JSONObject
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import BlockedNetwork, Section, SiteSettings, UserAgentRule

CACHE_KEY = "articles:site-config"
CACHE_SECONDS = 300
SETTINGS_FIELDS = [field.name for field in SiteSettings._meta.concrete_fields if field.name != "id"]


@dataclass(frozen=True)
class SiteConfig:
    settings: SiteSettings
    user_agent_patterns: tuple[str, ...]
    blocked_networks: tuple[str, ...]
    sections: tuple[Section, ...] = ()


def site_config() -> SiteConfig:
    """The current configuration; one database query when the cache is cold."""
    config = cache.get(CACHE_KEY)
    if config is None:
        config = _load()
        cache.set(CACHE_KEY, config, CACHE_SECONDS)
    return config


def _load() -> SiteConfig:
    settings_row = SiteSettings.objects.filter(pk=1).values_list(
        Value("site"),
        Cast(JSONObject(**{name: name for name in SETTINGS_FIELDS}), TextField()),
    )
    rules = UserAgentRule.objects.filter(is_active=True).values_list(Value("ua"), "pattern")
    networks = BlockedNetwork.objects.filter(is_active=True).values_list(Value("ip"), "network")
    sections = Section.objects.values_list(
        Value("section"),
        Cast(JSONObject(name="name", slug="slug", position="position"), TextField()),
    )
    rows = list(
        settings_row.order_by().union(
            rules.order_by(), networks.order_by(), sections.order_by(), all=True
        )
    )
    stored = next((json.loads(value) for kind, value in rows if kind == "site"), None)
    return SiteConfig(
        settings=SiteSettings(pk=1, **(stored or SiteSettings.defaults())),
        user_agent_patterns=tuple(value for kind, value in rows if kind == "ua"),
        blocked_networks=tuple(value for kind, value in rows if kind == "ip"),
        sections=tuple(
            sorted(
                (Section(**json.loads(value)) for kind, value in rows if kind == "section"),
                key=lambda section: (section.position, section.name.casefold()),
            )
        ),
    )


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=SiteSettings)
@receiver([post_save, post_delete], sender=UserAgentRule)
@receiver([post_save, post_delete], sender=BlockedNetwork)
def forget_site_config(**kwargs) -> None:
    cache.delete(CACHE_KEY)
