"""Searching published articles (placeholder until full-text search lands).

Contract: ``search(query)`` returns ``(articles, cleaned_query)``: a queryset of
published articles, best first, and the query as it was understood (stripped,
cut to ``MAX_QUERY_LENGTH``). It never raises on odd input.
"""

from django.db.models import Q

from .models import Article

MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search(raw: str):
    query = clean_query(raw)
    articles = Article.objects.for_public_pages()
    if not query:
        return articles.none(), query
    condition = Q()
    for word in query.split():
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return articles.filter(condition), query
