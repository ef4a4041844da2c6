"""The app's models, one module per concern; import them from ``articles.models``."""

from .content import Article, ArticleQuerySet, LocalDate, Person, default_source
from .events import ArticleEvent

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticleQuerySet",
    "LocalDate",
    "Person",
    "default_source",
]
