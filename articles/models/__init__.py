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
from .site import Section, SiteSettings

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticleQuerySet",
    "BlockedNetwork",
    "DailyViews",
    "FlushedBatch",
    "LocalDate",
    "Person",
    "RecentReader",
    "Section",
    "SiteSettings",
    "UserAgentRule",
    "ViewCountAdjustment",
    "default_source",
]
