"""Signed, expiring preview links, for readers without an account (e.g. the head of office).

A link carries the article's id and its preview version, signed with the site's
secret key and a timestamp; nothing else is stored. Raising the article's version
(``invalidate_links`` on withdrawal, ``revoke_links`` when an editor asks) invalidates every link
made before. A withdrawn article is never shown through a link, whatever its version.
It shows the article as it is when opened.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import NoReverseMatch

from articles.editorial.policy import is_editor
from articles.models import Article, ArticleEvent

SALT = "articles.preview-link.v2"


class LinkRevoked(signing.BadSignature):
    """A genuine link that no longer opens its article (revoked, or the article withdrawn)."""


def make_token(article: Article) -> str:
    return signing.dumps([article.pk, article.preview_version], salt=SALT)


def link_lifetime() -> timedelta:
    return timedelta(hours=settings.NEWSROOM_PREVIEW_LINK_HOURS)


def can_share(article: Article) -> bool:
    """Whether a link may be made for ``article``: any state but withdrawn."""
    return article.status != Article.Status.WITHDRAWN


def read_token(token: str) -> tuple[int, int]:
    """The article id and preview version in a valid token. Raises
    ``signing.BadSignature`` (tampered, or not a preview token) or its subclass
    ``signing.SignatureExpired`` (too old)."""
    value = signing.loads(token, salt=SALT, max_age=link_lifetime())
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(type(part) is int and part >= 0 for part in value)
    ):
        raise signing.BadSignature("Not a preview token.")
    return value[0], value[1]


def check_still_valid(article: Article, version: int) -> None:
    """Raise ``LinkRevoked`` unless a link of ``version`` may still show ``article``."""
    if not can_share(article):
        raise LinkRevoked("The article is withdrawn.")
    if version != article.preview_version:
        raise LinkRevoked("The article's preview links were revoked.")


def invalidate_links(article: Article) -> None:
    """Invalidate every preview link of ``article`` made so far (by UPDATE: not a revision)."""
    Article.objects.filter(pk=article.pk).update(preview_version=F("preview_version") + 1)
    article.refresh_from_db(fields=["preview_version"])


@transaction.atomic
def revoke_links(article: Article, *, by) -> ArticleEvent:
    """An editor revokes every preview link of ``article`` made so far; on record."""
    if not is_editor(by):
        raise PermissionDenied
    invalidate_links(article)
    return ArticleEvent.objects.create(
        article=article,
        action=ArticleEvent.Action.PREVIEW_LINKS_REVOKED,
        actor=by,
        from_status=article.status,
        to_status=article.status,
    )


def canonical_url(request, article) -> str:
    """The address the article will have; empty for a publication time outside the years
    an address can carry, stored before the model refused them, so that its preview still
    shows (and the editor can correct the time)."""
    try:
        return request.build_absolute_uri(article.get_absolute_url())
    except NoReverseMatch:
        return ""
