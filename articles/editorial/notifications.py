"""E-mails about the workflow: editors hear of a release to review, reporters of its fate.

Mail is sent after the transaction commits. A mail server that is down must not
undo an editor's decision, so sending failures are logged, not raised; the
step itself is already on record as an ``ArticleEvent``.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def admin_link(article) -> str:
    return settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])


def editor_emails() -> list[str]:
    publish = Permission.objects.filter(
        codename="publish_article", content_type__app_label="articles"
    )
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    editors = users.filter(
        Q(is_superuser=True) | Q(groups__permissions__in=publish) | Q(user_permissions__in=publish)
    )
    return sorted(set(editors.values_list("email", flat=True)))


def reporter_emails(article) -> list[str]:
    reporter = article.reporter
    user = reporter.user if reporter is not None else None
    if user is None or not user.is_active or not user.email:
        return []
    return [user.email]


def review_requested(article) -> None:
    _send(
        editor_emails(),
        _("Menunggu tinjauan: %(title)s") % {"title": article.title},
        _("Berita berikut diajukan untuk ditinjau:\n\n%(title)s\n%(link)s\n")
        % {"title": article.title, "link": admin_link(article)},
    )


def returned_to_reporter(article, note: str) -> None:
    _send(
        reporter_emails(article),
        _("Dikembalikan untuk diperbaiki: %(title)s") % {"title": article.title},
        _("Editor mengembalikan berita Anda dengan catatan:\n\n%(note)s\n\n%(link)s\n")
        % {"note": note, "link": admin_link(article)},
    )


def published(article) -> None:
    if article.is_scheduled:
        body = _("Berita Anda dijadwalkan terbit pada %(when)s:\n\n%(title)s\n%(link)s\n")
    else:
        body = _("Berita Anda telah terbit:\n\n%(title)s\n%(link)s\n")
    when = formats.date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
    _send(
        reporter_emails(article),
        _("Terbit: %(title)s") % {"title": article.title},
        body
        % {
            "title": article.title,
            "when": when,
            "link": settings.SITE_URL + article.get_absolute_url(),
        },
    )


def _send(recipients: list[str], subject: str, body: str) -> None:
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send workflow mail %r to %s", subject, recipients)
