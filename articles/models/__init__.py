"""The app's models, one module per concern; import them from ``articles.models``."""

from articles.models.content import Article, ArticleQuerySet, LocalDate
from articles.models.counting import (
    BlockedNetwork,
    DailyViews,
    FlushedBatch,
    Outcome,
    RecentReader,
    RecentSource,
    UserAgentRule,
    ViewCountAdjustment,
)
from articles.models.events import ArticleEvent
from articles.models.people import Person
from articles.models.photos import ArticlePhoto, Photo
from articles.models.site import Section, SiteSettings

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticlePhoto",
    "ArticleQuerySet",
    "BlockedNetwork",
    "DailyViews",
    "FlushedBatch",
    "LocalDate",
    "Outcome",
    "Person",
    "Photo",
    "RecentReader",
    "RecentSource",
    "Section",
    "SiteSettings",
    "UserAgentRule",
    "ViewCountAdjustment",
]
