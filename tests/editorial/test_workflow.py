"""The editorial workflow, called as a service: transitions, who may start them, the publish
checklist, slugs, and the mails each step sends. Revisions and corrections are in
test_revisions.py, preview links in test_preview_links.py."""

import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import workflow
from articles.editorial.workflow import TransitionNotAllowed
from articles.models import Article, ArticleEvent
from tests.editorial.steps import (
    assert_refused,
    draft_by,
    events,
    home_page,
    revisions_of,
    status_of,
)
from tests.factories import ArticleFactory, PersonFactory, UserFactory

SAME_DAY_SLUG = "Sudah ada berita dengan penggalan alamat ini pada tanggal terbit yang sama."

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = Article.Status
Action = ArticleEvent.Action
NOW = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # Thursday 15 June 2023, 12:24:37 WIB


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 Service not available")


class TestTransitions:
    def test_reporter_submits_own_draft_for_review(self, reporter):
        article = draft_by(reporter)
        workflow.submit(article=article, by=reporter, note="Mohon ditinjau.")
        assert status_of(article) == Status.REVIEW
        submitted = (Action.SUBMITTED, reporter.pk, "Mohon ditinjau.", "draft", "review", NOW)
        assert events(article) == [submitted]

    def test_editor_publishes_an_article_in_review_now(self, client, reporter, editor):
        article = draft_by(reporter, status=Status.REVIEW)
        workflow.publish(article=article, by=editor)
        article.refresh_from_db()
        assert (article.status, article.published_at) == (Status.PUBLISHED, NOW)
        assert events(article) == [(Action.PUBLISHED, editor.pk, "", "review", "published", NOW)]
        assert client.get(article.get_absolute_url()).status_code == 200
        assertContains(home_page(client), article.title)

    def test_editor_returns_an_article_to_the_reporter_with_a_note(self, reporter, editor):
        article = draft_by(reporter, status=Status.REVIEW)
        workflow.return_to_reporter(article=article, by=editor, note="  Lengkapi kutipan. ")
        assert status_of(article) == Status.DRAFT
        returned = (Action.RETURNED, editor.pk, "Lengkapi kutipan.", "review", "draft", NOW)
        assert events(article) == [returned]

    @pytest.mark.parametrize("note", ["", "   \n"])
    def test_returning_without_a_note_is_refused_and_changes_nothing(self, reporter, editor, note):
        article = draft_by(reporter, status=Status.REVIEW)
        refuse = workflow.return_to_reporter
        assert_refused(TransitionNotAllowed, refuse, article, by=editor, note=note)
        assert status_of(article) == Status.REVIEW

    def test_withdrawn_article_is_gone_for_the_public(self, client, editor):
        article = ArticleFactory()
        url = article.get_absolute_url()
        workflow.withdraw(article=article, by=editor, reason="Data anggaran keliru.")
        assert status_of(article) == Status.WITHDRAWN
        withdrawn = (Action.WITHDRAWN, editor.pk, "Data anggaran keliru.", "published", "withdrawn")
        assert events(article) == [(*withdrawn, NOW)]
        assert client.get(url).status_code == 410
        assertNotContains(home_page(client), article.title)

    @pytest.mark.parametrize("reason", ["", "  "])
    def test_withdrawing_without_a_reason_is_refused_and_changes_nothing(self, editor, reason):
        article = ArticleFactory()
        assert_refused(TransitionNotAllowed, workflow.withdraw, article, by=editor, reason=reason)

    def test_each_transition_is_recorded_with_who_when_why_and_the_states(
        self, clock, reporter, editor
    ):
        steps = [
            (workflow.submit, reporter, {}),
            (workflow.return_to_reporter, editor, {"note": "Judul terlalu panjang."}),
            (workflow.submit, reporter, {}),
            (workflow.publish, editor, {}),
            (workflow.withdraw, editor, {"reason": "Permintaan narasumber."}),
        ]
        article = draft_by(reporter)
        for transition, user, kwargs in steps:
            transition(article=article, by=user, **kwargs)
            clock.shift(timedelta(minutes=10))
        at = [NOW + timedelta(minutes=10 * step) for step in range(5)]
        r, e = reporter.pk, editor.pk
        assert events(article) == [
            (Action.SUBMITTED, r, "", "draft", "review", at[0]),
            (Action.RETURNED, e, "Judul terlalu panjang.", "review", "draft", at[1]),
            (Action.SUBMITTED, r, "", "draft", "review", at[2]),
            (Action.PUBLISHED, e, "", "review", "published", at[3]),
            (Action.WITHDRAWN, e, "Permintaan narasumber.", "published", "withdrawn", at[4]),
        ]


