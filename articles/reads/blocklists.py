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
class UserAgentRules:
    """The bot rules, ready to test a user agent cheaply: the alternatives that are
    plain words become substring tests (most rules are lists of bot names), and only
    the rest is searched as regular expressions. Case is ignored, as staff expect."""

    words: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()

    def match(self, user_agent: str) -> bool:
        # map() over the bound method keeps the word loop in C: this runs on every read.
        lowered = user_agent.lower()
        return any(map(lowered.__contains__, self.words)) or any(
            pattern.search(user_agent) for pattern in self.patterns
        )


@dataclass(frozen=True)
class Blocklists:
    user_agents: UserAgentRules
    networks: tuple[Network, ...]

    def is_bot(self, user_agent: str) -> bool:
        """Whether ``user_agent`` matches an active rule."""
        return self.user_agents.match(user_agent)


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
    return _compiled(patterns, networks)


@functools.lru_cache(maxsize=8)
def _compiled(patterns: tuple[str, ...], networks: tuple[str, ...]) -> Blocklists:
    return Blocklists(user_agents=_compile(patterns), networks=_parse(networks))


_SPECIAL = set("\\.^$*+?{}[]()|")


def _compile(patterns: tuple[str, ...]) -> UserAgentRules:
    words, expressions = [], []
    for pattern in patterns:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error:
            continue  # validated on entry; a bad row must not stop counting
        for alternative in top_level_alternatives(pattern):
            if _SPECIAL.isdisjoint(alternative):
                words.append(alternative.lower())
            else:
                expressions.append(alternative)
    return UserAgentRules(
        words=tuple(dict.fromkeys(words)),
        patterns=tuple(re.compile(expression, re.IGNORECASE) for expression in expressions),
    )


def top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|`` (not inside a group, a character class
    or after a backslash); the whole pattern when it sets global flags or when a
    part would not compile alone."""
    if re.match(r"\(\?[aiLmsux]+\)", pattern):
        return [pattern]
    parts, start, depth, class_opened, escaped = [], 0, 0, None, False
    for index, character in enumerate(pattern):
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif class_opened is not None:
            # A "]" first in the class (after an optional "^") is a literal.
            first = class_opened + (2 if pattern[class_opened + 1 : class_opened + 2] == "^" else 1)
            if character == "]" and index > first:
                class_opened = None
        elif character == "[":
            class_opened = index
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif character == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    for part in parts:
        try:
            re.compile(part)
        except re.error:
            return [pattern]
    return parts


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
