"""Searching published articles.

Contract: ``search(raw)`` returns ``(articles, cleaned_query)``: a queryset of
published articles (``Article.objects.for_public_pages()``), best first, each with a
``snippet`` (safe HTML: escaped body text, query words in ``<mark>``), and the query
as it was understood (see ``clean_query``). It never raises on odd input; an empty
query finds nothing.

On PostgreSQL this is full-text search with the ``indonesian`` configuration (the
Snowball stemmer: "pekerja", "bekerja" and "pekerjaan" all become "kerja"), the
title weighted over the summary over the body, ranked with ``ts_rank``, snippets from
``ts_headline``. Migration 0014 indexes ``search_document()``; the two must stay the
same expression or the index is no longer used.

Whatever is stored, a search reads a bounded part of each body: the document covers the
first ``INDEXED_BODY_CHARACTERS`` of the body (and ``INDEXED_SUMMARY_CHARACTERS`` of the
summary), so no tsvector can outgrow PostgreSQL's 1 MB limit and make a save fail; the
snippet is made from the first ``SNIPPET_SOURCE_CHARACTERS`` only, so ``ts_headline``'s
cost is bounded; and the results never load the body itself. Elsewhere (SQLite in development and
tests) every word must appear in the title, summary or body, case-insensitively, and
articles with more words in the title come first.
"""

import html
import re
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.models import Article

MAX_QUERY_LENGTH = 200
# The results' heading and title show this many characters of the query at most, the
# last an ellipsis; the search box keeps the whole query.
HEADING_QUERY_LENGTH = 60
SEARCH_CONFIG = "indonesian"

# ts_headline wraps matches in these. They are private-use characters, and are
# removed from the body before the headline is made, so the only markers in its
# output are the ones PostgreSQL put there.
_START, _STOP = "\ue000", "\ue001"
# A tag of the sanitised body (nh3 always double-quotes attribute values, which may
# hold a ">"). The same pattern serves PostgreSQL's regexp_replace and Python's re.
_TAG = r'<(?:[^>"]|"[^"]*")*>'
# A bounded prefix may end inside a tag: that part is dropped too.
_TAG_OR_MARKER = f"{_TAG}|<[^>]*$|[{_START}{_STOP}]"

# What a search reads of each article. Each character gives at most 8 bytes of lexemes
# (4 bytes of UTF-8, twice for a hyphenated word and its parts), so the title (300
# characters), the summary and the body stay under PostgreSQL's 1 MB per tsvector:
# 8 x (300 + 10 000 + 100 000) is about 880 KB. A long release is about 30 000 characters.
INDEXED_SUMMARY_CHARACTERS = 10_000
INDEXED_BODY_CHARACTERS = 100_000
# ts_headline reads this much of the body's start (about 2 ms each on a 50 000-character
# body); a match past it gives the start of the body as snippet, unmarked.
SNIPPET_SOURCE_CHARACTERS = 50_000

SNIPPET_CONTEXT = 80  # characters of body text before the first match (fallback)
SNIPPET_LENGTH = 240  # characters of body text in a fallback snippet


def clean_query(raw: str) -> str:
    """The query as searched: control characters (NUL included) removed, whitespace
    collapsed, cut to ``MAX_QUERY_LENGTH`` characters."""
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in raw or ""
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].rstrip()


def heading_query(query: str) -> str:
    """``query`` as the results' heading shows it: cut to ``HEADING_QUERY_LENGTH``
    characters, ending in "…" when cut."""
    return Truncator(query).chars(HEADING_QUERY_LENGTH)


def search(raw: str):
    """Published articles matching ``raw``, best first, and the cleaned query."""
    query = clean_query(raw)
    # The cards show the snippet, never the body: a huge body is not even loaded.
    articles = Article.objects.for_public_pages().defer("body")
    if not query:
        return articles.none(), query
    if connections[articles.db].vendor == "postgresql":
        return _full_text_search(articles, query), query
    return _word_search(articles, query), query


# -- PostgreSQL ----------------------------------------------------------


