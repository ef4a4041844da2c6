"""The dateline once: a body that opens with ``BENGKALIS, PROKOPIM - `` (as releases written
in Word do) gives it to the Tempat and Sumber fields, loses it, and the editor is told;
the page then shows it once. Through the real admin, on SQLite and PostgreSQL alike."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains

from articles.models import Article, SiteSettings
from tests.admin_forms import EMPTY_GALLERY_FORMSET, local_datetime_fields
from tests.editorial.admin_paths import EDITOR, REPORTER, make_article, url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TAKEN = "Dateline «{}» diambil dari awal isi berita dan dipindahkan ke kolom Tempat dan Sumber."


def new_release(**fields):
    """The add form as a reporter posts it: the dateline fields as the site prefilled them."""
    return {
        "title": "Bupati Buka Rapat Koordinasi",
        "slug": "",
        "kicker": "",
        "summary": "",
        "section": "",
        "dateline": "",
        "source": "",
        "body": "<p>Isi berita.</p>",
        "featured_photo": "",
        "reporter": "",
        "editor": "",
        "tags": "",
        **EMPTY_GALLERY_FORMSET,
        **fields,
    }


def shown(response):
    return [(message.level, message.message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def site_defaults(db):
    SiteSettings(
        site_name="Berita", office_name="Prokopim", default_dateline="BENGKALIS",
        default_source="PROKOPIM",
    ).save()  # fmt: skip


def test_a_word_style_opening_fills_the_empty_fields_and_leaves_the_body(log_in, client, sari):
    log_in(REPORTER)
    body = "<p><strong>BENGKALIS, PROKOPIM - </strong>Bupati membuka rapat.</p><p>Dua.</p>"
    response = client.post(url("add"), new_release(body=body, reporter=sari.person.pk), follow=True)
    article = Article.objects.get()
    assert (article.dateline, article.source) == ("BENGKALIS", "PROKOPIM")
    assert article.body == "<p>Bupati membuka rapat.</p><p>Dua.</p>"
    assertContains(response, TAKEN.format("BENGKALIS, PROKOPIM"))
    assert (messages.INFO, TAKEN.format("BENGKALIS, PROKOPIM")) in shown(response)
    assert article.body_html().count("BENGKALIS, PROKOPIM") == 1
    assert article.body_html().startswith(
        '<p><span class="dateline">BENGKALIS, PROKOPIM - </span>Bupati membuka rapat.'
    )


@pytest.mark.usefixtures("site_defaults")
def test_a_body_dateline_differing_from_the_prefilled_default_is_what_the_reporter_meant(
    log_in, client, sari
):
    log_in(REPORTER)
    form = client.get(url("add")).context["adminform"].form
    prefilled = {name: form.initial[name] for name in ("dateline", "source")}
    assert prefilled == {"dateline": "BENGKALIS", "source": "PROKOPIM"}
    body = "<p>Duri (HUMAS) – Camat Mandau meninjau pasar.</p>"
    response = client.post(
        url("add"), new_release(body=body, reporter=sari.person.pk, **prefilled), follow=True
    )
    article = Article.objects.get()
    assert (article.dateline, article.source) == ("Duri", "HUMAS")
    assert article.body == "<p>Camat Mandau meninjau pasar.</p>"
    assertContains(response, TAKEN.format("Duri, HUMAS"))


@pytest.mark.usefixtures("site_defaults")
def test_fields_set_to_another_place_leave_the_body_alone_with_a_warning(log_in, client, sari):
    log_in(REPORTER)
    body = "<p>DURI, HUMAS - Camat Mandau meninjau pasar.</p>"
    response = client.post(
        url("add"),
        new_release(body=body, reporter=sari.person.pk, dateline="BANTAN", source="PROKOPIM"),
        follow=True,
    )
    article = Article.objects.get()
    assert (article.dateline, article.source, article.body) == ("BANTAN", "PROKOPIM", body)
    assert shown(response)[0] == (
        messages.WARNING,
        "Isi berita diawali dateline «DURI, HUMAS», berbeda dengan kolom Tempat dan Sumber "
        "(«BANTAN, PROKOPIM»). Isi berita dibiarkan: hapus salah satunya agar dateline tidak "
        "tampil dua kali.",
    )


def test_a_draft_whose_fields_already_say_it_loses_the_repeat_on_save(log_in, client, sari):
    article = make_article("own_draft", sari, body="<p>BENGKALIS, PROKOPIM – Isi.</p>")
    log_in(REPORTER)
    data = new_release(
        title=article.title, slug=article.slug, dateline="BENGKALIS", source="PROKOPIM",
        body=article.body, reporter=sari.person.pk,
    )  # fmt: skip
    response = client.post(url("change", article.pk), data, follow=True)
    article.refresh_from_db()
    assert (article.dateline, article.source, article.body) == (
        "BENGKALIS",
        "PROKOPIM",
        "<p>Isi.</p>",
    )
    assertContains(response, TAKEN.format("BENGKALIS, PROKOPIM"))
    assert article.history.first().body == "<p>Isi.</p>"  # the saved revision has it once


def test_a_published_release_is_put_right_without_being_a_correction(log_in, client, sari):
    article = ArticleFactory(
        reporter=sari.person, created_by=sari, body="<p>BENGKALIS, PROKOPIM - Isi.</p>"
    )
    log_in(EDITOR)
    data = new_release(
        title=article.title, slug=article.slug, dateline="BENGKALIS", source="PROKOPIM",
        body=article.body, reporter=sari.person.pk, editor=article.editor_id,
        **local_datetime_fields(article.published_at),
    )  # fmt: skip
    response = client.post(url("change", article.pk), data, follow=True)
    article.refresh_from_db()
    assert article.body == "<p>Isi.</p>"
    assert not article.corrections
    assertContains(response, TAKEN.format("BENGKALIS, PROKOPIM"))


def test_plain_text_typed_without_html_is_read_too(log_in, client, sari):
    log_in(REPORTER)
    body = "BENGKALIS,PROKOPIM—Bupati membuka rapat.\r\n\r\nParagraf kedua."
    client.post(url("add"), new_release(body=body, reporter=sari.person.pk))
    article = Article.objects.get()
    assert (article.dateline, article.source) == ("BENGKALIS", "PROKOPIM")
    assert article.body == "<p>Bupati membuka rapat.</p><p>Paragraf kedua.</p>"


@pytest.mark.parametrize(
    "body",
    [
        "<p>Bupati Bengkalis membuka rapat di BENGKALIS, PROKOPIM.</p>",
        "<p>BENGKALIS - Bupati membuka rapat.</p>",
        "<p>Pembukaan.</p><p>BENGKALIS, PROKOPIM - Bupati membuka.</p>",
    ],
)
def test_a_body_that_does_not_open_with_a_dateline_is_saved_as_written(log_in, client, sari, body):
    log_in(REPORTER)
    response = client.post(url("add"), new_release(body=body, reporter=sari.person.pk))
    article = Article.objects.get()
    assert (article.dateline, article.source, article.body) == ("", "", body)
    assert all("Dateline" not in text for _, text in shown(response))


def test_a_refused_form_keeps_what_was_typed_and_takes_the_dateline_on_the_next_save(
    log_in, client, sari
):
    log_in(REPORTER)
    body = "<p>BENGKALIS, PROKOPIM - Isi.</p>"
    response = client.post(url("add"), new_release(body=body, title=" ", reporter=sari.person.pk))
    assert response.status_code == 200 and not Article.objects.exists()
    assert response.context["adminform"].form["body"].value() == body
    client.post(url("add"), new_release(body=body, reporter=sari.person.pk))
    assert Article.objects.get().body == "<p>Isi.</p>"
