"""The editorial workflow: the transitions, their registry, and who may start which.

States: draft -> review -> published (scheduled while ``published_at`` is in
the future); review -> draft (returned with a note); published -> withdrawn
(with a reason). Each transition locks the article row, checks permission and
state on the locked copy, saves (which keeps a revision), records an
``ArticleEvent`` and, once committed, sends its notification.

Every admin path (buttons, list actions, forged POSTs) goes through these
functions, so a rule is checked in exactly one place.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.editorial import notifications, preview
from articles.editorial.policy import (
    EDIT_PERMISSION,
    PUBLISH_PERMISSION,
    can_edit,
    editor_on_publish,
    publish_checklist,
)
from articles.models import Article, ArticleEvent, Photo
from articles.models.limits import validate_publication_time

Status = Article.Status
Action = ArticleEvent.Action
# Not a stored status: a published article whose time has not come (``is_scheduled``).
SCHEDULED = "scheduled"

# What a restored revision brings back: the content and the credits, never the
# state or the address (restoring must not publish, unpublish or move a page).
CONTENT_FIELDS = [
    "title", "kicker", "summary", "body", "dateline", "source",
    "featured_photo", "photo_caption", "editor", "reporter", "photographer",
]  # fmt: skip


class TransitionNotAllowed(Exception):
    """The article's state or content forbids the step; the message is for the user."""


# -- who may start which step ----------------------------------------------


def state_of(article: Article) -> str:
    """The article's status, or ``SCHEDULED`` for a published article not yet live."""
    return SCHEDULED if article.is_scheduled else article.status


def is_permitted(transition: "Transition", user, article: Article) -> bool:
    """Whether ``user``'s role allows ``transition`` on ``article`` at all (its state may
    still forbid it). A step that needs the edit permission also needs the article to be
    one the user may edit: reporters submit only their own drafts."""
    if transition.permission == EDIT_PERMISSION:
        return can_edit(user, article)
    return user.is_active and user.has_perm(transition.permission)


def available_transitions(user, article: Article) -> list["Transition"]:
    """The transitions ``user`` may start on ``article`` now, in ``TRANSITIONS`` order."""
    if article.pk is None:
        return []
    return [
        transition
        for transition in TRANSITIONS.values()
        if state_of(article) in transition.from_states and is_permitted(transition, user, article)
    ]


# -- transitions ----------------------------------------------------------


@transaction.atomic
def submit(*, article: Article, by, note: str = "") -> Article:
    """Draft -> review. The author (or an editor) asks the editors to review it."""
    locked = _lock(article)
    _check(TransitionName.SUBMIT, by, locked)
    _move(locked, by=by, to=Status.REVIEW, action=Action.SUBMITTED, note=note)
    transaction.on_commit(lambda: notifications.review_requested(locked))
    return _refresh(article, locked)


@transaction.atomic
def return_to_reporter(*, article: Article, by, note: str) -> Article:
    """Review -> draft, with a note for the reporter saying what to change."""
    locked = _lock(article)
    _check(TransitionName.RETURN, by, locked)
    note = _required_text(note, _("Tulis catatan untuk reporter: apa yang perlu diperbaiki."))
    _move(locked, by=by, to=Status.DRAFT, action=Action.RETURNED, note=note)
    transaction.on_commit(lambda: notifications.returned_to_reporter(locked, note))
    return _refresh(article, locked)