def search_document() -> SearchVector:
    """The weighted document searched: title (A), summary (B), body (C).

    Migration 0014 builds its GIN index on exactly the SQL this compiles to."""
    return (
        SearchVector("title", config=SEARCH_CONFIG, weight="A")
        + SearchVector(
            Left("summary", INDEXED_SUMMARY_CHARACTERS), config=SEARCH_CONFIG, weight="B"
        )
        + SearchVector(Left("body", INDEXED_BODY_CHARACTERS), config=SEARCH_CONFIG, weight="C")
    )


def _full_text_search(articles, query: str):
    # websearch_to_tsquery accepts any text: quotes make phrases, "-" excludes, "or"
    # alternates, and everything else that is not a word is ignored.
    ts_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return (
        articles.alias(document=search_document())
        .filter(document=ts_query)
        .annotate(
            rank=SearchRank(F("document"), ts_query),
            snippet=_Headline(_body_text(), ts_query),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _body_text() -> Func:
    """The start of the body without tags (a space each) and without our markers,
    entities kept."""
    return Func(
        Left("body", SNIPPET_SOURCE_CHARACTERS),
        Value(_TAG_OR_MARKER),
        Value(" "),
        Value("g"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )


class _Headline(SearchHeadline):
    """``ts_headline`` of the body text, read back as a safe HTML snippet."""

    def __init__(self, text, ts_query):
        super().__init__(
            text,
            ts_query,
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _headline_to_html]


def _headline_to_html(value, expression, connection) -> SafeString:
    """Escape the headline's text (HTML entities of the body decoded first, so they
    are not escaped twice) and turn each marker pair into ``<mark>``."""
    parts = []
    open_mark = False
    for piece in re.split(f"([{_START}{_STOP}])", " ".join((value or "").split())):
        if piece == _START and not open_mark:
            parts.append("<mark>")
            open_mark = True
        elif piece == _STOP and open_mark:
            parts.append("</mark>")
            open_mark = False
        elif piece not in (_START, _STOP):
            parts.append(escape(html.unescape(piece)))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


# -- Other databases ------------------------------------------------------


def _word_search(articles, query: str):
    # Quotes around a phrase are websearch syntax on PostgreSQL; here the words count.
    words = [word for word in dict.fromkeys(word.strip('"') for word in query.split()) if word]
    if not words:
        return articles.none()
    condition = Q()
    title_words = Value(0)
    for word in words:
        # icontains escapes % and _ (and \), so they match themselves.
        condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        title_words += Case(When(title__icontains=word, then=1), default=0)
    return (
        articles.filter(condition)
        .annotate(
            title_words=title_words,
            snippet=_PlainSnippet(Left("body", SNIPPET_SOURCE_CHARACTERS), words),
        )
        .order_by("-title_words", "-published_at", "-pk")
    )


class _PlainSnippet(Func):
    """The body column, read back as a plain-text snippet around the first match."""

    template = "%(expressions)s"
    output_field = TextField()

    def __init__(self, body, words: list[str]):
        super().__init__(body)
        self.words = words

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), self._to_snippet]

    def _to_snippet(self, value, expression, connection) -> SafeString:
        return plain_snippet(value or "", self.words)


def plain_snippet(body: str, words: list[str]) -> SafeString:
    """Up to ``SNIPPET_LENGTH`` characters of the body's text around the first of
    ``words`` found in it (the start when none is), with every occurrence of the
    words in ``<mark>`` and everything else escaped."""
    text = " ".join(html.unescape(re.sub(_TAG, " ", body)).split())
    longest_first = sorted(words, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(word) for word in longest_first), re.IGNORECASE)
    first = pattern.search(text)
    start = 0
    if first and first.start() > SNIPPET_CONTEXT:
        start = first.start() - SNIPPET_CONTEXT
        space = text.find(" ", start, first.start())
        if space != -1:
            start = space + 1
    end = len(text)
    if end - start > SNIPPET_LENGTH:
        end = text.rfind(" ", start, start + SNIPPET_LENGTH)
        if end <= (first.end() if first else start):
            end = start + SNIPPET_LENGTH
    excerpt = text[start:end]
    parts = ["… " if start else ""]
    position = 0
    for match in pattern.finditer(excerpt):
        parts += [escape(excerpt[position : match.start()]), "<mark>", escape(match[0]), "</mark>"]
        position = match.end()
    parts += [escape(excerpt[position:]), " …" if end < len(text) else ""]
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
