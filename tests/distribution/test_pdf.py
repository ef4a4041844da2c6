"""The official PDF: a published release on the letterhead, for anyone; the newsroom's
copy of any release, marked DRAF, only through the preview permission."""

import logging
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import ImageFile
from pytest_django.asserts import assertContains, assertNotContains

from articles.distribution import pdf
from articles.models import Article, SiteSettings
from articles.public.article_pdf import pdf_key
from tests.distribution.pdfs import (
    admin_pdf_url,
    fonts_of,
    image_sizes,
    needs_weasyprint,
    public_pdf_url,
    read,
    text_of,
)
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, UserFactory, jpeg_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = Article.Status
NOW = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # Thursday 15 June 2023, 12:24:37 WIB
OFFICE = "Bagian Protokol dan Komunikasi Pimpinan"
ADDRESS = "Jalan Ahmad Yani No. 1, Bengkalis 28711"


@pytest.fixture
def letterhead(db):
    return SiteSettings.objects.create(
        site_name="Berita Bengkalis", office_name=OFFICE, letterhead_address=ADDRESS
    )


def release(**fields) -> Article:
    """A published release as the office writes one, with a large featured photo."""
    photo = PhotoFactory(
        image=ContentFile(jpeg_bytes(2000, 1250), name="besar.jpg"),
        caption="Bupati meninjau pasar murah.",
        photographer=PersonFactory(name="Dedi Foto"),
    )
    defaults = {
        "title": "Bupati Tinjau Pasar Murah di Bengkalis",
        "slug": "bupati-tinjau-pasar-murah",
        "body": "<p>Bupati meninjau pasar murah pagi ini.</p><p>Harga beras turun.</p>",
        "published_at": NOW - timedelta(seconds=37),
        "editor": PersonFactory(name="Budi Editor"),
        "reporter": PersonFactory(name="Sari Reporter"),
        "photographer": photo.photographer,
        "featured_photo": photo,
    }
    return ArticleFactory(**{**defaults, **fields})


@needs_weasyprint
class TestPublicPdf:
    def test_holds_the_release_as_text_in_the_page_order(self, client, letterhead):
        article = release()
        response = client.get(public_pdf_url(article))
        assert response.status_code == 200
        text = text_of(response.content)
        expected_in_order = [
            OFFICE.upper(),  # the letterhead sets it in capitals
            ADDRESS,
            "Kamis, 15 Juni 2023 | 12:24 WIB",
            "Bupati Tinjau Pasar Murah di Bengkalis",
            "Editor : Budi Editor - Reporter : Sari Reporter - Fotografer : Dedi Foto",
            "Teks foto: Bupati meninjau pasar murah.",
            "BENGKALIS, PROKOPIM - Bupati meninjau pasar murah pagi ini.",
            "Harga beras turun.",
        ]
        positions = [text.find(part) for part in expected_in_order]
        assert -1 not in positions, text
        assert positions == sorted(positions)
        assert "Dibaca" not in text
        assert "DRAF" not in text

    def test_footer_has_the_canonical_url_and_page_numbers(self, client, letterhead):
        article = release(body="".join(f"<p>Paragraf {n} yang panjang.</p>" for n in range(90)))
        content = client.get(public_pdf_url(article)).content
        pages = len(read(content).pages)
        assert pages >= 2
        text = text_of(content)
        assert f"http://testserver{article.get_absolute_url()}" in text
        assert f"Halaman 1 dari {pages}" in text
        assert f"Halaman {pages} dari {pages}" in text

    def test_is_a4_with_every_font_embedded(self, client, letterhead):
        content = client.get(public_pdf_url(release())).content
        for page in read(content).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(width - 595.28) <= 1 and abs(height - 841.89) <= 1
        descriptors = fonts_of(content)
        assert descriptors
        for descriptor in descriptors:
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), descriptor
        # Only the @font-face fonts (Debian's DejaVu files), no system fallback.
        names = {str(descriptor["/FontName"]).split("+")[-1] for descriptor in descriptors}
        assert names <= {"Kop-Serif", "Kop-Serif-Bold", "Kop-Sans", "Kop-Sans-Bold"}, names

    def test_prints_a_rendition_never_the_original(self, client, letterhead):
        content = client.get(public_pdf_url(release())).content
        assert image_sizes(content) == [(960, 600)]  # the original is 2000 x 1250

    def test_letterhead_shows_the_logo(self, client, letterhead):
        letterhead.logo = ContentFile(jpeg_bytes(300, 300, "#aa0000"), name="logo.jpg")
        letterhead.save()
        content = client.get(public_pdf_url(release())).content
        assert sorted(image_sizes(content)) == [(300, 300), (960, 600)]

    def test_headers_name_the_file_by_date_and_slug(self, client, letterhead):
        response = client.get(public_pdf_url(release()))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="2023-06-15-bupati-tinjau-pasar-murah.pdf"'
        )

    def test_head_answers_like_get_without_a_body(self, client, letterhead):
        response = client.head(public_pdf_url(release()))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content == b""

    def test_second_request_is_served_from_the_cache_without_rendering(
        self, client, letterhead, caplog
    ):
        article = release()
        caplog.set_level(logging.INFO, logger="articles.distribution.pdf")
        first = client.get(public_pdf_url(article)).content
        second = client.get(public_pdf_url(article)).content
        renders = [r for r in caplog.records if r.getMessage() == "PDF rendered"]
        assert len(renders) == 1
        assert second == first
        article.refresh_from_db()
        assert cache.get(pdf_key(article, f"http://testserver{article.get_absolute_url()}")) == (
            first
        )

    def test_cached_pdf_costs_the_release_lookup_alone(
        self, client, letterhead, django_assert_num_queries
    ):
        url = public_pdf_url(release())
        client.get(url)
        with django_assert_num_queries(2):  # the release with its credits, its tags
            assert client.get(url).status_code == 200

    def test_an_edit_renders_it_again(self, client, letterhead, caplog):
        article = release()
        caplog.set_level(logging.INFO, logger="articles.distribution.pdf")
        client.get(public_pdf_url(article))
        article.title = "Judul yang diperbaiki"
        article.save()
        assert "Judul yang diperbaiki" in text_of(client.get(public_pdf_url(article)).content)
        assert len([r for r in caplog.records if r.getMessage() == "PDF rendered"]) == 2

    def test_a_new_letterhead_address_renders_it_again(self, client, letterhead):
        article = release()
        client.get(public_pdf_url(article))
        letterhead.letterhead_address = "Jalan Pramuka No. 2"
        letterhead.save()
        assert "Jalan Pramuka No. 2" in text_of(client.get(public_pdf_url(article)).content)