@transaction.atomic
def publish(*, article: Article, by, at: datetime | None = None, note: str = "") -> Article:
    """Draft, review or withdrawn -> published, now or at ``at`` (then it is scheduled).
    A scheduled article may be published again to move its time.

    Refused with the list of what is missing while the publish checklist fails. A release
    without an editor credit credits the editor who publishes it (their linked person).
    """
    locked = _lock(article)
    _check(TransitionName.PUBLISH, by, locked)
    missing = publish_checklist(locked, by=by)
    if missing:
        raise TransitionNotAllowed(
            _("Belum dapat diterbitkan. Yang belum diisi: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    filled: tuple[str, ...] = ()
    if (editor := editor_on_publish(locked, by)) is not None:
        locked.editor, filled = editor, ("editor",)
    now = timezone.now()
    locked.published_at = at or now
    scheduled = locked.published_at > now
    try:
        validate_publication_time(locked.published_at)
        locked.validate_constraints()
    except ValidationError as error:
        raise TransitionNotAllowed(" ".join(error.messages)) from error
    _move(
        locked,
        by=by,
        to=Status.PUBLISHED,
        action=Action.SCHEDULED if scheduled else Action.PUBLISHED,
        note=note,
        filled=filled,
    )
    transaction.on_commit(lambda: notifications.published(locked))
    return _refresh(article, locked)


@transaction.atomic
def withdraw(*, article: Article, by, reason: str) -> Article:
    """Published (or scheduled) -> withdrawn, with a reason. The public gets 410 Gone,
    and every preview link made so far stops working (also after a new publication)."""
    locked = _lock(article)
    _check(TransitionName.WITHDRAW, by, locked)
    reason = _required_text(reason, _("Tulis alasan penarikan berita."))
    _move(locked, by=by, to=Status.WITHDRAWN, action=Action.WITHDRAWN, note=reason)
    preview.invalidate_links(locked)
    return _refresh(article, locked)


@transaction.atomic
def restore_revision(*, article: Article, revision, by) -> Article:
    """Bring back a revision's content and credits as a new revision.

    The state, publication time and address stay as they are now.
    """
    locked = _lock(article)
    if not can_edit(by, locked):
        raise PermissionDenied
    if revision.id != locked.pk:
        raise ValueError("The revision belongs to another article.")
    old = revision.instance
    for name in CONTENT_FIELDS:
        attname = Article._meta.get_field(name).attname
        setattr(locked, attname, getattr(old, attname))
    if locked.featured_photo_id and not Photo.objects.filter(pk=locked.featured_photo_id).exists():
        locked.featured_photo_id = None  # deleted since; the gallery is not versioned either
    label = _("Dipulihkan dari revisi %(id)s") % {"id": revision.history_id}
    locked._history_user = by
    locked._change_reason = label
    locked.save()
    ArticleEvent.objects.create(
        article=locked,
        action=Action.RESTORED,
        actor=by,
        note=label,
        from_status=locked.status,
        to_status=locked.status,
    )
    return _refresh(article, locked)


def record_correction(*, article: Article, by, note: str) -> ArticleEvent:
    """Put a dated correction ("Ralat") on record; it is shown under the public article."""
    if not can_edit(by, article):
        raise PermissionDenied
    note = _required_text(note, _("Tulis catatan ralat yang akan tampil untuk pembaca."))
    return ArticleEvent.objects.create(
        article=article,
        action=Action.CORRECTED,
        actor=by,
        note=note,
        from_status=article.status,
        to_status=article.status,
    )


# -- the registry ---------------------------------------------------------


class TransitionName(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Note:
    """The text a step asks for: its label, whether it is required, and the service's
    keyword that receives it."""

    label: str
    required: bool
    argument: str = "note"


@dataclass(frozen=True)
class Transition:
    """One step of the workflow, as the admin's buttons, forms and messages show it.

    ``note`` is None for a step that asks for a time instead (publish). ``confirm`` is a
    statement the user must tick before the step runs (its form refuses it unticked): the
    steps that are hard to take back."""

    name: TransitionName
    label: str
    done: str
    from_states: frozenset[str]
    permission: str
    service: Callable[..., Article]
    note: Note | None = None
    done_scheduled: str = ""
    confirm: str = ""

    @property
    def takes_time(self) -> bool:
        return self.note is None

    def done_message(self, article: Article) -> str:
        if self.done_scheduled and article.is_scheduled:
            when = formats.date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            return str(self.done_scheduled) % {"title": article, "when": when}
        return str(self.done) % {"title": article}


TRANSITIONS: dict[str, Transition] = {
    transition.name: transition
    for transition in [
        Transition(
            name=TransitionName.SUBMIT,
            label=gettext_lazy("Ajukan untuk ditinjau"),
            done=gettext_lazy("“%(title)s” diajukan untuk ditinjau."),
            from_states=frozenset({Status.DRAFT}),
            permission=EDIT_PERMISSION,
            service=submit,
            note=Note(label=gettext_lazy("Catatan untuk editor (boleh kosong)"), required=False),
        ),
        Transition(
            name=TransitionName.RETURN,
            label=gettext_lazy("Kembalikan ke reporter"),
            done=gettext_lazy("“%(title)s” dikembalikan ke reporter."),
            from_states=frozenset({Status.REVIEW}),
            permission=PUBLISH_PERMISSION,
            service=return_to_reporter,
            note=Note(
                label=gettext_lazy("Catatan untuk reporter: apa yang perlu diperbaiki"),
                required=True,
            ),
        ),
        Transition(
            name=TransitionName.PUBLISH,
            label=gettext_lazy("Terbitkan / jadwalkan"),
            done=gettext_lazy("“%(title)s” telah terbit."),
            done_scheduled=gettext_lazy("“%(title)s” dijadwalkan terbit %(when)s."),
            from_states=frozenset({Status.DRAFT, Status.REVIEW, Status.WITHDRAWN, SCHEDULED}),
            permission=PUBLISH_PERMISSION,
            service=publish,
        ),
        Transition(
            name=TransitionName.WITHDRAW,
            label=gettext_lazy("Tarik dari publik"),
            done=gettext_lazy("“%(title)s” ditarik dari publik."),
            from_states=frozenset({Status.PUBLISHED, SCHEDULED}),
            permission=PUBLISH_PERMISSION,
            service=withdraw,
            note=Note(label=gettext_lazy("Alasan penarikan"), required=True, argument="reason"),
            confirm=gettext_lazy(
                "Ya, tarik berita ini. Pembaca tidak dapat membukanya lagi dan semua tautan "
                "pratinjaunya berhenti berlaku."
            ),
        ),
    ]
}


# -- helpers --------------------------------------------------------------


def _lock(article: Article) -> Article:
    # Lock the article row only (PostgreSQL refuses FOR UPDATE across nullable joins).
    return Article.objects.select_for_update().get(pk=article.pk)


def _check(name: TransitionName, user, article: Article) -> None:
    """Refuse the step unless ``user`` may take it (PermissionDenied) and the article's
    state allows it (TransitionNotAllowed)."""
    transition = TRANSITIONS[name]
    if not is_permitted(transition, user, article):
        raise PermissionDenied
    if state_of(article) not in transition.from_states:
        raise TransitionNotAllowed(
            _("Tidak dapat dilakukan pada berita berstatus %(status)s.")
            % {"status": article.status_label}
        )


def _required_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionNotAllowed(message)
    return text


def _move(
    article: Article, *, by, to: str, action: str, note: str, filled: tuple[str, ...] = ()
) -> None:
    """Save the new status (and the ``filled`` fields) as one revision, and record the step."""
    from_status = article.status
    article.status = to
    article._history_user = by
    article._change_reason = str(Action(action).label)
    article.save(update_fields=["status", "published_at", "updated_at", *filled])
    ArticleEvent.objects.create(
        article=article,
        action=action,
        actor=by,
        note=note,
        from_status=from_status,
        to_status=to,
    )


def _refresh(article: Article, locked: Article) -> Article:
    """Make the caller's instance show the new state too."""
    article.status = locked.status
    article.published_at = locked.published_at
    article.updated_at = locked.updated_at
    article.editor_id = locked.editor_id  # publishing may have filled it
    return locked
