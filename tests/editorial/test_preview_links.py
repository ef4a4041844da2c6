"""Preview links: a signed link shows an unpublished article to whoever has it, for a
limited time, and nothing else; a withdrawal or an editor's revocation ends every link
made before, and a withdrawn article is never shown through one."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.editorial import preview
from articles.models import Article, ArticleEvent
from tests.editorial.steps import (
    draft_by,
)
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = Article.Status
Action = ArticleEvent.Action
NOW = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # Thursday 15 June 2023, 12:24:37 WIB


class TestPreviewLinks:
    def preview(self, client, token):
        return client.get(reverse("articles:preview_link", kwargs={"token": token}))

    def test_valid_link_shows_a_draft_to_an_anonymous_visitor(self, client, reporter):
        article = draft_by(reporter, title="Draf rahasia")
        response = self.preview(client, preview.make_token(article))
        assertContains(response, "Draf rahasia")
        assertContains(response, "Pratinjau")
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    @pytest.mark.parametrize(
        ("later", "status"), [(timedelta(hours=48), 200), (timedelta(hours=48, seconds=1), 403)]
    )
    def test_link_expires_after_48_hours(self, client, clock, reporter, later, status):
        token = preview.make_token(draft_by(reporter))
        clock.shift(later)
        assert self.preview(client, token).status_code == status

    def test_link_lifetime_comes_from_settings(self, client, clock, settings, reporter):
        settings.NEWSROOM_PREVIEW_LINK_HOURS = 2
        token = preview.make_token(draft_by(reporter))
        clock.shift(timedelta(hours=2, seconds=1))
        assert self.preview(client, token).status_code == 403

    def test_tampered_link_is_forbidden(self, client, reporter):
        token = preview.make_token(draft_by(reporter))
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert self.preview(client, tampered).status_code == 403

    def test_token_signed_for_another_purpose_is_forbidden(self, client, reporter):
        article = draft_by(reporter)
        assert self.preview(client, signing.dumps(article.pk)).status_code == 403
        assert self.preview(client, signing.dumps(article.pk, salt="lain")).status_code == 403

    def test_link_to_a_deleted_article_is_not_found(self, client, reporter):
        article = draft_by(reporter)
        token = preview.make_token(article)
        article.delete()
        assert self.preview(client, token).status_code == 404


def admin_url(name, article):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


def link_made_in_admin(client, article) -> str:
    """An editor's "Buat tautan pratinjau": the link's path, read from the admin message."""
    response = client.post(admin_url("preview_link", article))
    assert response.status_code == 302
    found = [
        re.search(r'href="https?://[^/]+(/[^"]+)"', str(message))
        for message in get_messages(response.wsgi_request)
    ]
    paths = [match.group(1) for match in found if match]
    return paths[-1]  # messages pile up until a page shows them


def withdraw_in_admin(client, article):
    url = reverse("admin:articles_article_transition", args=[article.pk, "withdraw"])
    assert client.post(url, {"note": "Data anggaran keliru.", "confirm": "on"}).status_code == 302


def publish_in_admin(client, article):
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])
    assert client.post(url, {"at_0": "", "at_1": ""}).status_code == 302


class TestWithdrawalAndRevocation:
    SECRET = "Angka anggaran yang keliru dan ditarik."

    @pytest.fixture
    def live(self, editor):
        return ArticleFactory(body=f"<p>{self.SECRET}</p>", editor=editor.person)

    def assert_dead(self, client, path):
        response = client.get(path)
        assert response.status_code == 403
        assert self.SECRET not in response.content.decode()

    def test_a_link_made_before_a_withdrawal_stops_working_at_the_withdrawal(
        self, client, live, editor
    ):
        client.force_login(editor)
        path = link_made_in_admin(client, live)
        assert self.SECRET in Client().get(path).content.decode()

        withdraw_in_admin(client, live)

        self.assert_dead(Client(), path)
        self.assert_dead(client, path)  # logged in or not, a link is a public page

    def test_a_link_killed_by_a_withdrawal_stays_dead_after_republication(
        self, client, live, editor
    ):
        client.force_login(editor)
        before = link_made_in_admin(client, live)
        withdraw_in_admin(client, live)
        publish_in_admin(client, live)

        self.assert_dead(Client(), before)
        assert self.SECRET in Client().get(link_made_in_admin(client, live)).content.decode()

    def test_a_withdrawn_article_is_never_shown_through_a_link_even_one_never_revoked(self, live):
        token = preview.make_token(live)
        # Withdrawn without the workflow (an old row, a restored backup): same version.
        Article.objects.filter(pk=live.pk).update(status=Status.WITHDRAWN)

        self.assert_dead(Client(), reverse("articles:preview_link", kwargs={"token": token}))

    def test_no_link_is_made_for_a_withdrawn_article(self, client, live, editor):
        client.force_login(editor)
        withdraw_in_admin(client, live)

        response = client.post(admin_url("preview_link", live))

        shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
        assert "/pratinjau/" not in shown and "tidak dapat dibagikan" in shown
        page = client.get(admin_url("change", live)).content.decode()
        assert "Buat tautan pratinjau" not in page

    def test_an_editor_revokes_every_earlier_link_on_record_without_a_revision(
        self, client, clock, live, editor
    ):
        client.force_login(editor)
        first = link_made_in_admin(client, live)
        clock.shift(timedelta(hours=1))
        second = link_made_in_admin(client, live)
        assert first != second
        revisions = live.history.count()

        response = client.post(admin_url("revoke_preview_links", live))

        assert response.status_code == 302
        self.assert_dead(Client(), first)
        self.assert_dead(Client(), second)
        assert self.SECRET in Client().get(link_made_in_admin(client, live)).content.decode()
        event = live.events.get(action=Action.PREVIEW_LINKS_REVOKED)
        assert (event.actor, event.created_at) == (editor, NOW + timedelta(hours=1))
        assert live.history.count() == revisions

    def test_revoking_by_a_get_or_without_the_csrf_token_is_refused(self, live, editor):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        token = preview.make_token(live)

        assert client.get(admin_url("revoke_preview_links", live)).status_code == 405
        assert client.post(admin_url("revoke_preview_links", live)).status_code == 403
        assert Article.objects.get(pk=live.pk).preview_version == live.preview_version
        assert (
            Client().get(reverse("articles:preview_link", kwargs={"token": token})).status_code
            == 200
        )

    def test_saving_a_form_loaded_before_the_revocation_does_not_bring_links_back(
        self, live, editor
    ):
        token = preview.make_token(live)
        stale = Article.objects.get(pk=live.pk)
        preview.revoke_links(live, by=editor)

        stale.title = "Judul diperbaiki"
        stale.save()

        assert Article.objects.get(pk=live.pk).preview_version == live.preview_version
        self.assert_dead(Client(), reverse("articles:preview_link", kwargs={"token": token}))


@pytest.mark.parametrize(
    "payload",
    [
        "pk",  # a link from before revocable links: the id alone
        ["pk", -1],
        ["pk", True],
        ["pk", "0"],
        ["pk", 0, 0],
        ["pk"],
        {"id": "pk", "v": 0},
        None,
    ],
)
def test_a_token_of_another_shape_signed_with_the_key_is_forbidden(client, reporter, payload):
    article = draft_by(reporter)

    def fill(value):
        return article.pk if value == "pk" else value

    shaped = (
        [fill(part) for part in payload]
        if isinstance(payload, list)
        else {k: fill(v) for k, v in payload.items()}
        if isinstance(payload, dict)
        else fill(payload)
    )
    token = signing.dumps(shaped, salt=preview.SALT)
    response = client.get(reverse("articles:preview_link", kwargs={"token": token}))
    assert response.status_code == 403


def test_a_link_signed_the_old_way_is_forbidden(client, reporter):
    article = draft_by(reporter)
    token = signing.dumps(article.pk, salt="articles.preview-link")
    assert client.get(reverse("articles:preview_link", kwargs={"token": token})).status_code == 403
