"""Signed, expiring preview links, for readers without an account (e.g. the head of office).

A link carries the article's id signed with the site's secret key and a
timestamp; nothing is stored. It shows the article as it is when opened.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch

SALT = "articles.preview-link"


def make_token(article) -> str:
    return signing.dumps(article.pk, salt=SALT)


def link_lifetime() -> timedelta:
    return timedelta(hours=settings.NEWSROOM_PREVIEW_LINK_HOURS)


def article_id_from_token(token: str) -> int:
    """The article id in a valid token. Raises ``signing.BadSignature`` (tampered)
    or its subclass ``signing.SignatureExpired`` (too old)."""
    article_id = signing.loads(token, salt=SALT, max_age=link_lifetime())
    if not isinstance(article_id, int):
        raise signing.BadSignature("Not a preview token.")
    return article_id


def canonical_url(request, article) -> str:
    """The address the article will have; empty for a publication time outside the years
    an address can carry, stored before the model refused them, so that its preview still
    shows (and the editor can correct the time)."""
    try:
        return request.build_absolute_uri(article.get_absolute_url())
    except NoReverseMatch:
        return ""
