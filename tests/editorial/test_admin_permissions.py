"""The role rules on every admin path: what each role may do, and that a refusal changes nothing.

The test is a table of (role, article state, admin path) -> outcome. A refusal must
leave the article row, the workflow record and the revision history as they were. The
rules one by one, as the issue states them, are in test_role_rules.py.
"""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import FORGED_TITLE, NEW_CAPTION, forged_change
from tests.editorial.admin_paths import (
    ADMIN,
    EDITOR,
    EDITORS,
    NO_ROLE,
    PHOTOGRAPHER,
    REPORTER,
    SUPERUSER,
    make_article,
    snapshot,
    url,
)
from tests.factories import PhotoFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
STATES = ["own_draft", "other_draft", "review", "published", "scheduled", "withdrawn"]

# Outcomes: ok = allowed and done; photo = only the photos are edited (the caption and
# credit follow the featured photo); view = read-only change form; gone = Django's "does
# not exist" redirect to the admin home (the article is outside the user's queryset);
# 400 = refused by the article's state; msg = list action refused with an admin message;
# skip = list action ignores an article outside the user's queryset. Every outcome but
# ok/photo changes nothing.
# "Own" states belong to the reporter Sari; other_draft is Budi's.
MATRIX = {  # path -> role(s) -> outcome per state, in STATES order
    "change_get": {
        REPORTER: "ok gone view view view view",
        PHOTOGRAPHER: "photo photo photo view view view",
        EDITORS: "ok ok ok ok ok ok",
        NO_ROLE: "403 403 403 403 403 403",
    },
    "change_post": {
        REPORTER: "ok gone 403 403 403 403",
        PHOTOGRAPHER: "photo photo photo 403 403 403",
        EDITORS: "ok ok ok ok ok ok",
        NO_ROLE: "403 403 403 403 403 403",
    },
    "submit": {
        REPORTER: "ok 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "ok ok 400 400 400 400",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "return": {
        REPORTER: "403 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "400 400 ok 400 400 400",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "publish": {
        REPORTER: "403 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "ok ok ok 400 ok ok",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "withdraw": {
        REPORTER: "403 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "400 400 400 ok ok 400",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "preview": {
        REPORTER: "ok 404 ok ok ok ok",
        (PHOTOGRAPHER, *EDITORS): "ok ok ok ok ok ok",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "preview_link": {
        REPORTER: "403 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "ok ok ok ok ok ok",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "revoke_previews": {
        REPORTER: "403 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "ok ok ok ok ok ok",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "history": {
        REPORTER: "ok 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "ok ok ok ok ok ok",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "restore": {
        REPORTER: "ok 404 403 403 403 403",
        PHOTOGRAPHER: "403 403 403 403 403 403",
        EDITORS: "ok ok ok ok ok ok",
        NO_ROLE: "404 404 404 404 404 404",
    },
    "delete": {
        (REPORTER, PHOTOGRAPHER, EDITOR, ADMIN, NO_ROLE): "403 403 403 403 403 403",
        SUPERUSER: "ok ok 403 403 403 403",
    },
    "submit_selected": {
        REPORTER: "ok skip msg msg msg msg",
        PHOTOGRAPHER: "msg msg msg msg msg msg",
        EDITORS: "ok ok msg msg msg msg",
        NO_ROLE: "403 403 403 403 403 403",
    },
    "publish_selected": {
        (REPORTER, PHOTOGRAPHER): "msg msg msg msg msg msg",
        EDITORS: "ok ok ok msg ok ok",
        NO_ROLE: "403 403 403 403 403 403",
    },
    "delete_selected": {
        (REPORTER, PHOTOGRAPHER, EDITOR, ADMIN): "msg msg msg msg msg msg",
        SUPERUSER: "ok ok 403 403 403 403",
        NO_ROLE: "403 403 403 403 403 403",
    },
}
CASES = [
    pytest.param(role, state, path, outcome, id=f"{role}-{state}-{path}-{outcome}")
    for path, rows in MATRIX.items()
    for roles, outcomes in rows.items()
    for role in (roles if isinstance(roles, tuple) else (roles,))
    for state, outcome in zip(STATES, outcomes.split(), strict=True)
]


def oldest_revision(article):
    return article.history.order_by("history_id").first().history_id


def new_photo():
    return {"featured_photo": PhotoFactory(caption=NEW_CAPTION, renditions=False).pk}


def selected(name, **extra):
    """Posts list action ``name`` on the article to the change list."""
    return lambda c, a: c.post(
        url("changelist"), {"action": name, "_selected_action": [a.pk], **extra}
    )


PATHS = {
    "change_get": lambda c, a: c.get(url("change", a.pk)),
    # Also a new featured photo, whose caption the article then carries.
    "change_post": lambda c, a: c.post(url("change", a.pk), forged_change(a, **new_photo())),
    "submit": lambda c, a: c.post(url("transition", a.pk, "submit"), {"note": ""}),
    "return": lambda c, a: c.post(url("transition", a.pk, "return"), {"note": "Tambah kutipan."}),
    "publish": lambda c, a: c.post(url("transition", a.pk, "publish"), {"at_0": "", "at_1": ""}),
    "withdraw": lambda c, a: c.post(
        url("transition", a.pk, "withdraw"), {"note": "Data keliru.", "confirm": "on"}
    ),
    "preview": lambda c, a: c.get(url("preview", a.pk)),
    "preview_link": lambda c, a: c.post(url("preview_link", a.pk)),
    "revoke_previews": lambda c, a: c.post(url("revoke_preview_links", a.pk)),
    "history": lambda c, a: c.get(url("history", a.pk)),
    "restore": lambda c, a: c.post(url("restore", a.pk, oldest_revision(a))),
    "delete": lambda c, a: c.post(url("delete", a.pk), {"post": "yes"}),
    "submit_selected": selected("submit_selected", index=0),
    "publish_selected": selected("publish_selected", index=0),
    # Django's delete action, confirmed: its second step has no "index" and has "post".
    "delete_selected": selected("delete_selected", post="yes"),
}
# What an allowed mutating path leaves in the row.
DONE = {
    "change_post": {"title": FORGED_TITLE, "photo_caption": NEW_CAPTION},
    "submit": {"status": Status.REVIEW},
    "submit_selected": {"status": Status.REVIEW},
    "return": {"status": Status.DRAFT},
    "publish": {"status": Status.PUBLISHED},
    "publish_selected": {"status": Status.PUBLISHED},
    "withdraw": {"status": Status.WITHDRAWN},
    "restore": {"title": "Judul asli"},
}


@pytest.mark.parametrize(("role", "state", "path", "outcome"), CASES)
def test_role_rules_hold_on_every_admin_path(
    log_in, client, sari, budi, role, state, path, outcome
):
    article = make_article(state, budi if state == "other_draft" else sari)
    log_in(role)
    before = snapshot(article.pk)

    response = PATHS[path](client, article)

    row, events, revisions = after = snapshot(article.pk)
    if outcome in ("403", "404", "400"):
        assert response.status_code == int(outcome)
    elif outcome == "gone":
        assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    elif outcome in ("msg", "skip"):
        assert response.status_code == 302
        if outcome == "msg":
            levels = [message.level for message in get_messages(response.wsgi_request)]
            assert max(levels) >= messages.WARNING
    elif path == "change_get":
        assert response.status_code == 200
        adminform = response.context["adminform"]
        shown = [name for _, options in adminform.fieldsets for name in options["fields"]]
        assert response.context["has_change_permission"] is (outcome != "view")
        if outcome == "photo":
            assert shown == ["featured_photo", "featured_photo_details"]
        assert "status" not in adminform.form.fields
        if role in (REPORTER, PHOTOGRAPHER):
            assert "published_at" not in adminform.form.fields
    elif path == "revoke_previews":  # on record, without a revision or a changed row
        assert response.status_code == 302
        assert after == (before[0], before[1] + 1, before[2])
        return
    elif path in ("preview", "history", "preview_link"):
        assert response.status_code == (302 if path == "preview_link" else 200)
    elif path in ("delete", "delete_selected"):
        assert (response.status_code, row) == (302, None)
        return
    else:
        assert response.status_code == 302
        done = DONE[path] if outcome == "ok" else {"photo_caption": NEW_CAPTION}
        assert {name: row[name] for name in done} == done
        assert events == before[1] + (0 if path.startswith("change") else 1)
        assert revisions == before[2] + 1
        if path in ("change_post", "restore"):
            assert row["status"] == before[0]["status"]  # the forged status is ignored
        if outcome == "photo":
            assert row["title"] == before[0]["title"]  # the forged title is ignored
        if role == REPORTER or outcome == "photo":
            assert row["published_at"] == before[0]["published_at"]
        if path.startswith("publish"):
            assert row["published_at"] <= timezone.now()
        return
    assert after == before
