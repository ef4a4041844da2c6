"""The editorial workflow, called as a service: transitions, who may start them, the publish
checklist, revisions, preview links, notifications and corrections."""

import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import preview, revisions, workflow
from articles.editorial.workflow import TransitionNotAllowed
from articles.models import Article, ArticleEvent
from tests.factories import ArticleFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = Article.Status
Action = ArticleEvent.Action
NOW = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # Thursday 15 June 2023, 12:24:37 WIB


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 Service not available")


@pytest.fixture
def reporter(make_user):
    return make_user("Reporter", "sari")


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "budi")


@pytest.fixture
def photographer(make_user):
    return make_user("Fotografer", "dedi")


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """``mails(workflow.publish, article=a, by=u)``: the step, then its on-commit mails."""

    def run(transition, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            transition(**kwargs)
        return mailoutbox

    return run


def draft_by(user, **fields):
    """A draft created by ``user`` and credited to them as reporter."""
    values = {"status": Status.DRAFT, "published_at": None, "created_by": user}
    return ArticleFactory(reporter=user.person, **{**values, **fields})


def snapshot(article):
    """The article's row, its revisions and the whole event table."""
    row = Article.objects.values().get(pk=article.pk)
    return row, article.history.count(), list(ArticleEvent.objects.values())


def assert_refused(error, transition, article, **kwargs):
    """``transition`` raises ``error`` and leaves the database as it was; returns the error."""
    before = snapshot(article)
    with pytest.raises(error) as caught:
        transition(article=article, **kwargs)
    assert snapshot(article) == before
    return caught.value


def events(article):
    """The article's workflow record, oldest first: (action, actor id, note, from, to, when)."""
    names = ("action", "actor", "note", "from_status", "to_status", "created_at")
    return list(article.events.order_by("created_at", "id").values_list(*names))


def revisions_of(article):
    return list(article.history.order_by("history_id"))


def status_of(article):
    return Article.objects.get(pk=article.pk).status


def home_page(client):
    return client.get(reverse("articles:home"))


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
            ({"editor": None}, "editor"),
            ({"dateline": " "}, "tempat berita (dateline)"),
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
        article = ArticleFactory(status=Status.DRAFT, published_at=None, body="", editor=None)
        error = assert_refused(TransitionNotAllowed, workflow.publish, article, by=editor)
        assert str(error) == "Belum dapat diterbitkan. Yang belum diisi: isi berita, editor."


class TestSlugClash:
    def test_slug_used_on_the_same_wib_date_is_refused_and_changes_nothing(self, editor):
        # 00:30 WIB on 15 June is 14 June in UTC; publishing now (12:24 WIB) is 15 June.
        early = datetime(2023, 6, 14, 17, 30, tzinfo=UTC)
        ArticleFactory(title="Rapat Koordinasi", published_at=early)
        article = ArticleFactory(title="Rapat Koordinasi", status=Status.REVIEW, published_at=None)
        assert article.slug == "rapat-koordinasi"
        error = assert_refused(TransitionNotAllowed, workflow.publish, article, by=editor)
        assert str(error) == "Sudah ada berita dengan slug ini pada tanggal terbit yang sama."

    def test_same_slug_on_another_wib_date_may_be_published(self, editor):
        day_before = datetime(2023, 6, 14, 16, 30, tzinfo=UTC)  # 23:30 WIB on 14 June
        ArticleFactory(title="Rapat Koordinasi", published_at=day_before)
        article = ArticleFactory(title="Rapat Koordinasi", status=Status.REVIEW, published_at=None)
        workflow.publish(article=article, by=editor)
        assert status_of(article) == Status.PUBLISHED


class TestRevisions:
    def test_every_save_keeps_a_revision_with_who_and_the_full_content(self, editor):
        article = ArticleFactory(title="Judul awal")
        rina = PersonFactory(name="Rina")
        article.title, article.reporter, article._history_user = "Judul kedua", rina, editor
        article.save()
        article.body = "<p>Isi ketiga.</p>"
        article.save()
        first, second, third = revisions_of(article)
        assert [r.title for r in (first, second, third)] == ["Judul awal"] + ["Judul kedua"] * 2
        assert [r.history_user for r in (second, third)] == [editor, editor]
        assert [r.reporter for r in (second, third)] == [rina, rina]
        assert (third.editor, third.photographer) == (article.editor, article.photographer)
        assert (second.body, third.body) == (first.body, "<p>Isi ketiga.</p>")
        assert (third.dateline, third.summary) == ("BENGKALIS", article.summary)

    def test_a_transition_keeps_a_revision_by_its_actor(self, reporter):
        article = draft_by(reporter)
        workflow.submit(article=article, by=reporter)
        _created, submitted = revisions_of(article)
        assert (submitted.history_user, submitted.status) == (reporter, Status.REVIEW)

    def test_restoring_brings_back_content_and_credits_but_not_state_time_or_slug(
        self, reporter, editor
    ):
        article = draft_by(reporter, title="Judul asli", body="<p>Isi asli.</p>")
        workflow.publish(article=article, by=editor)
        article = Article.objects.get(pk=article.pk)
        original = revisions_of(article)[0]
        article.title, article.body, article.slug = "Judul salah", "<p>Salah.</p>", "judul-salah"
        article.reporter, article._history_user = PersonFactory(name="Rina"), editor
        article.save()
        count = article.history.count()

        workflow.restore_revision(article=article, revision=original, by=editor)
        article.refresh_from_db()
        assert (article.title, article.body) == ("Judul asli", "<p>Isi asli.</p>")
        assert article.reporter == reporter.person
        assert (article.status, article.published_at) == (Status.PUBLISHED, NOW)
        assert article.slug == "judul-salah"
        assert article.history.count() == count + 1
        assert revisions_of(article)[-1].history_user == editor
        action, actor, _note, from_status, to_status, _at = events(article)[-1]
        assert (action, actor, from_status, to_status) == (
            Action.RESTORED, editor.pk, "published", "published",
        )  # fmt: skip

    def test_compare_shows_removed_words_in_del_and_added_words_in_ins(self):
        article = ArticleFactory(title="Bupati Buka Rapat Koordinasi")
        article.title = "Bupati Tutup Rapat Koordinasi"
        article.save()
        [change] = revisions.compare(*revisions_of(article))
        assert (change.label, change.old) == ("Judul", "Bupati Buka Rapat Koordinasi")
        assert change.diff == "Bupati <del>Buka</del> <ins>Tutup</ins> Rapat Koordinasi"

    def test_compare_names_people_for_credit_changes(self):
        article = ArticleFactory(reporter=PersonFactory(name="Sari Wulandari"))
        article.reporter = PersonFactory(name="Budi Santoso")
        article.save()
        [change] = revisions.compare(*revisions_of(article))
        assert change.label == "Reporter"
        assert change.diff == "<del>Sari Wulandari</del> <ins>Budi Santoso</ins>"

    def test_html_in_the_body_is_escaped_in_the_diff(self):
        article = ArticleFactory(body="<p>Rapat dimulai</p>")
        article.body = "<p>Rapat <b>dimulai</b> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        article.save()
        [change] = revisions.compare(*revisions_of(article))
        assert change.diff == "Rapat dimulai <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"


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


class TestCorrections:
    @pytest.mark.parametrize("note", ["", "   "])
    def test_correction_requires_a_note(self, editor, note):
        article = ArticleFactory()
        record = workflow.record_correction
        assert_refused(TransitionNotAllowed, record, article, by=editor, note=note)

    def test_correction_is_shown_with_its_date_at_the_end_of_the_article(self, client, editor):
        article = ArticleFactory()
        workflow.record_correction(article=article, by=editor, note="Nama camat diperbaiki.")
        assert events(article) == [
            (Action.CORRECTED, editor.pk, "Nama camat diperbaiki.", "published", "published", NOW)
        ]
        html = client.get(article.get_absolute_url()).content.decode()
        correction = "<strong>Ralat</strong> (15 Juni 2023, 12:24 WIB): Nama camat diperbaiki."
        assert correction in html
        assert html.index("Paragraf kedua.") < html.index(correction)