class TestScheduling:
    def test_article_published_for_later_is_scheduled_and_appears_when_its_time_comes(
        self, client, clock, reporter, editor
    ):
        article = draft_by(reporter, status=Status.REVIEW)
        later = NOW + timedelta(days=1)
        workflow.publish(article=article, by=editor, at=later)
        article.refresh_from_db()
        assert (article.published_at, article.status_label) == (later, "Terjadwal")
        assert events(article)[-1][0] == Action.SCHEDULED
        assert list(Article.objects.scheduled()) == [article]
        assert not Article.objects.published().exists()
        assert client.get(article.get_absolute_url()).status_code == 404
        assertNotContains(home_page(client), article.title)

        clock.move_to(later + timedelta(seconds=1))
        assert article.status_label == "Terbit"
        assert not Article.objects.scheduled().exists()
        assert client.get(article.get_absolute_url()).status_code == 200
        assertContains(home_page(client), article.title)

    def test_publishing_a_scheduled_article_again_moves_its_time(self, editor):
        article = ArticleFactory(published_at=NOW + timedelta(days=1))
        moved = NOW + timedelta(days=3)
        workflow.publish(article=article, by=editor, at=moved)
        article.refresh_from_db()
        assert (article.published_at, article.status_label) == (moved, "Terjadwal")
        assert events(article) == [(Action.SCHEDULED, editor.pk, "", "published", "published", NOW)]


class TestPermissions:
    def test_reporter_cannot_publish_even_by_calling_the_service(self, reporter):
        article = draft_by(reporter, status=Status.REVIEW)
        assert_refused(PermissionDenied, workflow.publish, article, by=reporter)

    def test_reporter_cannot_return_an_article_in_review(self, reporter):
        article = draft_by(reporter, status=Status.REVIEW)
        refuse = workflow.return_to_reporter
        assert_refused(PermissionDenied, refuse, article, by=reporter, note="Perbaiki.")

    def test_reporter_cannot_withdraw_even_own_published_article(self, reporter):
        article = draft_by(reporter, status=Status.PUBLISHED, published_at=NOW)
        assert_refused(PermissionDenied, workflow.withdraw, article, by=reporter, reason="Salah.")

    def test_reporter_cannot_submit_someone_elses_draft(self, reporter, make_user):
        article = draft_by(make_user("Reporter", "rina"))
        assert_refused(PermissionDenied, workflow.submit, article, by=reporter)

    def test_photographer_cannot_submit_a_draft(self, photographer, reporter):
        article = draft_by(reporter, photographer=photographer.person)
        assert_refused(PermissionDenied, workflow.submit, article, by=photographer)

    def test_photographer_cannot_publish(self, photographer, reporter):
        article = draft_by(reporter, status=Status.REVIEW, photographer=photographer.person)
        assert_refused(PermissionDenied, workflow.publish, article, by=photographer)

    def test_reporter_cannot_restore_a_revision_of_a_published_article(self, reporter):
        article = draft_by(reporter, status=Status.PUBLISHED, published_at=NOW)
        article.title = "Judul baru"
        article.save()
        first = revisions_of(article)[0]
        refuse = workflow.restore_revision
        assert_refused(PermissionDenied, refuse, article, revision=first, by=reporter)


class TestInvalidState:
    @pytest.mark.parametrize(
        ("status", "transition", "kwargs"),
        [
            pytest.param(Status.DRAFT, workflow.withdraw, {"reason": "x"}, id="withdraw-draft"),
            pytest.param(Status.DRAFT, workflow.return_to_reporter, {"note": "x"}, id="return"),
            pytest.param(Status.PUBLISHED, workflow.submit, {}, id="submit-published"),
            pytest.param(Status.PUBLISHED, workflow.publish, {}, id="publish-published"),
            pytest.param(Status.WITHDRAWN, workflow.withdraw, {"reason": "x"}, id="withdraw-again"),
        ],
    )
    def test_transition_from_the_wrong_state_is_refused_and_changes_nothing(
        self, reporter, editor, status, transition, kwargs
    ):
        published_at = None if status == Status.DRAFT else NOW - timedelta(hours=1)
        article = draft_by(reporter, status=status, published_at=published_at)
        error = assert_refused(TransitionNotAllowed, transition, article, by=editor, **kwargs)
        assert "Tidak dapat dilakukan pada berita berstatus" in str(error)


