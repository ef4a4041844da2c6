"""Changing a photo that a published article shows: only editors may, and each change
is on that article's record.

A published article (live or scheduled) shows its featured photo and its gallery as
they are now: replacing the file, the caption, the credit or the crop of one of those
photos changes a page the public sees without touching the article. So such a photo
is locked for photographers (the admin refuses, and ``save_change`` refuses again
with the articles' rows locked, so a publication between the two cannot slip through),
and when an editor changes it, every released article that shows it gets a revision
(who, when, why) and an ``ArticleEvent`` naming what changed, a file swap included.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, ArticleEvent, ArticlePhoto, Photo

PUBLISH_PERMISSION = "articles.publish_article"
LOCKED_MESSAGE = gettext_lazy(
    "Foto ini tampil di berita yang sudah terbit atau terjadwal, sehingga hanya editor "
    "yang dapat mengubah berkas, teks foto, kredit, atau titik fokusnya. Hubungi editor "
    "bila foto ini perlu diganti."
)


def may_change_released(user) -> bool:
    """Editors (and admins, superusers) may change a photo that published articles show."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_locked_for(user, photo: Photo) -> bool:
    """Whether ``photo`` is shown by a published article and ``user`` is no editor."""
    if photo.pk is None or may_change_released(user):
        return False
    return Photo.objects.in_released_articles().filter(pk=photo.pk).exists()


def _articles_showing(photo: Photo):
    gallery = ArticlePhoto.objects.filter(photo_id=photo.pk).values("article_id")
    return Article.objects.filter(Q(featured_photo_id=photo.pk) | Q(pk__in=gallery))


def describe_change(photo: Photo, changed: Iterable[str], old_sha256: str) -> str:
    """What changed on ``photo``, for the articles' record, e.g.
    "Foto #12 diubah: berkas foto (3f2a9c1d… → 81b0e4aa…), teks foto"."""
    parts = []
    for name in changed:
        label = str(Photo._meta.get_field(name).verbose_name)
        if name == "image":
            label += f" ({old_sha256[:8] or '?'}\u2026 \u2192 {photo.sha256[:8] or '?'}\u2026)"
        parts.append(label)
    return _("Foto #%(id)s diubah: %(fields)s") % {"id": photo.pk, "fields": ", ".join(parts)}


@transaction.atomic
def save_change(photo: Photo, *, by, changed: Iterable[str]) -> list[ArticleEvent]:
    """Save an edited ``photo`` (already holding its new values) for user ``by``.

    Every published article that shows it, live or scheduled, gets a revision and an
    ``ArticleEvent`` by ``by`` naming the changed fields. Raises ``PermissionDenied``
    (nothing saved) when such an article exists and ``by`` is no editor.
    """
    changed = [name for name in changed if name in {f.name for f in Photo._meta.fields}]
    # Lock every article that shows the photo, whatever its state: a publication
    # waits for this change, or this change sees the publication.
    showing = list(
        Article.objects.select_for_update()
        .filter(pk__in=_articles_showing(photo).values("pk"))
        .order_by("pk")
    )
    released = [article for article in showing if article.status == Article.Status.PUBLISHED]
    if released and not may_change_released(by):
        raise PermissionDenied(LOCKED_MESSAGE)
    old_sha256 = Photo.objects.filter(pk=photo.pk).values_list("sha256", flat=True).first()
    events = []
    if changed:
        note = describe_change(photo, changed, old_sha256 or "")
        for article in released:
            events.append(_record(article, photo, by=by, note=note))
    # The articles on record already carry the new caption and credit, so this save
    # re-saves only the drafts that feature the photo (``Photo.save``).
    photo.save()
    return events


def _record(article: Article, photo: Photo, *, by, note: str) -> ArticleEvent:
    if article.featured_photo_id == photo.pk:
        article.featured_photo = photo  # the new caption and credit come along on save
    article._history_user = by
    article._change_reason = note
    article.save()  # a revision, even when only the file changed
    return ArticleEvent.objects.create(
        article=article,
        action=ArticleEvent.Action.PHOTO_CHANGED,
        actor=by,
        note=note,
        from_status=article.status,
        to_status=article.status,
    )
