"""The WhatsApp broadcast text: the pure text builder, the text of a published and of a
scheduled release, and the admin change page that shows it with its "Salin" button."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import RequestFactory
from pytest_django.asserts import assertNotContains

from articles.editorial import broadcast
from articles.models import SiteSettings, shortlinks
from tests.editorial.admin_paths import EDITOR, make_article, url

NOW = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)  # Kamis, 2 Mei 2024, 10:00 WIB
OFFICE = "Bagian Prokopim Setda Kabupaten Bengkalis"


def text(**overrides) -> str:
    values = {
        "title": "Bupati Tinjau Banjir di Bantan",
        "dateline": "BENGKALIS, PROKOPIM - ",
        "summary": "Bupati meninjau lokasi banjir bersama camat.",
        "short_url": "https://berita.example.id/s/2n9c/",
        "office_name": OFFICE,
    }
    return broadcast.whatsapp_text(**values | overrides)


class TestWhatsappText:
    def test_bold_title_dateline_and_summary_short_link_and_office(self):
        assert text() == (
            "*Bupati Tinjau Banjir di Bantan*\n\n"
            "BENGKALIS, PROKOPIM - Bupati meninjau lokasi banjir bersama camat.\n\n"
            "Selengkapnya: https://berita.example.id/s/2n9c/\n\n"
            f"{OFFICE}"
        )

    def test_asterisks_in_the_title_cannot_end_the_bold(self):
        first_line = text(title="Program *Bengkalis Sehat* Diluncurkan*").split("\n")[0]
        assert first_line == "*Program ∗Bengkalis Sehat∗ Diluncurkan∗*"
        assert first_line[1:-1].count("*") == 0

    def test_the_title_is_one_line_without_surrounding_spaces(self):
        # WhatsApp bolds nothing when a space follows the opening asterisk.
        assert text(title="  Bupati\n Tinjau \t Banjir ").startswith("*Bupati Tinjau Banjir*\n\n")

    def test_without_dateline_or_summary_or_office_their_parts_are_left_out(self):
        assert text(dateline="", summary="", office_name="  ") == (
            "*Bupati Tinjau Banjir di Bantan*\n\nSelengkapnya: https://berita.example.id/s/2n9c/"
        )


def absolute(path: str) -> str:
    return RequestFactory().get("/").build_absolute_uri(path)


@pytest.mark.django_db
class TestForArticle:
    @pytest.fixture(autouse=True)
    def setup(self):
        SiteSettings.objects.create(site_name="Berita Bengkalis", office_name=OFFICE)
        with time_machine.travel(NOW, tick=False):
            yield

    def test_a_published_release_has_the_text_and_no_note(self, make_user):
        article = make_article("published", make_user(EDITOR, "edi"), summary="Ringkasan.")
        found = broadcast.for_article(article, absolute=absolute)
        short_url = f"http://testserver/s/{shortlinks.short_code(article.pk)}/"
        assert found.text == (
            f"*{article.title}*\n\nBENGKALIS, PROKOPIM - Ringkasan.\n\n"
            f"Selengkapnya: {short_url}\n\n{OFFICE}"
        )
        assert found.note == ""

    def test_a_scheduled_release_has_the_text_and_a_note_with_its_time_in_wib(self, make_user):
        article = make_article("scheduled", make_user(EDITOR, "edi"))  # a day ahead
        found = broadcast.for_article(article, absolute=absolute)
        assert found.text.startswith(f"*{article.title}*\n\n")
        assert f"/s/{shortlinks.short_code(article.pk)}/" in found.text
        assert found.note == (
            "Berita ini terjadwal: tautannya baru dapat dibuka mulai "
            "Jumat, 3 Mei 2024 pukul 10.00 WIB."
        )

    def test_without_summary_the_body_opens_the_text(self, make_user):
        article = make_article(
            "published", make_user(EDITOR, "edi"), summary="", body="<p>Warga &amp; TNI.</p>"
        )
        found = broadcast.for_article(article, absolute=absolute)
        assert "BENGKALIS, PROKOPIM - Warga & TNI." in found.text

    @pytest.mark.parametrize("state", ["draft", "review", "withdrawn"])
    def test_an_unpublished_release_has_none(self, make_user, state):
        article = make_article(state, make_user(EDITOR, "edi"))
        assert broadcast.for_article(article, absolute=absolute) is None


class Textareas(HTMLParser):
    """The id, attributes and text of each <textarea>, and each <label for=...>."""

    def __init__(self, html: str):
        super().__init__()
        self.found, self.labels, self._open = {}, set(), None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "textarea":
            self._open = attrs["id"]
            self.found[self._open] = {"attrs": attrs, "text": ""}
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])

    def handle_data(self, data):
        if self._open:
            self.found[self._open]["text"] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._open = None


@pytest.mark.django_db
class TestAdminChangePage:
    @pytest.fixture(autouse=True)
    def setup(self):
        SiteSettings.objects.create(site_name="Berita Bengkalis", office_name=OFFICE)

    def test_an_editor_sees_the_text_read_only_with_a_copy_button(self, client, make_user):
        editor = make_user(EDITOR, "edi")
        article = make_article("published", editor)
        client.force_login(editor)
        response = client.get(url("change", article.pk))
        assert response.status_code == 200
        html = response.content.decode()
        page = Textareas(html)
        area = page.found["broadcast-text"]
        assert area["text"].strip() == response.context["broadcast"].text.strip()
        assert area["text"].startswith(f"*{article.title}*")
        assert "readonly" in area["attrs"]
        assert "name" not in area["attrs"]  # never submitted with the form
        assert "broadcast-text" in page.labels
        assert 'class="broadcast-copy"' in html and ">Salin</button>" in html
        assert "/static/js/broadcast-copy.js" in html
        assert "onclick" not in html

    def test_the_owning_reporter_sees_it_on_the_scheduled_release(self, client, sari):
        article = make_article("scheduled", sari)
        client.force_login(sari)
        response = client.get(url("change", article.pk))
        assert response.status_code == 200
        assert "broadcast-text" in Textareas(response.content.decode()).found
        assert "tautannya baru dapat dibuka mulai" in response.content.decode()

    @pytest.mark.parametrize("state", ["draft", "review", "withdrawn"])
    def test_no_text_before_publication_or_after_withdrawal(self, client, make_user, state):
        editor = make_user(EDITOR, "edi")
        article = make_article(state, editor)
        client.force_login(editor)
        response = client.get(url("change", article.pk))
        assert response.status_code == 200
        assertNotContains(response, "broadcast-text")

    def test_a_reporter_who_may_not_see_the_article_gets_no_text(self, client, sari, budi):
        article = make_article("published", sari)
        client.force_login(budi)
        response = client.get(url("change", article.pk), follow=True)
        assertNotContains(response, "broadcast-text")
        assertNotContains(response, f"/s/{shortlinks.short_code(article.pk)}/")

    def test_a_user_without_a_role_is_refused(self, client, make_user, sari):
        article = make_article("published", sari)
        client.force_login(make_user(None, "tamu"))
        response = client.get(url("change", article.pk))
        assert response.status_code == 403
        assertNotContains(response, "broadcast-text", status_code=403)
