"""The body's rich-text editor on the admin's article form: configured from the allow-list,
loaded from our own static files only, and what it writes is saved as written."""

import json
import re
from html import unescape

import pytest
from django.templatetags.static import static
from django.urls import reverse

from articles.models import Article
from articles.richtext import allowlist
from articles.richtext.editor import EDITOR_MODULE, BodyEditorWidget
from tests.admin_forms import EMPTY_GALLERY_FORMSET
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

CONFIG = re.compile(r'data-django-prose-editor-newsroom="([^"]*)"')
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)

# What the editor writes for a paragraph with bold text, a bulleted list and a link.
EDITOR_HTML = (
    "<p>Pemkab menggelar <strong>pasar murah</strong>.</p>"
    "<ul><li><p>Beras</p></li><li><p>Minyak goreng</p></li></ul>"
    '<p><a href="https://bengkaliskab.go.id/" title="">Situs resmi</a></p>'
)


def editor_config(html: str) -> dict:
    return json.loads(unescape(CONFIG.search(html).group(1)))


def test_the_add_form_writes_the_body_in_the_editor_configured_from_the_allow_list(
    staff_client,
):
    response = staff_client.get(reverse("admin:articles_article_add"))
    html = response.content.decode()

    config = editor_config(html)
    assert config["extensions"] == allowlist.editor_extensions()
    assert config["toolbar"] == allowlist.toolbar()
    assert config["module"] == static(EDITOR_MODULE)
    assert f'src="{static("js/body-editor.js")}"' in html
    assert static("django_prose_editor/editor.css") in html
    assert static("css/body-editor.css") in html


def test_the_add_form_has_no_inline_script_for_the_csp_to_refuse(staff_client):
    html = staff_client.get(reverse("admin:articles_article_add")).content.decode()
    scripts = SCRIPT.findall(html)
    assert scripts
    for attributes in scripts:
        # A data block (JSON) is never run; anything else must come from a file.
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert "importmap" not in html


def test_the_widget_brings_no_import_map_and_only_our_origins_files():
    media = str(BodyEditorWidget().media)
    assert "importmap" not in media
    assert "http" not in media  # no CDN: every file is a static file of ours


def test_the_change_form_opens_the_saved_body_in_the_editor(staff_client):
    article = ArticleFactory(body="<p>Isi <strong>lama</strong>.</p>")
    response = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()
    textarea = re.search(
        r"<textarea[^>]*data-django-prose-editor-newsroom[^>]*>(.*?)</textarea>", html, re.S
    )
    assert unescape(textarea.group(1)).strip() == "<p>Isi <strong>lama</strong>.</p>"


def test_what_the_editor_writes_is_saved_as_written_less_its_list_paragraphs(staff_client):
    reporter = PersonFactory()
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Pasar Murah di Mandau",
            "slug": "",
            "dateline": "DURI",
            "source": "PROKOPIM",
            "body": EDITOR_HTML,
            "reporter": reporter.pk,
            "tags": "",
            **EMPTY_GALLERY_FORMSET,
        },
    )
    assert response.status_code == 302
    body = Article.objects.get().body
    # What the server does to every body: rel="noopener noreferrer" on links, and a list
    # item's lone paragraph (ProseMirror writes <li><p>…</p></li>) unwrapped by the paste
    # cleaner; the editor reads either form back the same.
    expected = EDITOR_HTML.replace('" title=""', '" title="" rel="noopener noreferrer"')
    expected = re.sub(r"<li><p>(.*?)</p></li>", r"<li>\1</li>", expected)
    assert "<li><p>" in EDITOR_HTML
    assert body == expected