class TestNothingUnpublishedLeaks:
    @pytest.mark.parametrize(
        ("fields", "status"),
        [
            ({"status": Status.DRAFT}, 404),
            ({"status": Status.REVIEW}, 404),
            ({"status": Status.PUBLISHED, "published_at": NOW + timedelta(hours=2)}, 404),
            ({"status": Status.WITHDRAWN}, 410),
        ],
        ids=["draft", "review", "scheduled", "withdrawn"],
    )
    def test_pdf_answers_as_the_page_does(self, client, fields, status):
        article = ArticleFactory(**fields)
        page = client.get(article.get_absolute_url())
        response = client.get(public_pdf_url(article))
        assert response.status_code == page.status_code == status
        assert response["Content-Type"] != "application/pdf"

    def test_post_is_not_allowed(self, client):
        assert client.post(public_pdf_url(ArticleFactory())).status_code == 405


class TestArticlePageLinksThePdf:
    def test_page_links_the_pdf_in_head_and_body(self, client):
        article = ArticleFactory()
        url = public_pdf_url(article)
        response = client.get(article.get_absolute_url())
        assertContains(response, f'<link rel="alternate" type="application/pdf" href="{url}">')
        assertContains(response, f'<a href="{url}" type="application/pdf">Unduh PDF</a>')

    def test_preview_has_no_public_pdf_link(self, staff_client):
        article = ArticleFactory(status=Status.DRAFT)
        response = staff_client.get(reverse("admin:articles_article_preview", args=[article.pk]))
        assertNotContains(response, "application/pdf")


class TestNewsroomCopy:
    @needs_weasyprint
    def test_editor_downloads_a_draft_marked_draf(self, client, editor, letterhead):
        article = release(status=Status.DRAFT, published_at=None)
        client.force_login(editor)
        response = client.get(admin_pdf_url(article))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="draf-2023-06-15-bupati-tinjau-pasar-murah.pdf"'
        )
        assert "no-store" in response["Cache-Control"]
        text = text_of(response.content)
        assert "DRAF" in text
        assert "Bupati Tinjau Pasar Murah di Bengkalis" in text

    @needs_weasyprint
    def test_copy_of_a_public_release_is_not_marked(self, client, editor, letterhead):
        client.force_login(editor)
        response = client.get(admin_pdf_url(release()))
        assert "DRAF" not in text_of(response.content)

    def test_anonymous_visitor_is_sent_to_the_login(self, client):
        article = ArticleFactory(status=Status.DRAFT)
        response = client.get(admin_pdf_url(article))
        assert response.status_code == 302
        assert "/login/" in response["Location"]

    def test_signed_in_reader_without_staff_status_is_sent_to_the_login(self, client):
        client.force_login(UserFactory(username="pembaca"))
        response = client.get(admin_pdf_url(ArticleFactory(status=Status.DRAFT)))
        assert response.status_code == 302

    def test_reporter_cannot_download_another_reporters_draft(self, reporter, make_user):
        other = make_user("Reporter", "joko")
        article = ArticleFactory(status=Status.DRAFT, created_by=other)
        client = Client()
        client.force_login(reporter)
        assert client.get(admin_pdf_url(article)).status_code == 404

    def test_change_form_offers_the_download(self, client, editor):
        article = ArticleFactory(status=Status.DRAFT)
        client.force_login(editor)
        response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
        assertContains(response, f'href="{admin_pdf_url(article)}"')


class TestLetterheadAddressSetting:
    @staticmethod
    def save_settings(staff_client, settings_row, **fields):
        """Post the site settings form with the required fields and ``fields``; reload."""
        form = {"site_name": "Berita Bengkalis", "office_name": OFFICE, **fields}
        response = staff_client.post(reverse("admin:articles_sitesettings_change", args=[1]), form)
        assert response.status_code == 302
        settings_row.refresh_from_db()

    def test_address_line_is_edited_in_the_site_settings_admin(self, staff_client, letterhead):
        self.save_settings(
            staff_client, letterhead, letterhead_address="Jalan Pramuka No. 2, Bengkalis"
        )
        assert letterhead.letterhead_address == "Jalan Pramuka No. 2, Bengkalis"

    def test_a_social_address_typed_without_its_scheme_is_taken_as_https(
        self, staff_client, letterhead
    ):
        self.save_settings(staff_client, letterhead, facebook_url="facebook.com/prokopim.bengkalis")
        assert letterhead.facebook_url == "https://facebook.com/prokopim.bengkalis"


def test_the_renderer_leaves_pillow_refusing_truncated_files():
    """WeasyPrint turns LOAD_TRUNCATED_IMAGES on when imported; photo uploads need it off."""
    if not pdf.unavailable():  # imports WeasyPrint, as the first PDF does
        assert "weasyprint.images" in sys.modules
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
