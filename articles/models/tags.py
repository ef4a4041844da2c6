"""Tags as the public sees them: only those on published articles (every public
surface, pages and the content API alike, asks here)."""

from django.db.models import Count, Q, QuerySet
from taggit.models import Tag

from articles.models.content import Article


def published_tags() -> QuerySet:
    """Tags carried by at least one published article, with ``article_count``."""
    published = Article.objects.published().values("pk")
    on_published = Q(
        taggit_taggeditem_items__content_type__app_label="articles",
        taggit_taggeditem_items__content_type__model="article",
        taggit_taggeditem_items__object_id__in=published,
    )
    return Tag.objects.annotate(
        article_count=Count("taggit_taggeditem_items", filter=on_published)
    ).filter(article_count__gt=0)
