"""The article admin's paths as the role tests walk them: the roles, an article in each
state, and what a refusal must leave unchanged. A plain module of helpers."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent
from tests.factories import ArticleFactory

Status = Article.Status
REPORTER, PHOTOGRAPHER, EDITOR, ADMIN = "Reporter", "Fotografer", "Editor", "Admin"
SUPERUSER, NO_ROLE = "superuser", "no-role"
EDITORS = (EDITOR, ADMIN, SUPERUSER)
USERNAMES = {PHOTOGRAPHER: "foto", EDITOR: "edi", ADMIN: "ani", SUPERUSER: "root", NO_ROLE: "tamu"}
ROW_FIELDS = ["status", "published_at", "title", "body", "photo_caption"]
ROW_FIELDS += ["reporter_id", "editor_id", "photographer_id"]


def url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def snapshot(pk):
    row = Article.objects.filter(pk=pk).values(*ROW_FIELDS).first()
    return row, ArticleEvent.objects.count(), Article.history.filter(id=pk).count()


def make_article(state, owner, **fields):
    """An article in ``state`` by ``owner``, with two revisions ("Judul asli", "Judul kini")."""
    now = timezone.now()
    status, published_at = {
        "draft": (Status.DRAFT, None),
        "review": (Status.REVIEW, None),
        "published": (Status.PUBLISHED, now - timedelta(hours=1)),
        "scheduled": (Status.PUBLISHED, now + timedelta(days=1)),
        "withdrawn": (Status.WITHDRAWN, now - timedelta(days=1)),
    }[state.removeprefix("own_").removeprefix("other_")]
    values = {"status": status, "published_at": published_at, "title": "Judul asli", **fields}
    article = ArticleFactory(created_by=owner, reporter=owner.person, **values)
    article.title = fields.get("title", "Judul kini")
    article.save()
    return article
