"""The role rules one by one, as the issue states them: what a reporter, a photographer,
an editor or a user without a role may do in the admin, each checked in the response and
in the database. The whole table of roles x states x admin paths is in
test_admin_permissions.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, ArticleEvent
from tests.admin_forms import FORGED_TITLE, forged_change, local_datetime_fields
from tests.editorial.admin_paths import (
    EDITOR,
    NO_ROLE,
    PHOTOGRAPHER,
    REPORTER,
    SUPERUSER,
    make_article,
    snapshot,
    url,
)

pytestmark = pytest.mark.django_db

Status = Article.Status


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
