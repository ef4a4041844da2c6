"""What the admin's article form posts, for the tests that post it. A plain module of
helpers."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article

# The article admin form's gallery inline, posted empty.
EMPTY_GALLERY_FORMSET = {
    "gallery_items-TOTAL_FORMS": "0",
    "gallery_items-INITIAL_FORMS": "0",
    "gallery_items-MIN_NUM_FORMS": "0",
    "gallery_items-MAX_NUM_FORMS": "1000",
}
# What forged_change() writes into the title and the photo caption.
FORGED_TITLE, NEW_CAPTION = "Judul palsu", "Keterangan foto baru."


def local_datetime_fields(moment, prefix="published_at"):
    """The admin's split date/time inputs for ``moment``, in WIB."""
    local = timezone.localtime(moment)
    return {f"{prefix}_0": local.strftime("%d/%m/%Y"), f"{prefix}_1": local.strftime("%H:%M:%S")}


def forged_change(article, **overrides):
    """The whole change form, plus what nobody may set there: the status and, for
    non-editors, the publication time."""
    data = {
        "kicker": article.kicker,
        "title": FORGED_TITLE,
        "slug": article.slug,
        "summary": article.summary,
        "dateline": article.dateline,
        "source": article.source,
        "body": article.body,
        "photo_caption": NEW_CAPTION,
        "reporter": article.reporter_id,
        "editor": article.editor_id or "",
        "photographer": article.photographer_id or "",
        "tags": "",
        "status": Article.Status.PUBLISHED,
        **local_datetime_fields(timezone.now() + timedelta(days=2)),
        **EMPTY_GALLERY_FORMSET,
    }
    return {**data, **overrides}
