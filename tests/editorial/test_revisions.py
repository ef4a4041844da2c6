"""Revisions and corrections: every save and transition keeps a revision, restoring
brings content back but not state, comparing shows what changed, and a correction is put
on record on the public page."""

from datetime import UTC, datetime

import pytest

from articles.editorial import revisions, workflow
from articles.editorial.workflow import TransitionNotAllowed
from articles.models import Article, ArticleEvent
from tests.editorial.steps import (
    assert_refused,
    draft_by,
    events,
    revisions_of,
)
from tests.factories import ArticleFactory, PersonFactory
from tests.public.pages import texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = Article.Status
Action = ArticleEvent.Action
NOW = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # Thursday 15 June 2023, 12:24:37 WIB


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
        response = client.get(article.get_absolute_url())
        correction = "Ralat (15 Juni 2023, 12:24 WIB): Nama camat diperbaiki."
        assert texts(response, "article-corrections") == [correction]
        html = response.content.decode()
        assert html.index("Paragraf kedua.") < html.index('class="article-corrections"')
