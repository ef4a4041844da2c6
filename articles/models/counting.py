"""Read counting: daily tallies, repeat-visitor marks, moderation audit and blocklists.

No raw IP address or user agent is ever stored here (UU PDP No. 27/2022):
repeat visitors are recognised by a keyed hash that lives only for the
deduplication window.
"""

import ipaddress
import re
from collections.abc import Mapping
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article


class Outcome(models.TextChoices):
    """What one request for an article's page was. Each value is the ``DailyViews``
    column that tallies it."""

    COUNTED = "counted", _("dihitung")
    BOT = "bot_reads", _("bot dan pratinjau tautan")
    EXCLUDED = "other_excluded", _("dikecualikan lainnya")


class DailyViewsManager(models.Manager):
    def add(self, article_id: int, day: date, tallies: Mapping[Outcome, int]) -> None:
        """Add ``tallies`` to one article's row for one day, atomically, creating the row
        if needed (one INSERT ... ON CONFLICT, on SQLite and PostgreSQL alike)."""
        q = connection.ops.quote_name
        table = q(self.model._meta.db_table)
        columns = [outcome.value for outcome in Outcome]
        increments = ", ".join(
            f"{q(column)} = {table}.{q(column)} + EXCLUDED.{q(column)}" for column in columns
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (article_id, date, {', '.join(map(q, columns))}) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s) "
                f"ON CONFLICT (article_id, date) DO UPDATE SET {increments}",
                [
                    article_id,
                    connection.ops.adapt_datefield_value(day),
                    *(tallies.get(outcome, 0) for outcome in Outcome),
                ],
            )


class DailyViews(models.Model):
    """One article's reads on one day (Asia/Jakarta), with what was not counted and why.
    The tally columns are named by ``Outcome``."""

    article = models.ForeignKey(
        Article, verbose_name=_("berita"), on_delete=models.CASCADE, related_name="daily_views"
    )
    date = models.DateField(_("tanggal"))
    counted = models.PositiveIntegerField(_("dihitung"), default=0)
    bot_reads = models.PositiveIntegerField(_("bot dan pratinjau tautan"), default=0)
    other_excluded = models.PositiveIntegerField(_("dikecualikan lainnya"), default=0)

    objects = DailyViewsManager()

    class Meta:
        verbose_name = _("jumlah dibaca harian")
        verbose_name_plural = _("jumlah dibaca harian")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="daily_views_one_row_per_day"),
        ]
        indexes = [models.Index(fields=["date"], name="daily_views_date")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.date}: {self.counted}"


class RecentReader(models.Model):
    """A visitor seen recently, as a keyed hash, until the deduplication window ends."""

    digest = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("pembaca baru-baru ini")
        verbose_name_plural = _("pembaca baru-baru ini")

    def __str__(self) -> str:
        return self.digest


class RecentSource(models.Model):
    """How many reads one source address (an IPv6 /64 as one) added to one article in
    one clock hour, under a keyed hash of the three, until the hour is over: the cap on
    what one address can add (``NEWSROOM_READS_PER_SOURCE_PER_HOUR``), counted in the
    database when reads are (no Redis)."""

    digest = models.CharField(max_length=64, primary_key=True)
    reads = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("sumber bacaan baru-baru ini")
        verbose_name_plural = _("sumber bacaan baru-baru ini")

    def __str__(self) -> str:
        return self.digest


class FlushedBatch(models.Model):
    """A batch of buffered reads already applied, so that no batch is applied twice."""

    batch_id = models.CharField(max_length=64, unique=True)
    applied_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("batch yang sudah diterapkan")
        verbose_name_plural = _("batch yang sudah diterapkan")

    def __str__(self) -> str:
        return self.batch_id


class ViewCountAdjustment(models.Model):
    """A manual change of a read count, on record for good: who, when, old, new, why."""

    class Kind(models.TextChoices):
        SET = "set", _("Tetapkan angka baru")
        SUBTRACT_RANGE = "subtract_range", _("Kurangi bacaan pada rentang tanggal")

    article = models.ForeignKey(
        Article, verbose_name=_("berita"), on_delete=models.PROTECT, related_name="view_adjustments"
    )
    # PROTECT: the audit keeps who made each correction; deactivate staff, never delete them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    old_value = models.PositiveIntegerField(_("angka lama"))
    new_value = models.PositiveIntegerField(_("angka baru"))
    date_from = models.DateField(_("dari tanggal"), null=True, blank=True)
    date_to = models.DateField(_("sampai tanggal"), null=True, blank=True)
    reason = models.TextField(_("alasan"))

    class Meta:
        verbose_name = _("koreksi jumlah dibaca")
        verbose_name_plural = _("koreksi jumlah dibaca")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="view_adjustment_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.old_value} → {self.new_value}"


class UserAgentRule(models.Model):
    """A user-agent pattern (a regular expression, case-insensitive) that is not a reader."""

    pattern = models.CharField(
        _("pola nama program"),
        max_length=200,
        unique=True,
        help_text=_(
            "Setiap kunjungan membawa nama program pembacanya (peramban, mesin pencari, "
            "aplikasi chat). Bacaan dari program yang namanya cocok dengan pola ini tidak "
            "dihitung. Pola berupa ekspresi reguler; huruf besar dan kecil dianggap sama. "
            "Contoh: googlebot|bingbot."
        ),
    )
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pengenal bot")
        verbose_name_plural = _("pengenal bot")
        ordering = ["pattern"]

    def __str__(self) -> str:
        return self.pattern

    def clean(self):
        try:
            re.compile(self.pattern, re.IGNORECASE)
        except re.error as error:
            raise ValidationError(
                {"pattern": _("Pola tidak sah: %(error)s") % {"error": error}}
            ) from error


class BlockedNetwork(models.Model):
    """An IP network (CIDR) whose reads are not counted, e.g. the office's own."""

    network = models.CharField(
        _("jaringan (CIDR)"),
        max_length=49,
        unique=True,
        help_text=_("Contoh: 203.0.113.0/24 atau 2001:db8::/32."),
    )
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jaringan yang dikecualikan")
        verbose_name_plural = _("jaringan yang dikecualikan")
        ordering = ["network"]

    def __str__(self) -> str:
        return self.network

    def clean(self):
        try:
            self.network = str(ipaddress.ip_network(self.network.strip(), strict=False))
        except ValueError as error:
            raise ValidationError(
                {"network": _("Bukan jaringan IP yang sah (CIDR), misalnya 203.0.113.0/24.")}
            ) from error