class TestPublishChecklist:
    def test_complete_article_lacks_nothing_and_without_photo_needs_no_photo_credits(self):
        assert workflow.publish_checklist(ArticleFactory(with_photo=True)) == []
        assert workflow.publish_checklist(ArticleFactory(photographer=None, photo_caption="")) == []

    @pytest.mark.parametrize(
        ("fields", "missing"),
        [
            ({"title": "  "}, "judul"),
            ({"body": ""}, "isi berita"),
            ({"reporter": None}, "reporter"),
            ({"dateline": " "}, "tempat berita"),
            ({"with_photo": True, "featured_photo__caption": ""}, "teks foto"),
            ({"with_photo": True, "photographer": None}, "fotografer atau sumber foto"),
        ],
    )
    def test_publish_is_refused_naming_exactly_what_is_missing(self, editor, fields, missing):
        article = ArticleFactory(status=Status.REVIEW, published_at=None, **fields)
        assert workflow.publish_checklist(article) == [missing]
        error = assert_refused(TransitionNotAllowed, workflow.publish, article, by=editor)
        assert str(error) == f"Belum dapat diterbitkan. Yang belum diisi: {missing}."

    def test_message_lists_everything_that_is_missing(self, editor):
        article = ArticleFactory(status=Status.DRAFT, published_at=None, body="", reporter=None)
        error = assert_refused(TransitionNotAllowed, workflow.publish, article, by=editor)
        assert str(error) == "Belum dapat diterbitkan. Yang belum diisi: isi berita, reporter."


class TestSlugClash:
    def test_slug_used_on_the_same_wib_date_is_refused_and_changes_nothing(self, editor):
        # 00:30 WIB on 15 June is 14 June in UTC; publishing now (12:24 WIB) is 15 June.
        early = datetime(2023, 6, 14, 17, 30, tzinfo=UTC)
        ArticleFactory(title="Rapat Koordinasi", published_at=early)
        article = ArticleFactory(title="Rapat Koordinasi", status=Status.REVIEW, published_at=None)
        assert article.slug == "rapat-koordinasi"
        error = assert_refused(TransitionNotAllowed, workflow.publish, article, by=editor)
        assert str(error) == SAME_DAY_SLUG

    def test_same_slug_on_another_wib_date_may_be_published(self, editor):
        day_before = datetime(2023, 6, 14, 16, 30, tzinfo=UTC)  # 23:30 WIB on 14 June
        ArticleFactory(title="Rapat Koordinasi", published_at=day_before)
        article = ArticleFactory(title="Rapat Koordinasi", status=Status.REVIEW, published_at=None)
        workflow.publish(article=article, by=editor)
        assert status_of(article) == Status.PUBLISHED


class TestNotifications:
    def test_submit_mails_the_editors_a_link_to_the_admin_page(
        self, mails, settings, make_user, reporter, editor
    ):
        UserFactory(username="admin", is_superuser=True, email="admin@example.id")
        make_user("Admin", "ketua")
        make_user("Fotografer", "dedi")
        inactive, no_email = make_user("Editor", "pensiun"), make_user("Editor", "tanpa")
        inactive.is_active, no_email.email = False, ""
        inactive.save()
        no_email.save()
        article = draft_by(reporter, title="Bupati Resmikan Jembatan")
        [mail] = mails(workflow.submit, article=article, by=reporter)
        assert sorted(mail.to) == ["admin@example.id", "budi@example.id", "ketua@example.id"]
        assert "Bupati Resmikan Jembatan" in mail.subject
        admin_url = reverse("admin:articles_article_change", args=[article.pk])
        assert settings.SITE_URL + admin_url in mail.body

    def test_return_mails_the_reporter_with_the_note(self, mails, reporter, editor):
        article = draft_by(reporter, status=Status.REVIEW)
        note = "Tambahkan kutipan Bupati."
        [mail] = mails(workflow.return_to_reporter, article=article, by=editor, note=note)
        assert mail.to == ["sari@example.id"]
        assert note in mail.body

    def test_publish_mails_the_reporter_a_link_to_the_article(
        self, mails, settings, reporter, editor
    ):
        article = draft_by(reporter, status=Status.REVIEW)
        [mail] = mails(workflow.publish, article=article, by=editor)
        assert mail.to == ["sari@example.id"]
        assert "telah terbit" in mail.body
        assert settings.SITE_URL + article.get_absolute_url() in mail.body

    def test_scheduled_publish_mail_says_the_time_in_wib(self, mails, reporter, editor):
        article = draft_by(reporter, status=Status.REVIEW)
        at = datetime(2023, 6, 20, 2, 0, tzinfo=UTC)
        [mail] = mails(workflow.publish, article=article, by=editor, at=at)
        assert "dijadwalkan terbit pada 20 Juni 2023, 09.00 WIB" in mail.body

    def test_reporter_without_an_account_gets_no_mail_and_nothing_breaks(self, mails, editor):
        article = ArticleFactory(status=Status.REVIEW, published_at=None, reporter=PersonFactory())
        assert mails(workflow.publish, article=article, by=editor) == []
        assert status_of(article) == Status.PUBLISHED

    def test_mail_server_failure_does_not_undo_the_transition(
        self, mails, settings, caplog, reporter, editor
    ):
        settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
        article = draft_by(reporter, status=Status.REVIEW)
        assert mails(workflow.publish, article=article, by=editor) == []
        assert status_of(article) == Status.PUBLISHED
        assert [event[0] for event in events(article)] == [Action.PUBLISHED]
        assert "Could not send workflow mail" in caplog.text
