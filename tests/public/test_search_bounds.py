"""Search costs a bounded amount of database work whatever is stored: a search reads a
bounded start of each body (the index, ts_headline, the fallback's snippet), never loads
the body itself, and the index can never make a save fail, however many distinct words a
body or summary holds."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.public import search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL only"
)

BODY = '"articles_article"."body"'
# LEFT(body, n) on PostgreSQL, SUBSTR(body, 1, n) on SQLite; n may be shown quoted and cast.
BOUNDED_BODY = re.compile(
    r'(?:LEFT|SUBSTR)\("articles_article"\."body", (?:1, )?\'?(\d+)\'?(?:::int4)?\)'
)
TWO_MEGABYTES = 2 * 1024 * 1024


def huge_body(size: int = TWO_MEGABYTES) -> str:
    """A body of ``size`` bytes where "terus" appears all the way through."""
    paragraph = "<p>Pembangunan jembatan desa terus berjalan sesuai rencana kerja.</p>"
    return paragraph * (size // len(paragraph) + 1)


def store_as_is(article, **fields) -> None:
    """Write straight to the row, as old data or a direct SQL change would, skipping the
    model's validation: what a search must survive is whatever is stored."""
    Article.objects.filter(pk=article.pk).update(**fields)


def search_queries(client, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    sqls = [entry["sql"] for entry in captured.captured_queries]
    return response, [sql for sql in sqls if "articles_article" in sql and "body" in sql]


def body_bounds(sql: str) -> list[int]:
    """The bound of every read of the body column in ``sql``; fails on an unbounded one."""
    bounds = [int(n) for n in BOUNDED_BODY.findall(sql)]
    assert len(bounds) == sql.count(BODY), f"an unbounded read of the body: {sql[:2000]}"
    return bounds


@only_on_postgresql
def test_a_two_megabyte_body_feeds_ts_headline_only_a_bounded_start(client):
    article = ArticleFactory(title="Laporan pembangunan", body="<p>Singkat.</p>")
    store_as_is(article, body=huge_body())
    response, queries = search_queries(client, "terus")
    assert [a.title for a in response.context["articles"]] == ["Laporan pembangunan"]
    assert "<mark>terus</mark>" in str(response.context["articles"][0].snippet)
    assert queries, "the search read no body at all"
    for sql in queries:
        assert max(body_bounds(sql)) <= search.INDEXED_BODY_CHARACTERS
        assert len(sql) < 10_000  # the query carries no text of the body
    page = next(sql for sql in queries if "ts_headline" in sql)
    headline = page[page.index("ts_headline") :]
    assert BOUNDED_BODY.search(headline)[1] == str(search.SNIPPET_SOURCE_CHARACTERS)
    assert search.SNIPPET_SOURCE_CHARACTERS <= 50_000


@only_on_postgresql
def test_the_planner_feeds_ts_headline_the_bounded_start(client):
    article = ArticleFactory(title="Laporan pembangunan", body="<p>Singkat.</p>")
    store_as_is(article, body=huge_body())
    articles, _query = search.search("terus")
    plan = articles[:10].explain(verbose=True)
    headline = plan[plan.index("ts_headline") :]
    bound = re.search(r'"?left"?\(articles_article\.body, (\d+)\)', headline)
    assert int(bound[1]) == search.SNIPPET_SOURCE_CHARACTERS


def test_the_results_never_load_the_whole_body(client):
    article = ArticleFactory(title="Laporan pembangunan", body="<p>Singkat.</p>")
    store_as_is(article, body=huge_body(300_000))
    response, queries = search_queries(client, "terus")
    assert [a.title for a in response.context["articles"]] == ["Laporan pembangunan"]
    for sql in queries:
        selected = sql.split(' FROM "articles_article"', 1)[0]
        assert max(body_bounds(selected), default=0) <= search.INDEXED_BODY_CHARACTERS


def distinct_words(size: int, letters: str = "abcdefghijklmnopqrstuvwxyz") -> str:
    """About ``size`` characters of different words, joined by hyphens in threes, so that
    the parser indexes each compound and each part: the most lexemes a text can give."""
    words, length, index = [], 0, 0
    while length < size:
        index += 1
        word, number = "", index
        while number:
            number, digit = divmod(number, len(letters))
            word += letters[digit]
        words.append(word)
        length += len(word) + 1
    return " ".join("-".join(words[i : i + 3]) for i in range(0, len(words), 3))


# Letters of a script written with four bytes each in UTF-8 (Osage, U+104B0 onwards),
# which PostgreSQL's parser takes as word characters.
FOUR_BYTE_LETTERS = "".join(chr(0x104D8 + i) for i in range(36))


@only_on_postgresql
@pytest.mark.parametrize(
    "letters, characters",
    [("abcdefghijklmnopqrstuvwxyz", 1_700_000), (FOUR_BYTE_LETTERS, 500_000)],
    ids=["ascii", "four-byte"],
)
def test_no_body_or_summary_of_distinct_words_makes_a_save_fail(letters, characters):
    # 1.6 MB of distinct words made PostgreSQL refuse the row ("string is too long for
    # tsvector"); these are larger, and the worst case of the lexemes a character gives.
    text = distinct_words(characters, letters)
    assert len(text.encode()) > 1_600_000
    article = ArticleFactory(title="Daftar kata", summary=text, body=f"<p>{text}</p>")
    article.refresh_from_db()
    assert article.body == f"<p>{text}</p>"
    first_word = text.split("-")[0]
    articles, _query = search.search(first_word)
    assert [found.title for found in articles] == ["Daftar kata"]
