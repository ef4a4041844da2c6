"""The role rules on every admin path: what each role may do, and that a refusal changes nothing.

The main test is a table of (role, article state, admin path) -> outcome. A refusal
must leave the article row, the workflow record and the revision history as they were.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, ArticleEvent
from tests.admin_forms import FORGED_TITLE, NEW_CAPTION, forged_change, local_datetime_fields
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
REPORTER, PHOTOGRAPHER, EDITOR, ADMIN = "Reporter", "Fotografer", "Editor", "Admin"
SUPERUSER, NO_ROLE = "superuser", "no-role"
EDITORS = (EDITOR, ADMIN, SUPERUSER)
USERNAMES = {PHOTOGRAPHER: "foto", EDITOR: "edi", ADMIN: "ani", SUPERUSER: "root", NO_ROLE: "tamu"}
ROW_FIELDS = ["status", "published_at", "title", "body", "photo_caption"]
ROW_FIELDS += ["reporter_id", "editor_id", "photographer_id"]
STATES = ["own_draft", "other_draft", "review", "published", "scheduled", "withdrawn"]

# Outcomes: ok = allowed and done; photo = only photo, caption and credit are edited;
# view = read-only change form; gone = Django's "does not exist" redirect to the admin
# home (the article is outside the user's queryset); 400 = refused by the article's
# state; msg = list action refused with an admin message; skip = list action ignores
# an article outside the user's queryset. Every outcome but ok/photo changes nothing.
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
    "revisions": {
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


def url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def oldest_revision(article):
    return article.history.order_by("history_id").first().history_id


def selected(name, **extra):
    """Posts list action ``name`` on the article to the change list."""
    return lambda c, a: c.post(
        url("changelist"), {"action": name, "_selected_action": [a.pk], **extra}
    )


PATHS = {
    "change_get": lambda c, a: c.get(url("change", a.pk)),
    "change_post": lambda c, a: c.post(url("change", a.pk), forged_change(a)),
    "submit": lambda c, a: c.post(url("transition", a.pk, "submit"), {"note": ""}),
    "return": lambda c, a: c.post(url("transition", a.pk, "return"), {"note": "Tambah kutipan."}),
    "publish": lambda c, a: c.post(url("transition", a.pk, "publish"), {"at_0": "", "at_1": ""}),
    "withdraw": lambda c, a: c.post(url("transition", a.pk, "withdraw"), {"note": "Data keliru."}),
    "preview": lambda c, a: c.get(url("preview", a.pk)),
    "preview_link": lambda c, a: c.post(url("preview_link", a.pk)),
    "revisions": lambda c, a: c.get(url("revisions", a.pk)),
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


def snapshot(pk):
    row = Article.objects.filter(pk=pk).values(*ROW_FIELDS).first()
    return row, ArticleEvent.objects.count(), Article.history.filter(id=pk).count()


@pytest.fixture
def sari(make_user):
    return make_user(REPORTER, "sari")


@pytest.fixture
def budi(make_user):
    return make_user(REPORTER, "budi")


@pytest.fixture
def log_in(client, make_user, sari):
    """``log_in(role)``: the client acts as a user of that role (a Reporter is Sari)."""

    def log_in_as(role, on=client):
        if role == REPORTER:
            user = sari
        else:
            user = make_user(None if role in (SUPERUSER, NO_ROLE) else role, USERNAMES[role])
            user.is_superuser = role == SUPERUSER
            user.save()
        on.force_login(user)
        return user

    return log_in_as


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
            assert shown == ["featured_photo", "photo_caption", "photographer"]
        assert "status" not in adminform.form.fields
        if role in (REPORTER, PHOTOGRAPHER):
            assert "published_at" not in adminform.form.fields
    elif path in ("preview", "revisions", "preview_link"):
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


# -- the rules one by one, as the issue states them --------------------------


def test_reporter_cannot_publish_even_with_forged_post(log_in, client, sari):
    article = make_article("review", sari)
    log_in(REPORTER)
    before = snapshot(article.pk)
    tomorrow = local_datetime_fields(timezone.now() + timedelta(days=1), prefix="at")
    response = client.post(url("transition", article.pk, "publish"), tomorrow)
    assert response.status_code == 403
    assert snapshot(article.pk) == before


@pytest.mark.parametrize("role", [REPORTER, EDITOR])
def test_forged_status_on_the_change_form_does_not_publish(log_in, client, sari, role):
    article = make_article("own_draft", sari)
    log_in(role)
    events = ArticleEvent.objects.count()
    response = client.post(url("change", article.pk), forged_change(article, title="Baru"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.DRAFT, "Baru")
    assert (article.published_at is None) is (role == REPORTER)  # editors may plan a time
    assert ArticleEvent.objects.count() == events
    assert not Article.objects.published().exists()


def test_editor_may_plan_a_publication_time_but_not_move_a_published_one(log_in, client, sari):
    draft, live = make_article("own_draft", sari), make_article("published", sari)
    log_in(EDITOR)
    planned = timezone.now().replace(microsecond=0) + timedelta(days=2)
    for article in (draft, live):
        data = forged_change(article, **local_datetime_fields(planned))
        assert client.post(url("change", article.pk), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Status.DRAFT, planned)
    published_at = live.published_at
    live.refresh_from_db()
    assert live.published_at == published_at


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(REPORTER, True), (PHOTOGRAPHER, False), (EDITOR, True), (SUPERUSER, True), (NO_ROLE, False)],
)
def test_add_form_is_open_to_reporters_and_editors_only(log_in, client, role, allowed):
    user = log_in(role)
    assert client.get(url("add")).status_code == (200 if allowed else 403)
    data = forged_change(Article(), slug="", reporter=user.person.pk, editor="", photographer="")
    response = client.post(url("add"), data)
    assert response.status_code == (302 if allowed else 403)
    assert Article.objects.count() == (1 if allowed else 0)
    assert ArticleEvent.objects.count() == 0


def test_reporter_add_with_forged_status_and_time_makes_a_plain_draft(log_in, client):
    user = log_in(REPORTER)
    data = forged_change(Article(), slug="", reporter=user.person.pk, editor="", photographer="")
    assert client.post(url("add"), data).status_code == 302
    article = Article.objects.get()
    assert (article.status, article.published_at) == (Status.DRAFT, None)
    assert (article.title, article.created_by) == (FORGED_TITLE, user)


def test_reporter_lists_only_their_own_articles(log_in, client, sari, budi):
    make_article("own_draft", sari, title="Jembatan Desa")
    make_article("other_draft", budi, title="Pasar Rakyat")
    log_in(REPORTER)
    response = client.get(url("changelist"))
    assertContains(response, "Jembatan Desa")
    assertNotContains(response, "Pasar Rakyat")


def test_staff_without_a_role_gets_403_on_article_admin_pages(log_in, client, sari):
    article = make_article("own_draft", sari)
    log_in(NO_ROLE)
    for page in (url("changelist"), url("add"), url("change", article.pk)):
        assert client.get(page).status_code == 403, page


def test_editors_read_the_workflow_record_and_reporters_do_not(log_in, client, sari):
    make_article("own_draft", sari).events.create(action=ArticleEvent.Action.SUBMITTED)
    log_in(EDITOR)
    assertContains(client.get(reverse("admin:articles_articleevent_changelist")), "Judul kini")
    log_in(REPORTER)
    assert client.get(reverse("admin:articles_articleevent_changelist")).status_code == 403


@pytest.mark.parametrize("role", [EDITOR, SUPERUSER])
def test_nobody_can_add_change_or_delete_workflow_events(log_in, client, sari, role):
    article = make_article("own_draft", sari)
    event = article.events.create(action=ArticleEvent.Action.SUBMITTED, note="Asli")
    log_in(role)
    add = reverse("admin:articles_articleevent_add")
    change = reverse("admin:articles_articleevent_change", args=[event.pk])
    delete = reverse("admin:articles_articleevent_delete", args=[event.pk])
    assert client.get(add).status_code == 403
    assert client.post(add, {"article": article.pk, "action": "published"}).status_code == 403
    assert client.get(change).context["has_change_permission"] is False  # read-only page
    assert client.post(change, {"note": "Diubah", "action": "published"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    listing = reverse("admin:articles_articleevent_changelist")
    response = client.post(listing, {"action": "delete_selected", "_selected_action": [event.pk]})
    assert response.context["action_form"] is None  # no list action is offered at all
    assert list(ArticleEvent.objects.values_list("pk", "action", "note")) == [
        (event.pk, "submitted", "Asli")
    ]


def test_admin_home_lists_review_for_editors_and_only_own_for_reporters(log_in, client, sari, budi):
    make_article("review", sari, title="Jembatan Desa")
    make_article("review", budi, title="Pasar Rakyat")
    for role, sees_budis in [(EDITOR, True), (REPORTER, False)]:
        log_in(role)
        response = client.get(reverse("admin:index"))
        assertContains(response, "Menunggu tinjauan")
        assertContains(response, "Jembatan Desa")
        assert ("Pasar Rakyat" in response.content.decode()) is sees_budis, role


def test_reporter_sees_the_return_note_edits_again_and_resubmits(log_in, client, sari):
    article = make_article("review", sari)
    editor_client = Client()
    log_in(EDITOR, on=editor_client)
    note = "Tambahkan kutipan Bupati."
    returned = editor_client.post(url("transition", article.pk, "return"), {"note": note})
    assert returned.status_code == 302

    log_in(REPORTER)
    response = client.get(url("change", article.pk))
    assertContains(response, "Dikembalikan oleh Edi pada")
    assertContains(response, f": {note}")
    assert response.context["has_change_permission"] is True
    data = forged_change(article, title=article.title, body="<p>Kata Bupati: siap.</p>")
    assert client.post(url("change", article.pk), data).status_code == 302
    submitted = client.post(url("transition", article.pk, "submit"), {"note": "Sudah."})
    assert submitted.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.body) == (Status.REVIEW, "<p>Kata Bupati: siap.</p>")
    actions = list(article.events.order_by("id").values_list("action", flat=True))
    assert actions == ["returned", "submitted"]


def test_times_are_shown_and_asked_for_in_wib(log_in, client, sari):
    make_article("published", sari, published_at=datetime(2025, 3, 10, 2, 30, tzinfo=UTC))
    draft = make_article("own_draft", sari)
    log_in(EDITOR)
    assertContains(client.get(url("changelist")), "09.30 WIB")
    assertContains(client.get(url("transition", draft.pk, "publish")), "Waktu terbit (WIB)")


def test_transition_without_csrf_token_is_refused(log_in, sari):
    article = make_article("review", sari)
    csrf_client = Client(enforce_csrf_checks=True)
    log_in(EDITOR, on=csrf_client)
    before = snapshot(article.pk)
    response = csrf_client.post(url("transition", article.pk, "publish"), {"at_0": "", "at_1": ""})
    assert response.status_code == 403
    assert snapshot(article.pk) == before
