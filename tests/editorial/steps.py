"""The editorial workflow's steps and what they leave in the database, for the workflow
tests. A plain module of helpers."""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleEvent
from tests.factories import ArticleFactory


def draft_by(user, **fields):
    """A draft created by ``user`` and credited to them as reporter."""
    values = {"status": Article.Status.DRAFT, "published_at": None, "created_by": user}
    return ArticleFactory(reporter=user.person, **{**values, **fields})


def snapshot(article):
    """The article's row, its revisions and the whole event table."""
    row = Article.objects.values().get(pk=article.pk)
    return row, article.history.count(), list(ArticleEvent.objects.values())


def assert_refused(error, transition, article, **kwargs):
    """``transition`` raises ``error`` and leaves the database as it was; returns the error."""
    before = snapshot(article)
    with pytest.raises(error) as caught:
        transition(article=article, **kwargs)
    assert snapshot(article) == before
    return caught.value


def events(article):
    """The article's workflow record, oldest first: (action, actor id, note, from, to, when)."""
    names = ("action", "actor", "note", "from_status", "to_status", "created_at")
    return list(article.events.order_by("created_at", "id").values_list(*names))


def revisions_of(article):
    return list(article.history.order_by("history_id"))


def status_of(article):
    return Article.objects.get(pk=article.pk).status


def home_page(client):
    return client.get(reverse("articles:home"))
