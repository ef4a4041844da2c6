"""An article's one history page (Django's "Riwayat" address): its revisions, what changed
between two of them, restoring one ("Pulihkan"), and the workflow record. Those who may
not edit the article cannot restore, whatever they post. Withdrawing asks for a ticked
confirmation on the server, and looks dangerous; publishing is the primary button."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, ArticleEvent
from tests.editorial.steps import draft_by, revisions_of, snapshot
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Status = Article.Status


def url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


@pytest.fixture
def retitled(editor, reporter):
    """A published article by the reporter whose title an editor changed: two revisions."""
    article = ArticleFactory(
        title="Bupati Buka Rapat Koordinasi", created_by=reporter, reporter=reporter.person
    )
    article.title, article._history_user = "Bupati Tutup Rapat Koordinasi", editor
    article.save()
    return article


class TestOneHistoryPage:
    def test_the_article_form_links_to_one_history_page(self, client, editor, retitled):
        client.force_login(editor)
        html = client.get(url("change", retitled.pk)).content.decode()
        assert html.count(f'href="{url("history", retitled.pk)}"') == 1
        assert "Riwayat revisi" not in html and "/revisions/" not in html

    def test_it_shows_the_revisions_and_what_changed_between_the_last_two(
        self, client, editor, retitled
    ):
        client.force_login(editor)
        response = client.get(url("history", retitled.pk))
        first, second = revisions_of(retitled)
        assertContains(response, f"Perbedaan revisi {first.history_id} &rarr; {second.history_id}")
        assertContains(response, "Bupati <del>Buka</del> <ins>Tutup</ins> Rapat Koordinasi")
        assertContains(response, "Riwayat: Bupati Tutup Rapat Koordinasi")
        # One restore button, for the older revision; the newest is the article as it is.
        assert re.findall(r'form="restore-(\d+)"', response.content.decode()) == [
            str(first.history_id)
        ]
        assertContains(response, "Catatan alur kerja")

    def test_any_two_revisions_can_be_compared(self, client, editor, retitled):
        retitled.summary, retitled._history_user = "Ringkasan yang diperbarui.", editor
        retitled.save()
        first, _second, third = revisions_of(retitled)
        client.force_login(editor)
        response = client.get(
            url("history", retitled.pk), {"a": third.history_id, "b": first.history_id}
        )
        assertContains(response, f"Perbedaan revisi {first.history_id} &rarr; {third.history_id}")
        assertContains(response, "<ins>Tutup</ins>")
        assertContains(response, "<ins>yang diperbarui.</ins>")

    def test_an_unknown_revision_is_not_found(self, client, editor, retitled):
        client.force_login(editor)
        response = client.get(url("history", retitled.pk), {"a": 999999, "b": 1})
        assert response.status_code == 404

    def test_restoring_an_older_revision_brings_its_content_back(self, client, editor, retitled):
        first = revisions_of(retitled)[0]
        client.force_login(editor)
        response = client.post(url("restore", retitled.pk, first.history_id))
        assert (response.status_code, response["Location"]) == (302, url("change", retitled.pk))
        retitled.refresh_from_db()
        assert retitled.title == "Bupati Buka Rapat Koordinasi"
        assert len(revisions_of(retitled)) == 3
        assert retitled.events.filter(action=ArticleEvent.Action.RESTORED).exists()
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert messages == [f"Revisi {first.history_id} dipulihkan sebagai revisi baru."]

    @pytest.mark.parametrize("role", ["reporter", "photographer"])
    def test_someone_who_cannot_edit_the_article_cannot_restore_even_by_a_forged_post(
        self, client, request, role, retitled
    ):
        client.force_login(request.getfixturevalue(role))
        first = revisions_of(retitled)[0]
        before = snapshot(retitled)

        assert client.get(url("history", retitled.pk)).status_code == 403
        assert client.post(url("restore", retitled.pk, first.history_id)).status_code == 403
        assert snapshot(retitled) == before

    def test_a_reporter_sees_and_restores_the_history_of_their_own_draft(self, client, reporter):
        draft = draft_by(reporter, title="Judul pertama")
        draft.title, draft._history_user = "Judul kedua", reporter
        draft.save()
        client.force_login(reporter)
        assertContains(client.get(url("history", draft.pk)), "Pulihkan")
        response = client.post(url("restore", draft.pk, revisions_of(draft)[0].history_id))
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.title == "Judul pertama"

    def test_who_cannot_see_the_history_gets_no_history_link(self, client, reporter, retitled):
        client.force_login(reporter)
        response = client.get(url("change", retitled.pk))
        assert response.status_code == 200
        assertNotContains(response, url("history", retitled.pk))


class TestWorkflowButtons:
    def test_publishing_is_the_primary_button_and_withdrawing_a_red_one(self, client, editor):
        client.force_login(editor)
        review = ArticleFactory(status=Status.REVIEW, published_at=None)
        published = ArticleFactory()
        review_page = client.get(url("change", review.pk)).content.decode()
        published_page = client.get(url("change", published.pk)).content.decode()
        assert re.search(r'class="button workflow-primary" href="[^"]+/publish/"', review_page)
        assert re.search(r'class="button" href="[^"]+/return/"', review_page)
        assert re.search(r'class="button workflow-danger" href="[^"]+/withdraw/"', published_page)

    def test_the_withdraw_page_asks_for_a_confirmation_with_a_red_button(self, client, editor):
        client.force_login(editor)
        response = client.get(url("transition", ArticleFactory().pk, "withdraw"))
        assertContains(response, 'type="checkbox" name="confirm"')
        assertContains(response, "Ya, tarik berita ini.")
        assertContains(response, 'class="default workflow-danger" value="Tarik dari publik"')

    def test_withdrawing_without_the_confirmation_is_refused_and_changes_nothing(
        self, client, editor
    ):
        article = ArticleFactory()
        before = snapshot(article)
        client.force_login(editor)
        response = client.post(url("transition", article.pk, "withdraw"), {"note": "Keliru."})
        assert response.status_code == 400
        assertContains(response, "Centang konfirmasi ini untuk melanjutkan.", status_code=400)
        assert snapshot(article) == before

    def test_withdrawing_with_the_confirmation_withdraws(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        response = client.post(
            url("transition", article.pk, "withdraw"), {"note": "Keliru.", "confirm": "on"}
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.WITHDRAWN

    def test_other_steps_ask_for_no_confirmation(self, client, editor):
        client.force_login(editor)
        draft = ArticleFactory(status=Status.DRAFT, published_at=None)
        response = client.get(url("transition", draft.pk, "publish"))
        assertNotContains(response, 'name="confirm"')
        assertNotContains(response, "workflow-danger")
