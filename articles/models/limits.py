"""What an article may hold: the size of its body and the range of its publication time.

Both are field validators of ``Article``, so every path that validates the model (the
admin's forms, the legacy importer) refuses the same values with the same message.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The years an article's address can carry (articles/urls.py builds its pattern from
# them): a publication time outside them has no URL. Whole centuries, in the newsroom's
# time zone, the zone of the dates in the address.
PUBLICATION_YEARS = range(1900, 2100)


def body_size(body: str) -> int:
    """The body's size in bytes, as UTF-8."""
    return len(body.encode("utf-8", errors="surrogatepass"))


def validate_body_size(body: str) -> None:
    """Refuse a body larger than ``NEWSROOM_ARTICLE_BODY_MAX_BYTES``."""
    limit = settings.NEWSROOM_ARTICLE_BODY_MAX_BYTES
    size = body_size(body or "")
    if size > limit:
        raise ValidationError(
            _(
                "Isi berita terlalu panjang: %(size)s, paling banyak %(limit)s. "
                "Periksa apakah ada teks atau gambar yang tertempel berulang."
            ),
            code="body_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def validate_publication_time(moment: datetime | None) -> None:
    """Refuse a publication time whose year (in the newsroom's zone) has no address."""
    if moment is None:
        return
    first, last = PUBLICATION_YEARS[0], PUBLICATION_YEARS[-1]
    # Far outside the range, converting to the local zone could overflow: refuse first.
    in_range = first - 1 <= moment.year <= last + 1
    if in_range and timezone.is_aware(moment):
        in_range = first <= timezone.localtime(moment).year <= last
    elif in_range:
        in_range = first <= moment.year <= last
    if not in_range:
        raise ValidationError(
            _("Waktu terbit harus antara tahun %(first)s dan %(last)s."),
            code="publication_year_out_of_range",
            params={"first": first, "last": last},
        )
