"""Every stored body is clean, whichever way it arrives: a model save (a paste that
bypassed any editor), the admin's form, the legacy importer; and the public page shows
a cleaned body with its dateline. Runs on SQLite and on PostgreSQL (``DATABASE_URL``)."""

from pathlib import Path

import pytest
from django.urls import reverse

from articles.archive.importer import Outcome, import_release
from articles.archive.parser import parse
from articles.models import Article
from articles.richtext.paste import clean_pasted_html
from articles.richtext.sanitizer import sanitize_html
from tests.admin_forms import EMPTY_GALLERY_FORMSET
from tests.archive.legacy_samples import release_text
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

CLIPBOARD = Path(__file__).parent / "clipboard"


def pasted(name: str) -> str:
    return (CLIPBOARD / f"{name}.html").read_text(encoding="utf-8")


def expected(name: str) -> str:
    lines = (CLIPBOARD / f"{name}.clean.html").read_text(encoding="utf-8").splitlines()
    return "".join(lines).replace("<a href=", '<a rel="noopener noreferrer" href=')


def stored_body(article: Article) -> str:
    return Article.objects.values_list("body", flat=True).get(pk=article.pk)


def test_a_google_docs_paste_is_stored_clean():
    article = ArticleFactory(body=pasted("google_docs"))
    body = stored_body(article)
    assert body == sanitize_html(expected("google_docs"))
    assert body.startswith("<h2>Posyandu Remaja Dibuka</h2><p><strong>BANTAN</strong> – Dinas")
    assert "docs-internal-guid" not in body and "<b" not in body and "style=" not in body


def test_a_word_paste_is_stored_clean_and_saving_again_changes_nothing():
    article = ArticleFactory(body=pasted("word_list"))
    body = stored_body(article)
    assert "<ul><li>Lomba sampan tradisional;<ul><li>kelas remaja;</li>" in body
    assert "mso-" not in body and "·" not in body and "<o:p>" not in body
    article.refresh_from_db()
    article.save()
    assert stored_body(article) == body
    assert article.history.count() == 2  # the second save changed nothing in the body
    assert article.history.first().body == article.history.last().body


def test_the_admin_form_stores_a_libreoffice_paste_clean(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Jembatan Desa Teluk Lancar Rampung",
            "dateline": "BENGKALIS",
            "source": "PROKOPIM",
            "summary": "Ringkasan.",
            "body": pasted("libreoffice"),
            "reporter": PersonFactory().pk,
            "status": Article.Status.DRAFT,
            **EMPTY_GALLERY_FORMSET,
        },
    )
    assert response.status_code == 302
    assert Article.objects.get().body == sanitize_html(expected("libreoffice"))


def test_the_public_page_opens_a_cleaned_body_with_its_dateline(client):
    article = ArticleFactory(dateline="BENGKALIS", source="PROKOPIM", body=pasted("word_list"))
    assert str(article.body_html()).startswith(
        '<p><span class="dateline">BENGKALIS, PROKOPIM - </span><strong>BENGKALIS</strong>'
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="dateline">BENGKALIS, PROKOPIM - </span><strong>BENGKALIS</strong>' in page
    assert "<li>Selasa, 4 Juni 2024.</li>" in page


def test_a_body_opening_with_a_subheading_gets_a_paragraph_for_its_dateline():
    article = ArticleFactory(dateline="BANTAN", source="", body=pasted("google_docs"))
    assert str(article.body_html()).startswith(
        '<p><span class="dateline">BANTAN - </span></p><h2>Posyandu Remaja Dibuka</h2>'
    )


def test_a_body_stored_before_cleaning_existed_is_cleaned_when_shown():
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(
        body='<p><b>Lama</b><span lang="IN"> isi</span></p>'
    )
    article.refresh_from_db()
    assert str(article.body_html()).endswith("<strong>Lama</strong> isi</p>")


def test_the_legacy_importer_stores_clean_paragraphs_and_finds_them_unchanged_again():
    paragraphs = ("Bupati  hadir\u00a0 di <b>Bantan</b>.", "Acara   selesai pukul 12.00 WIB.")
    release = parse(release_text(paragraphs=paragraphs))
    result = import_release(release=release)
    assert result.outcome == Outcome.IMPORTED
    body = stored_body(result.article)
    assert body == (
        "<p>Bupati hadir di &lt;b&gt;Bantan&lt;/b&gt;.</p><p>Acara selesai pukul 12.00 WIB.</p>"
    )
    assert clean_pasted_html(body) == body
    assert import_release(release=release).outcome == Outcome.UNCHANGED
