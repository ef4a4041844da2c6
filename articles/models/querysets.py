"""Named querysets of articles (``published()`` is the one public visibility rule), and
the database function they and the article's constraints use for the local date."""

import zoneinfo
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.deconstruct import deconstructible

if TYPE_CHECKING:
    from articles.models.content import Article


@deconstructible(path="articles.models.LocalDate")
class LocalDate(TruncDate):
    """The calendar date of a datetime in the newsroom's time zone (``TIME_ZONE``).

    Used by the per-day slug constraint, so "one slug per publication date"
    means the date readers see in the URL, not the UTC date.
    """

    def __init__(self, expression, **extra):
        super().__init__(expression, tzinfo=_newsroom_zone(), **extra)


def _newsroom_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class ArticleQuerySet(models.QuerySet):
    """Named views of the article table. ``published()`` is the one public visibility rule."""

    def published(self) -> "ArticleQuerySet":
        """Articles the public may see: published, with a publication time not in the future."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self) -> "ArticleQuerySet":
        """Published articles waiting for their publication time."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self) -> "ArticleQuerySet":
        return self.filter(status=self.model.Status.DRAFT)

    def in_review(self) -> "ArticleQuerySet":
        return self.filter(status=self.model.Status.REVIEW)

    def withdrawn(self) -> "ArticleQuerySet":
        return self.filter(status=self.model.Status.WITHDRAWN)

    def overdue(self) -> "ArticleQuerySet":
        """Drafts and articles in review whose planned publication time has passed."""
        return self.filter(
            status__in=[self.model.Status.DRAFT, self.model.Status.REVIEW],
            published_at__lte=timezone.now(),
        )

    def credited_to(self, person) -> "ArticleQuerySet":
        """Articles the person wrote, edited or photographed."""
        return self.filter(
            models.Q(reporter=person) | models.Q(editor=person) | models.Q(photographer=person)
        )

    def owned_by(self, user) -> "ArticleQuerySet":
        """Articles the user created or is credited on as reporter."""
        return self.filter(models.Q(created_by=user) | models.Q(reporter__user=user))

    def popular(self, days: int = 7) -> "ArticleQuerySet":
        """Most read first, by the reads counted in the last ``days`` days (Asia/Jakarta,
        today included). Articles without a counted read in that time are left out."""
        since = timezone.localdate() - timedelta(days=days - 1)
        recent = models.Sum(
            "daily_views__counted", filter=models.Q(daily_views__date__gte=since), default=0
        )
        return (
            self.annotate(recent_reads=recent)
            .filter(recent_reads__gt=0)
            .order_by("-recent_reads", "-published_at")
        )

    def count_by_month(self) -> list[tuple[date, int]]:
        """``(first day of the month, articles)`` for every month (WIB) that has an
        article in this queryset, newest first: one query."""
        month = TruncMonth("published_at", output_field=models.DateField(), tzinfo=_newsroom_zone())
        rows = (
            self.order_by()
            .annotate(month=month)
            .values("month")
            .annotate(articles=models.Count("pk"))
            .order_by("-month")
        )
        return [(row["month"], row["articles"]) for row in rows]

    def for_public_pages(self) -> "ArticleQuerySet":
        """Published articles with everything a public page shows: the credits, section
        and featured photo in the same query, the tags in one more."""
        return self.published().with_credits()

    def for_api(self) -> "ArticleQuerySet":
        """Published articles with everything the content API shows, in a fixed number
        of queries whatever a page holds: the credits, section and featured photo (with
        its photographer) in the same query; then one query each for the tags, the
        gallery (``api_gallery``: items with their photos and photographers) and the
        corrections (``api_corrections``, oldest first)."""
        gallery = self.model.gallery_items.rel.related_model.objects.select_related(
            "photo__photographer"
        )
        corrections = self.model.events.rel.related_model.objects.filter(
            action="corrected"
        ).order_by("created_at", "id")
        return (
            self.published()
            .select_related(
                "editor", "reporter", "photographer", "section", "featured_photo__photographer"
            )
            .prefetch_related(
                "tags",
                models.Prefetch("gallery_items", queryset=gallery, to_attr="api_gallery"),
                models.Prefetch("events", queryset=corrections, to_attr="api_corrections"),
            )
        )

    def for_article_page(self) -> "ArticleQuerySet":
        """``for_public_pages()``, and whether there are corrections and a gallery to
        load (so an article without them costs no query for them)."""
        return self.for_public_pages().with_correction_flag().with_gallery_flag()

    def visible_to_staff(self, user) -> "ArticleQuerySet":
        """The articles ``user`` sees in the newsroom: editors and photographers see
        them all, anyone else only the articles they own (see ``owned_by``)."""
        if user.has_perm("articles.publish_article") or user.has_perm(
            "articles.change_article_photo"
        ):
            return self
        return self.owned_by(user)

    def related_to(self, article: "Article", limit: int = 5) -> "ArticleQuerySet":
        """Published articles sharing the most tags with ``article``, then from its
        section, newest first; never the article itself. Loads only the title, slug
        and publication time."""
        slugs = [slug for slug, _name in article.public_tags]
        candidates = self.published().exclude(pk=article.pk)
        related = models.Q(tags__slug__in=slugs)
        if article.section_id:
            related |= models.Q(section_id=article.section_id)
        return (
            candidates.filter(related)
            .annotate(
                shared_tags=models.Count(
                    "tags", filter=models.Q(tags__slug__in=slugs), distinct=True
                ),
                same_section=models.Case(
                    models.When(section_id=article.section_id, then=1),
                    default=0,
                    output_field=models.IntegerField(),
                )
                if article.section_id
                else models.Value(0),
            )
            .order_by("-shared_tags", "-same_section", "-published_at")
            # Only what a link shows: grouping and sorting whole rows (bodies and all)
            # spilled to disk and took three times as long (23 -> 7 ms, 3000 releases).
            .only("title", "slug", "published_at")[:limit]
        )

    def with_correction_flag(self) -> "ArticleQuerySet":
        """Annotate ``has_corrections`` so pages skip the corrections query when there are none."""
        events = self.model.events.rel.related_model.objects.filter(
            article=models.OuterRef("pk"), action="corrected"
        )
        return self.annotate(has_corrections=models.Exists(events))

    def with_credits(self) -> "ArticleQuerySet":
        """Load the credited people and the tags up front, for pages that show them."""
        return self.select_related(
            "editor", "reporter", "photographer", "section", "featured_photo"
        ).prefetch_related("tags")

    def with_gallery_flag(self) -> "ArticleQuerySet":
        """Annotate ``has_gallery`` so pages skip the gallery query when there is none."""
        items = self.model.gallery_items.rel.related_model.objects.filter(
            article=models.OuterRef("pk")
        )
        return self.annotate(has_gallery=models.Exists(items))
