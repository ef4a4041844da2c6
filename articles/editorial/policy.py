"""Who may do what to an article: the object rules on top of the role permissions.

Permissions (``newsroom.accounts.roles``) say what a role may do at all; these say on
which article: a reporter edits only their own drafts, a photographer changes photos
until publication, an editor everything. The admin and the workflow both ask here.
"""

from django.utils.translation import gettext as _

from articles.models import Article, Person

Status = Article.Status
EDIT_PERMISSION = "articles.change_article"
PUBLISH_PERMISSION = "articles.publish_article"
PHOTO_PERMISSION = "articles.change_article_photo"


def is_editor(user) -> bool:
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_own(user, article: Article) -> bool:
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.reporter is not None and article.reporter.user_id == user.pk


def can_edit(user, article: Article) -> bool:
    """Editors edit any article; reporters only their own drafts (new or returned)."""
    if is_editor(user):
        return True
    return (
        user.is_active
        and user.has_perm(EDIT_PERMISSION)
        and article.status == Status.DRAFT
        and is_own(user, article)
    )


def can_edit_photo(user, article: Article) -> bool:
    """Photographers choose the featured photo and the gallery until the article is published."""
    if can_edit(user, article):
        return True
    return (
        user.is_active
        and user.has_perm(PHOTO_PERMISSION)
        and article.status in (Status.DRAFT, Status.REVIEW)
    )


def linked_person(user) -> Person | None:
    """The person ``user``'s account is linked to (``Person.user``), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def editor_on_publish(article: Article, by) -> Person | None:
    """Whom publishing by ``by`` credits as editor: ``by``'s own person when the article
    has no editor credit; None when it has one, or when ``by``'s account is not linked."""
    if article.editor_id is not None:
        return None
    return linked_person(by)


def publish_checklist(article: Article, by=None) -> list[str]:
    """What the article still lacks before ``by`` may publish it; empty when ready.

    A missing editor credit is no obstacle when the editor publishing fills it
    (``editor_on_publish``); without a linked person it is, and says what to do.
    """
    missing = []
    if not article.title.strip():
        missing.append(_("judul"))
    if not article.body.strip():
        missing.append(_("isi berita"))
    if article.reporter_id is None:
        missing.append(_("reporter"))
    if article.editor_id is None and editor_on_publish(article, by) is None:
        missing.append(
            _("editor")
            if by is None
            else _(
                "editor (pilih editor di formulir berita, atau minta Admin menautkan akun "
                "Anda ke data Personel agar Anda tercatat sebagai editor)"
            )
        )
    if not article.dateline.strip():
        missing.append(_("tempat berita"))
    if article.featured_photo_id:
        photo = article.featured_photo
        if not photo.caption.strip():
            missing.append(_("teks foto"))
        if not photo.credit:
            missing.append(_("fotografer atau sumber foto"))
    return missing


def publish_notes(article: Article, by) -> list[str]:
    """What publishing by ``by`` will fill in by itself, for the checklist to say."""
    editor = editor_on_publish(article, by)
    if editor is None:
        return []
    return [
        _("Kredit editor masih kosong: saat diterbitkan, %(name)s (Anda) dicatat sebagai editor.")
        % {"name": editor.name}
    ]
