"""The press release itself."""

import contextlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from articles.models.limits import validate_body_size, validate_publication_time
from articles.models.people import Person, unique_slug
from articles.models.querysets import ArticleQuerySet, LocalDate
from articles.richtext.sanitizer import sanitize_html


class Article(models.Model):
    """A press release."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        REVIEW = "review", _("Menunggu tinjauan")
        PUBLISHED = "published", _("Terbit")
        WITHDRAWN = "withdrawn", _("Ditarik")

    title = models.CharField(_("judul"), max_length=300)
    slug = models.SlugField(
        _("penggalan alamat"),
        max_length=255,
        blank=True,
        help_text=_("Bagian alamat web. Kosongkan agar dibuat dari judul."),
    )
    kicker = models.CharField(
        _("label di atas judul"),
        max_length=200,
        blank=True,
        help_text=_("Baris pendek di atas judul, misalnya nama narasumber."),
    )
    dateline = models.CharField(
        _("tempat berita"),
        max_length=100,
        blank=True,
        help_text=_("Tempat pembuka berita, misalnya BENGKALIS."),
    )
    source = models.CharField(
        _("sumber"),
        max_length=50,
        blank=True,
        help_text=_("Sumber pada pembuka berita, misalnya PROKOPIM."),
    )
    summary = models.TextField(
        _("ringkasan"),
        blank=True,
        help_text=_("Satu atau dua kalimat untuk daftar berita dan pratinjau tautan."),
    )
    body = models.TextField(
        _("isi berita"),
        blank=True,
        help_text=_("HTML dibersihkan saat disimpan; skrip dan gaya tidak diizinkan."),
        validators=[validate_body_size],
    )
    featured_photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("foto utama"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="featured_in",
        help_text=_("Teks foto dan fotografer berita mengikuti foto utama."),
    )
    photo_caption = models.TextField(_("teks foto"), blank=True)
    # Credits are nullable because archive imports may lack them; the admin
    # form requires a reporter for new articles.
    editor = models.ForeignKey(
        Person,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="edited_articles",
    )
    reporter = models.ForeignKey(
        Person,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_articles",
    )
    photographer = models.ForeignKey(
        Person,
        verbose_name=_("fotografer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photographed_articles",
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("rubrik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = TaggableManager(_("tag"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("waktu terbit"),
        null=True,
        blank=True,
        help_text=_(
            "Rencana waktu terbit. Berita terbit atau terjadwal hanya lewat tombol "
            "Terbitkan / jadwalkan."
        ),
        validators=[validate_publication_time],
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    view_count = models.PositiveIntegerField(_("dibaca"), default=0)
    # Signed into every preview link; raising it (on withdrawal, or when an editor
    # revokes the links) makes every earlier link invalid. Moves by UPDATE only.
    preview_version = models.PositiveIntegerField(
        _("versi tautan pratinjau"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()
    # Every save keeps a revision: who, when, the full content and credits.
    # The read counter changes by UPDATE, never by save, and is not content.
    history = HistoricalRecords(
        excluded_fields=["view_count", "preview_version", "updated_at"],
        verbose_name=_("revisi berita"),
    )

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-created_at"]
        verbose_name = _("berita")
        verbose_name_plural = _("berita")
        permissions = [
            ("publish_article", _("Dapat meninjau, menerbitkan, menjadwalkan dan menarik berita")),
            ("change_article_photo", _("Dapat mengubah foto, teks foto dan kredit fotografer")),
            ("moderate_views", _("Dapat memoderasi jumlah dibaca")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(view_count__gte=0),
                name="article_view_count_non_negative",
                violation_error_message=_("Jumlah dibaca tidak boleh negatif."),
            ),
            models.UniqueConstraint(
                LocalDate("published_at"),
                "slug",
                name="article_slug_unique_per_day",
                violation_error_message=_(
                    "Sudah ada berita dengan penggalan alamat ini pada tanggal terbit yang sama."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("Berita yang terbit harus memiliki waktu terbit."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
        ]

    def __str__(self) -> str:
        return self.title

    UPDATED_APART = ("view_count", "preview_version")

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The read counter and the preview-link version move by UPDATE while
            # editors work; saving an article must never write back the figures it
            # was loaded with (that could bring revoked preview links back).
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.UPDATED_APART
            ]
        self._fill_defaults()
        self.follow_featured_photo()
        if self.body and not _HAS_TAG.search(self.body):
            # Plain text typed without HTML: one paragraph per blank-line block.
            self.body = linebreaks(self.body, autoescape=True)
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The public URL, dated by publication (an unpublished draft uses its creation date)."""
        moment = self.published_at or self.created_at or timezone.now()
        local = timezone.localtime(moment)
        return reverse(
            "articles:article_detail",
            kwargs={
                "year": f"{local.year:04d}",
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    def clean(self):
        self.title = self.title.strip()
        if not self.title:
            raise ValidationError({"title": _("Judul wajib diisi.")})
        with contextlib.suppress(ValidationError):  # refused by the field's own validator,
            validate_publication_time(self.published_at)  # with no date to make a slug for
            self._fill_defaults()

    def _fill_defaults(self) -> None:
        """Publishing without a time means "now"; a blank slug comes from the title."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self.slug:
            self.slug = self._available_slug()

    # The featured photo's caption and photographer are copied onto the article on
    # purpose: each revision then records the caption and credit it went out with, and
    # credits, admin filters and person pages read one column. ``follow_featured_photo``
    # is the one path that copies them: ``save`` calls it, and ``Photo.save`` re-saves
    # the articles whose copy it made stale. The admin shows these fields read-only.
    def follow_featured_photo(self) -> bool:
        """Copy the featured photo's caption and photographer; True if that changed them."""
        if self.featured_photo_id is None:
            return False
        photo = self.featured_photo
        followed = (photo.caption, photo.photographer_id)
        if (self.photo_caption, self.photographer_id) == followed:
            return False
        self.photo_caption, self.photographer_id = followed
        return True

    def _available_slug(self) -> str:
        base = slugify(self.title)[:240].strip("-") or "berita"
        if self.published_at is None:
            return base
        same_day = Article.objects.filter(published_at__date=timezone.localdate(self.published_at))
        return unique_slug(base, same_day, self.pk)

    # -- presentation ----------------------------------------------------

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_public

    @property
    def status_label(self) -> str:
        """The status as editors say it: a published article still in the future is "Terjadwal"."""
        if self.is_scheduled:
            return str(_("Terjadwal"))
        return self.get_status_display()

    @cached_property
    def public_tags(self) -> list[tuple[str, str]]:
        """The article's tags as ``(slug, name)`` pairs sorted by name (prefetched by
        ``with_credits()`` and ``for_public_pages()``)."""
        return sorted(((tag.slug, tag.name) for tag in self.tags.all()), key=_by_name)

    def roles_of(self, person: "Person") -> list[str]:
        """The credited roles ``person`` has on this article, e.g. ["Reporter", "Fotografer"]."""
        return [label for label, credited in self.credits() if credited.pk == person.pk]

    @property
    def previous_article(self) -> "Article | None":
        return self.neighbours[0]

    @property
    def next_article(self) -> "Article | None":
        return self.neighbours[1]

    @cached_property
    def neighbours(self) -> tuple["Article | None", "Article | None"]:
        """The published articles just before and just after this one, for the page's
        previous and next links, in one query; (None, None) without a publication time."""
        if self.published_at is None:
            return None, None
        published = Article.objects.published()
        before = published.filter(published_at__lt=self.published_at).order_by(
            "-published_at", "-pk"
        )
        after = published.filter(published_at__gt=self.published_at).order_by("published_at", "pk")
        found = published.filter(
            models.Q(pk=models.Subquery(before.values("pk")[:1]))
            | models.Q(pk=models.Subquery(after.values("pk")[:1]))
        ).only("title", "slug", "published_at")
        previous = next_one = None
        for article in found:
            if article.published_at < self.published_at:
                previous = article
            else:
                next_one = article
        return previous, next_one

    @cached_property
    def gallery(self) -> list:
        """The gallery in order, each photo with its photographer: one query whatever
        its size, none when a ``has_gallery`` annotation says it is empty."""
        if getattr(self, "has_gallery", True) is False:
            return []
        return list(self.gallery_items.select_related("photo__photographer"))

    @cached_property
    def corrections(self) -> list:
        """The corrections ("Ralat") on record, oldest first."""
        if getattr(self, "has_corrections", True) is False:
            return []
        return list(self.events.filter(action="corrected").order_by("created_at", "id"))

    def credits(self) -> list[tuple[str, "Person"]]:
        """The credited roles that are filled, in the page's order. A featured photo
        from outside the newsroom credits its source (an unsaved ``Person``, no page)."""
        roles = [
            (_("Editor"), self.editor),
            (_("Reporter"), self.reporter),
            (_("Fotografer"), self.photographer or self._photo_source()),
        ]
        return [(str(label), person) for label, person in roles if person is not None]

    def _photo_source(self) -> "Person | None":
        if self.featured_photo_id is None or not self.featured_photo.source:
            return None
        return Person(name=self.featured_photo.source)

    @property
    def credits_line(self) -> str:
        """``Editor : A - Reporter : B - Fotografer : C``; a missing role drops only its part."""
        return " - ".join(f"{label} : {person.name}" for label, person in self.credits())

    @property
    def dateline_text(self) -> str:
        """The opening ``PLACE, SOURCE - `` of the body, or an empty string without a place."""
        if not self.dateline:
            return ""
        if self.source:
            return f"{self.dateline}, {self.source} - "
        return f"{self.dateline} - "

    def body_html(self) -> SafeString:
        """The sanitised body with the dateline opening its first paragraph."""
        body = sanitize_html(self.body)
        dateline = self.dateline_text
        if not dateline:
            return mark_safe(body)  # noqa: S308 - sanitised just above
        opening = format_html('<span class="dateline">{}</span>', dateline)
        match = _FIRST_PARAGRAPH.match(body)
        if match:
            return mark_safe(body[: match.end()] + opening + body[match.end() :])  # noqa: S308
        return mark_safe(f"<p>{opening}</p>{body}")  # noqa: S308


def _by_name(pair: tuple[str, str]) -> str:
    return pair[1].casefold()


_HAS_TAG = re.compile(r"<[a-zA-Z/!]")
_FIRST_PARAGRAPH = re.compile(r"\s*<p>", re.IGNORECASE)
