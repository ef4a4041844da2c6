"""Credits that fill themselves: a reporter's new release credits them; an editor who
publishes a release without an editor credit becomes its editor (or is told to link their
account); the featured photo's caption and photographer are shown beside it, read-only.
Through the real admin, on SQLite and PostgreSQL alike."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Person
from tests.admin_forms import EMPTY_GALLERY_FORMSET, forged_change
from tests.editorial.admin_paths import EDITOR, PHOTOGRAPHER, REPORTER, make_article, url
from tests.factories import PersonFactory, PhotoFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
FILLED_NOTE = "Kredit editor masih kosong: saat diterbitkan, Edi (Anda) dicatat sebagai editor."
UNLINKED = (
    "editor (pilih editor di formulir berita, atau minta Admin menautkan akun Anda ke data "
    "Personel agar Anda tercatat sebagai editor)"
)


def publish_now(client, article):
    return client.post(url("transition", article.pk, "publish"), {"at_0": "", "at_1": ""})


def unlink(user):
    Person.objects.filter(user=user).update(user=None)


# -- the reporter ------------------------------------------------------------


def test_a_reporters_new_release_credits_them_as_reporter(log_in, client, sari):
    log_in(REPORTER)
    response = client.get(url("add"))
    form = response.context["adminform"].form
    assert form.initial["reporter"] == sari.person.pk and "editor" not in form.initial
    assertContains(response, f'<option value="{sari.person.pk}" selected>Sari</option>', html=True)
    data = {
        "title": "Posyandu Keliling",
        "slug": "",
        "dateline": "BENGKALIS",
        "source": "PROKOPIM",
        "body": "<p>Isi.</p>",
        "reporter": form.initial["reporter"],
        "editor": "",
        "tags": "",
        **EMPTY_GALLERY_FORMSET,
    }
    assert client.post(url("add"), data).status_code == 302
    article = Article.objects.get()
    assert (article.reporter, article.editor, article.created_by) == (sari.person, None, sari)


def test_an_editors_new_release_starts_with_them_as_editor(log_in, client):
    editor = log_in(EDITOR)
    form = client.get(url("add")).context["adminform"].form
    assert form.initial["editor"] == editor.person.pk and "reporter" not in form.initial


def test_an_account_without_a_person_starts_with_no_credit(log_in, client, sari):
    unlink(sari)
    log_in(REPORTER)
    form = client.get(url("add")).context["adminform"].form
    assert "reporter" not in form.initial


# -- the editor, on publishing -----------------------------------------------


def test_publishing_without_editor_credit_credits_the_editor_who_publishes(log_in, client, sari):
    article = make_article("review", sari, editor=None)
    editor = log_in(EDITOR)
    page = client.get(url("transition", article.pk, "publish"))
    assertContains(page, FILLED_NOTE)
    assertNotContains(page, "Belum dapat diterbitkan")
    assertContains(client.get(url("change", article.pk)), FILLED_NOTE)

    response = publish_now(client, article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.editor) == (Status.PUBLISHED, editor.person)
    published = article.history.first()  # one revision: published, with its editor
    assert (published.status, published.editor_id) == (Status.PUBLISHED, editor.person.pk)
    assert "Editor : Edi" in article.credits_line


def test_the_list_action_credits_the_editor_too(log_in, client, sari):
    article = make_article("review", sari, editor=None)
    editor = log_in(EDITOR)
    client.post(url("changelist"), {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert (article.status, article.editor) == (Status.PUBLISHED, editor.person)


def test_an_editor_credit_already_given_is_kept(log_in, client, sari):
    rina = PersonFactory(name="Rina")
    article = make_article("review", sari, editor=rina)
    log_in(EDITOR)
    assertNotContains(client.get(url("transition", article.pk, "publish")), "Kredit editor")
    publish_now(client, article)
    article.refresh_from_db()
    assert (article.status, article.editor) == (Status.PUBLISHED, rina)


def test_an_editor_without_linked_person_is_told_to_link_one_or_pick_an_editor(
    log_in, client, sari
):
    article = make_article("review", sari, editor=None)
    unlink(log_in(EDITOR))
    page = client.get(url("transition", article.pk, "publish"))
    assertContains(page, f"Belum dapat diterbitkan. Yang belum diisi: {UNLINKED}.")
    assertContains(client.get(url("change", article.pk)), f"Sebelum terbit, lengkapi: {UNLINKED}.")

    response = publish_now(client, article)

    assert response.status_code == 400
    assertContains(response, UNLINKED, status_code=400)
    article.refresh_from_db()
    assert (article.status, article.editor) == (Status.REVIEW, None)
    assert not article.events.exists()


def test_the_list_action_refuses_it_with_the_same_message(log_in, client, sari):
    article = make_article("review", sari, editor=None)
    unlink(log_in(EDITOR))
    response = client.post(
        url("changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert any(UNLINKED in message.message for message in get_messages(response.wsgi_request))
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


# -- the featured photo's caption and photographer ---------------------------


@pytest.fixture
def photo():
    return PhotoFactory(
        caption="Bupati membuka rapat.", photographer=PersonFactory(name="Anggri"), renditions=False
    )


def test_the_caption_and_photographer_are_shown_beside_the_photo_with_a_link_to_edit_it(
    log_in, client, sari, photo
):
    article = make_article("own_draft", sari, featured_photo=photo)
    log_in(REPORTER)
    response = client.get(url("change", article.pk))
    assertContains(response, "Bupati membuka rapat.")
    assertContains(response, "Anggri")
    edit = reverse("admin:articles_photo_change", args=[photo.pk])
    assertContains(response, f'<a href="{edit}">Ubah teks foto atau fotografer pada foto ini</a>')
    form = response.context["adminform"].form
    assert {"photo_caption", "photographer"}.isdisjoint(form.fields)
    assertNotContains(response, 'name="photo_caption"')
    assertNotContains(response, 'name="photographer"')


def test_the_add_form_has_no_caption_or_photographer_box_of_its_own(log_in, client):
    log_in(REPORTER)
    response = client.get(url("add"))
    assertContains(response, "Teks foto dan fotografer mengikuti foto utama")
    assertNotContains(response, 'name="photo_caption"')
    assertNotContains(response, 'name="photographer"')


def test_a_caption_or_photographer_posted_to_the_article_is_ignored(log_in, client, sari, photo):
    article = make_article("own_draft", sari, featured_photo=photo)
    log_in(REPORTER)
    data = forged_change(
        article, featured_photo=photo.pk, photographer=PersonFactory().pk, editor=""
    )
    assert client.post(url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert (article.photo_caption, article.photographer.name) == ("Bupati membuka rapat.", "Anggri")


def test_a_new_featured_photo_brings_its_caption_and_credit(log_in, client, sari, photo):
    article = make_article("own_draft", sari)
    log_in(PHOTOGRAPHER)
    data = forged_change(article, featured_photo=photo.pk)
    assert client.post(url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert (article.photo_caption, article.photographer.name) == ("Bupati membuka rapat.", "Anggri")


def test_removing_the_featured_photo_removes_its_caption_and_credit(log_in, client, sari, photo):
    article = make_article("own_draft", sari, featured_photo=photo)
    assert article.photographer.name == "Anggri"
    log_in(REPORTER)
    data = forged_change(article, featured_photo="", editor="")
    assert client.post(url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert (article.featured_photo, article.photo_caption, article.photographer) == (None, "", None)
    assert "Fotografer" not in article.credits_line


def test_an_archive_caption_and_credit_without_photo_stay(log_in, client, sari):
    yusuf = PersonFactory(name="Yusuf")
    article = make_article("own_draft", sari, photo_caption="Dari arsip.", photographer=yusuf)
    log_in(REPORTER)
    assert (
        client.post(url("change", article.pk), forged_change(article, editor="")).status_code == 302
    )
    article.refresh_from_db()
    assert (article.photo_caption, article.photographer) == ("Dari arsip.", yusuf)
