"""Tags as the public sees them: only those on published articles."""

from taggit.models import Tag

from articles.models.tags import published_tags

__all__ = ["popular_tags", "published_tags"]


def popular_tags(limit: int = 12) -> list[Tag]:
    return list(published_tags().order_by("-article_count", "name")[:limit])
