"""Counting a read in one PostgreSQL statement (articles/reads/direct.py): its
transaction, and only its, commits without waiting for the write-ahead log."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Outcome
from articles.reads import counting, direct
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the one-statement read is PostgreSQL's"
    ),
]


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def count_one_read(article, digest: str):
    now = timezone.now()
    return direct.count(
        article.pk, Outcome.COUNTED, [digest], now, timezone.localdate(now), counting.dedup_window()
    )


def test_the_read_is_counted_and_the_server_setting_is_back_after_its_own_transaction():
    article = ArticleFactory()
    before = synchronous_commit()
    assert count_one_read(article, "a" * 64)[0] == 0
    assert count_one_read(article, "b" * 64)[0] == 1  # the first read was committed
    assert synchronous_commit() == before  # the next transaction waits for the disk again


def test_inside_a_larger_transaction_the_setting_lasts_only_until_it_ends():
    article = ArticleFactory()
    before = synchronous_commit()
    with transaction.atomic():
        count_one_read(article, "c" * 64)
        assert synchronous_commit() == "off"
    assert synchronous_commit() == before
