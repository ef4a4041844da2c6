"""The workflow's record of who did what to an article."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article


class ArticleEvent(models.Model):
    """One step of an article's workflow, on record: who did what, when, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan untuk ditinjau")
        RETURNED = "returned", _("Dikembalikan ke reporter")
        PUBLISHED = "published", _("Diterbitkan")
        SCHEDULED = "scheduled", _("Dijadwalkan")
        WITHDRAWN = "withdrawn", _("Ditarik")
        RESTORED = "restored", _("Revisi dipulihkan")
        CORRECTED = "corrected", _("Ralat")
        PHOTO_CHANGED = "photo_changed", _("Foto diubah")
        PREVIEW_LINKS_REVOKED = "previews_revoked", _("Tautan pratinjau dicabut")

    article = models.ForeignKey(
        Article, verbose_name=_("berita"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    # PROTECT: the record keeps who did each step; deactivate staff, never delete them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("catatan"), blank=True)
    from_status = models.CharField(_("dari status"), max_length=20, blank=True)
    to_status = models.CharField(_("ke status"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catatan alur kerja")
        verbose_name_plural = _("catatan alur kerja")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article}"
