"""Staff corrections of read counts, each on record in ``ViewCountAdjustment``."""

import logging
from datetime import date

import redis
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from articles.models import Article, DailyViews, ViewCountAdjustment
from articles.reads import buffer

Kind = ViewCountAdjustment.Kind
logger = logging.getLogger(__name__)


def can_moderate(user) -> bool:
    return user.is_active and user.has_perm("articles.moderate_views")


def adjust_view_count(
    *,
    article: Article,
    by,
    kind: str,
    reason: str,
    new_value: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ViewCountAdjustment:
    """Set an article's read count to ``new_value``, or subtract the reads counted
    from ``date_from`` to ``date_to`` (those days' reads then show as excluded).

    Buffered reads are applied first, so the old figure on record is the real one.
    Raises PermissionDenied without ``articles.moderate_views`` and ValidationError
    for a missing reason, a negative figure or an inverted range; nothing is
    written then.
    """
    if not can_moderate(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    if kind == Kind.SET and (new_value is None or new_value < 0):
        raise ValidationError({"new_value": _("Angka baru harus bilangan bulat 0 atau lebih.")})
    if kind == Kind.SUBTRACT_RANGE and (
        date_from is None or date_to is None or date_from > date_to
    ):
        raise ValidationError({"date_to": _("Rentang tanggal tidak sah.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Jenis koreksi tidak dikenal.")})

    if settings.REDIS_URL:
        try:
            buffer.flush()
        except redis.RedisError as error:
            raise ValidationError(
                _("Penyangga hitungan (Redis) tidak dapat dihubungi; coba lagi nanti.")
            ) from error
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        old_value = locked.view_count
        if kind == Kind.SET:
            final = new_value
        else:
            days = DailyViews.objects.filter(article=locked, date__gte=date_from, date__lte=date_to)
            removed = days.aggregate(total=Sum("counted"))["total"] or 0
            final = max(0, old_value - removed)
            days.update(other_excluded=F("other_excluded") + F("counted"), counted=0)
        Article.objects.filter(pk=locked.pk).update(view_count=final)
        adjustment = ViewCountAdjustment.objects.create(
            article=locked,
            actor=by,
            kind=kind,
            old_value=old_value,
            new_value=final,
            date_from=date_from if kind == Kind.SUBTRACT_RANGE else None,
            date_to=date_to if kind == Kind.SUBTRACT_RANGE else None,
            reason=reason,
        )
        if settings.REDIS_URL:
            # The page's figure follows the stored count again from the next read.
            transaction.on_commit(lambda: _forget_shown(locked.pk))
    article.view_count = final
    return adjustment


def _forget_shown(article_id: int) -> None:
    try:
        buffer.forget_shown(article_id)
    except redis.RedisError:
        # The figure is worked out again within buffer.SHOWN_SECONDS anyway.
        logger.exception("Redis unavailable; the corrected count shows within minutes")
