"""Who may do what to an article: the object rules on top of the role permissions.

Permissions (``newsroom.accounts.roles``) say what a role may do at all; these say on
which article: a reporter edits only their own drafts, a photographer changes photos
until publication, an editor everything. The admin and the workflow both ask here.
"""

from django.utils.translation import gettext as _

from articles.models import Article

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


def publish_checklist(article: Article) -> list[str]:
    """What the article still lacks before it may be published; empty when ready."""
    missing = []
    if not article.title.strip():
        missing.append(_("judul"))
    if not article.body.strip():
        missing.append(_("isi berita"))
    if article.reporter_id is None:
        missing.append(_("reporter"))
    if article.editor_id is None:
        missing.append(_("editor"))
    if not article.dateline.strip():
        missing.append(_("tempat berita (dateline)"))
    if article.featured_photo_id:
        photo = article.featured_photo
        if not photo.caption.strip():
            missing.append(_("teks foto"))
        if not photo.credit:
            missing.append(_("fotografer atau sumber foto"))
    return missing
