"""The app's models, one module per concern; import them from ``articles.models``."""

from .content import Article, ArticleQuerySet, LocalDate, Person, default_source
from .counting import (
    BlockedNetwork,
    DailyViews,
    FlushedBatch,
    RecentReader,
    UserAgentRule,
    ViewCountAdjustment,
)
from .events import ArticleEvent
from .photos import ArticlePhoto, Photo
from .site import Section, SiteSettings

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticlePhoto",
    "ArticleQuerySet",
    "BlockedNetwork",
    "DailyViews",
    "FlushedBatch",
    "LocalDate",
    "Person",
    "Photo",
    "RecentReader",
    "Section",
    "SiteSettings",
    "UserAgentRule",
    "ViewCountAdjustment",
    "default_source",
]
