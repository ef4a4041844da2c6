"""The staff-managed lists of what is not a reader: bot user agents and blocked networks.

Read on every counted page, so both lists are cached (two plain queries when cold);
saving or deleting a rule drops the cached copy.
"""

import functools
import ipaddress
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import BlockedNetwork, UserAgentRule

CACHE_KEY = "articles:blocklists"
CACHE_SECONDS = 300

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Blocklists:
    user_agents: tuple[re.Pattern, ...]
    networks: tuple[Network, ...]


def blocklists(stored: tuple | None = None) -> Blocklists:
    """The active user-agent rules and blocked networks, compiled. ``stored``: the
    cached copy under ``CACHE_KEY`` when the caller fetched it with other keys."""
    if stored is None:
        stored = cache.get(CACHE_KEY)
    if stored is None:
        stored = (
            tuple(UserAgentRule.objects.filter(is_active=True).values_list("pattern", flat=True)),
            tuple(BlockedNetwork.objects.filter(is_active=True).values_list("network", flat=True)),
        )
        cache.set(CACHE_KEY, stored, CACHE_SECONDS)
    patterns, networks = stored
    return Blocklists(user_agents=_compile(patterns), networks=_parse(networks))


@functools.lru_cache(maxsize=8)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    # Each pattern on its own: two valid patterns can be invalid joined (inline
    # flags, repeated group names).
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error:
            continue  # validated on entry; a bad row must not stop counting
    return tuple(compiled)


@functools.lru_cache(maxsize=8)
def _parse(networks: tuple[str, ...]) -> tuple[Network, ...]:
    parsed = []
    for value in networks:
        try:
            parsed.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            continue  # validated on entry; a bad row must not stop counting
    return tuple(parsed)


@receiver([post_save, post_delete], sender=UserAgentRule, dispatch_uid="forget-ua-rules")
@receiver([post_save, post_delete], sender=BlockedNetwork, dispatch_uid="forget-networks")
def forget_blocklists(**kwargs) -> None:
    cache.delete(CACHE_KEY)
