"""The body's rich-text editor in Chromium: it runs under the Content Security Policy,
offers its toolbar by name and by keyboard, cleans what is pasted from Word and Google
Docs, fits a phone, and keeps what an older body holds.

The README's picture of the editor (``docs/screenshots/editor-desktop.png``) is made by
``test_readme_screenshot``, only when ``NEWSROOM_README_SCREENSHOTS=1`` is set.

(The whole workflow, a release written in the editor, submitted, published and read, is
tests/browser/test_editorial_workflow_in_browser.py.)
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from articles.models import Article
from articles.richtext.allowlist import toolbar
from tests.browser import CHROMIUM, SCREENSHOTS
from tests.factories import ArticleFactory

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY_NAME = "Isi berita"
# Every security policy violation the page reports, and every console message about one.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""

# Word's clipboard: Mso classes, inline styles, <font>, <o:p> and a list made of symbols.
WORD_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
    "<style>p.MsoNormal{margin:0;font-family:Calibri}</style></head>"
    "<body lang=EN-US style='tab-interval:36.0pt'><!--StartFragment-->"
    "<p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><b><span lang=IN "
    "style='font-size:12.0pt;font-family:\"Times New Roman\",serif;color:#1F3864'>Bupati"
    "</span></b><span lang=IN style='font-size:12.0pt'> meresmikan <font color=red>"
    "jembatan</font> desa<o:p></o:p></span></p>"
    "<p class=MsoNormal><i><span style='mso-bidi-font-style:normal'>Semoga bermanfaat"
    "</span></i><o:p></o:p></p><!--EndFragment--></body></html>"
)
# Google Docs' clipboard: everything inside <b style="font-weight:normal" id="docs-internal-
# guid-…">, real bold as font-weight:700 on a span, styles on every element.
GOOGLE_DOCS_HTML = (
    '<meta charset="utf-8"><b style="font-weight:normal;" '
    'id="docs-internal-guid-1a2b3c4d-7fff-1234-5678-9abcdef01234">'
    '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">'
    '<span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;'
    'background-color:transparent;font-weight:400;white-space:pre-wrap;">Warga menyambut '
    '</span><span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;'
    'font-weight:700;white-space:pre-wrap;">gembira</span></p>'
    '<ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;">'
    '<li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1">'
    '<p dir="ltr" style="line-height:1.38;" role="presentation"><span style="font-size:11pt;'
    'font-weight:400;">Desa Bantan</span></p></li></ul></b>'
    '<br class="Apple-interchange-newline">'
)
PASTED = {
    "word": (WORD_HTML, "<p><strong>Bupati</strong> meresmikan jembatan desa</p>"),
    "google-docs": (GOOGLE_DOCS_HTML, "<p>Warga menyambut <strong>gembira</strong></p>"),
}
LEFTOVERS = re.compile(r"style=|class=|<span|<font|<b[ >]|<o:|docs-internal-guid|Mso", re.I)

OLDER_BODY = (
    "<p>Luas lahan 2.000 m<sup>2</sup>.</p>"
    '<figure><img src="/media/photos/2024/01/jembatan.jpg" alt="Jembatan Desa Bantan">'
    "<figcaption>Jembatan baru di Desa Bantan.</figcaption></figure>"
)

# A release as the README shows it in the editor.
README_BODY = (
    "<p>Pemerintah Kabupaten Bengkalis menggelar pasar murah di halaman kantor camat Mandau. "
    "Sebanyak <strong>2.000 paket sembako</strong> disediakan dengan harga separuh dari "
    'harga pasar (<a href="https://bengkaliskab.go.id/">bengkaliskab.go.id</a>).</p>'
    "<h2>Isi paket</h2>"
    "<ul><li><p>Beras 5 kg</p></li><li><p>Minyak goreng 2 liter</p></li></ul>"
    "<blockquote><p><em>Pasar murah ini meringankan beban warga jelang hari raya.</em></p>"
    "</blockquote>"
    "<table><tbody><tr><th><p>Kecamatan</p></th><th><p>Paket</p></th></tr>"
    "<tr><td><p>Mandau</p></td><td><p>1.200</p></td></tr>"
    "<tr><td><p>Pinggir</p></td><td><p>800</p></td></tr></tbody></table>"
)
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
README_SCREENSHOT_LIMIT = 400 * 1024


# -- helpers --------------------------------------------------------------


@pytest.fixture
def reporter(make_user):
    return make_user("Reporter", "sari")


def sign_in(page: Page, live_server, user) -> None:
    """Give the browser ``user``'s session, as after the admin's login form (the login
    itself is tested in test_editorial_workflow_in_browser.py)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def open_editor(page: Page, url: str):
    """Open ``url`` and wait for the body's editor; returns its writing area."""
    page.goto(url)
    area = page.get_by_role("textbox", name=BODY_NAME)
    expect(area).to_be_visible()
    expect(page.locator(".prose-menubar")).to_be_visible()
    return area


def body_html(page: Page) -> str:
    """What the form will submit: the editor's HTML in the (hidden) textarea."""
    return page.locator("#id_body").input_value()


def paste_html(page: Page, html: str) -> None:
    """Paste ``html`` into the editor as a browser does: a paste event carrying it."""
    page.evaluate(
        """(html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", html.replace(/<[^>]+>/g, ""));
            const event = new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true,
            });
            document.querySelector(".prose-editor .ProseMirror").dispatchEvent(event);
        }""",
        html,
    )


def press_until_focused(page: Page, key: str, selector: str, limit: int = 40) -> None:
    """Press ``key`` (Tab or Shift+Tab) until the element matching ``selector`` has focus."""
    for _ in range(limit):
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {selector}")


# -- tests ----------------------------------------------------------------


@pytest.mark.parametrize("form", ["add", "change"])
def test_the_editor_runs_under_the_csp_without_a_violation(
    page, live_server, reporter, broken_resources, form
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_CSP)
    sign_in(page, live_server, reporter)
    if form == "add":
        url = reverse("admin:articles_article_add")
    else:
        article = ArticleFactory(
            body="<p>Isi <strong>lama</strong>.</p>",
            created_by=reporter,
            reporter=reporter.person,
            status=Article.Status.DRAFT,
            published_at=None,
        )
        url = reverse("admin:articles_article_change", args=[article.pk])

    area = open_editor(page, url)
    area.click()
    page.keyboard.type("Teks baru.")

    assert "Teks baru." in body_html(page)
    # Every script, the editor's included, is a file from our origin.
    assert page.evaluate("[...document.scripts].every(s => s.src || s.type === 'application/json')")
    assert page.evaluate("window.cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text]
    assert broken_resources == []


def test_the_add_form_with_the_editor_is_accessible_and_its_weight_is_measured(
    page, live_server, reporter, axe, broken_resources
):
    sign_in(page, live_server, reporter)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    open_editor(page, reverse("admin:articles_article_add"))
    page.wait_for_load_state("networkidle")

    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert broken_resources == []

    # The toolbar: the allow-list's buttons, each named in Indonesian.
    offered = {button["name"]: button["label"] for group in toolbar() for button in group}
    buttons = page.locator(".prose-menubar button")
    named = {
        buttons.nth(i).get_attribute("data-name"): buttons.nth(i).get_attribute("aria-label")
        for i in range(buttons.count())
    }
    assert named == offered

    # Page weight (bytes over the wire, headers included; the test server does not
    # compress) and time to the load event and to the editor's toolbar.
    sizes = [(request.url, request.sizes()) for request in finished]
    weight = {
        "requests": len(sizes),
        "bytes": sum(size["responseBodySize"] + size["responseHeadersSize"] for _, size in sizes),
        "editor_bytes": sum(
            size["responseBodySize"] for url, size in sizes if "django_prose_editor" in url
        ),
        **page.evaluate(
            """() => {
                const navigation = performance.getEntriesByType("navigation")[0];
                return {
                    load_ms: Math.round(navigation.loadEventEnd - navigation.startTime),
                    dom_content_loaded_ms: Math.round(
                        navigation.domContentLoadedEventEnd - navigation.startTime),
                };
            }"""
        ),
        "axe_violations": results.violations_count,
    }
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "body-editor-add-form-weight.json").write_text(json.dumps(weight))
    print("add form:", weight)
    # The editor is most of the page; a much heavier page means something new came along.
    assert weight["bytes"] < 2_000_000, weight


def test_the_keyboard_alone_writes_a_subheading_bold_italic_and_a_numbered_list(
    page, live_server, reporter
):
    sign_in(page, live_server, reporter)
    open_editor(page, reverse("admin:articles_article_add"))
    page.get_by_role("textbox", name="Sumber").focus()
    press_until_focused(page, "Tab", ".ProseMirror")
    keyboard = page.keyboard

    keyboard.press("Control+Alt+2")
    keyboard.type("Harga terjangkau")
    keyboard.press("Enter")
    keyboard.type("Paket ")
    keyboard.press("Control+b")
    keyboard.type("murah")
    keyboard.press("Control+b")
    keyboard.type(" dan ")
    keyboard.press("Control+i")
    keyboard.type("lengkap")
    keyboard.press("Control+i")
    keyboard.press("Enter")
    # Back to the toolbar, to its numbered-list button, and Enter presses it.
    press_until_focused(page, "Shift+Tab", "[aria-label='Daftar bernomor']")
    keyboard.press("Enter")
    keyboard.type("Beras")
    keyboard.press("Enter")
    keyboard.type("Gula")

    assert body_html(page) == (
        "<h2>Harga terjangkau</h2>"
        "<p>Paket <strong>murah</strong> dan <em>lengkap</em></p>"
        "<ol><li><p>Beras</p></li><li><p>Gula</p></li></ol>"
    )


@pytest.mark.parametrize("source", PASTED)
def test_pasted_word_and_google_docs_text_keeps_its_words_not_its_styles(
    page, live_server, reporter, source
):
    html, first_paragraph = PASTED[source]
    sign_in(page, live_server, reporter)
    open_editor(page, reverse("admin:articles_article_add")).click()

    paste_html(page, html)

    pasted = body_html(page)
    assert pasted.startswith(first_paragraph), pasted
    assert not LEFTOVERS.search(pasted), pasted
    if source == "google-docs":
        # The wrapper <b style="font-weight:normal"> made nothing bold but the bold word.
        assert re.findall(r"<strong>(.*?)</strong>", pasted) == ["gembira"]
        assert "<ul><li><p>Desa Bantan</p></li></ul>" in pasted
    else:
        assert "<em>Semoga bermanfaat</em>" in pasted


@pytest.mark.parametrize("viewport", ["phone"])
def draft_by(reporter, **fields) -> Article:
    """A draft the reporter wrote, to open in the editor."""
    return ArticleFactory(
        created_by=reporter,
        reporter=reporter.person,
        status=Article.Status.DRAFT,
        published_at=None,
        **fields,
    )


def test_the_add_form_fits_a_phone(page, live_server, reporter, axe, save_screenshot):
    sign_in(page, live_server, reporter)
    area = open_editor(page, reverse("admin:articles_article_add"))
    area.click()
    page.keyboard.type("Ditulis di ponsel.")
    save_screenshot("body-editor-add-form")

    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    width = page.evaluate("document.documentElement.clientWidth")
    for box in page.locator(".prose-menubar button:visible").all():
        bounds = box.bounding_box()
        assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_older_body_keeps_its_figure_and_superscript_when_edited(page, live_server, reporter):
    article = draft_by(reporter, body=OLDER_BODY)
    sign_in(page, live_server, reporter)
    area = open_editor(page, reverse("admin:articles_article_change", args=[article.pk]))
    area.get_by_text("Luas lahan").click()
    page.keyboard.press("End")
    page.keyboard.type(" Sudah diukur.")
    page.get_by_role("button", name="Simpan dan terus mengedit").click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()

    article.refresh_from_db()
    assert "m<sup>2</sup>. Sudah diukur.</p>" in article.body
    assert '<img src="/media/photos/2024/01/jembatan.jpg" alt="Jembatan Desa Bantan">' in (
        article.body
    )
    assert "<figcaption>Jembatan baru di Desa Bantan.</figcaption></figure>" in article.body


@pytest.mark.skipif(
    os.environ.get("NEWSROOM_README_SCREENSHOTS") != "1",
    reason="makes docs/screenshots/ again only when NEWSROOM_README_SCREENSHOTS=1",
)
def test_readme_screenshot(page, live_server, reporter):
    article = draft_by(
        reporter, title="Pemkab Bengkalis Gelar Pasar Murah di Mandau", body=README_BODY
    )
    sign_in(page, live_server, reporter)
    area = open_editor(page, reverse("admin:articles_article_change", args=[article.pk]))
    area.get_by_text("2.000 paket sembako").click()  # the toolbar shows "Tebal" pressed
    expect(page.get_by_role("button", name="Tebal (Ctrl+B)")).to_have_class(re.compile("active"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "readme-editor-desktop.png"
    page.locator(".form-row.field-body").screenshot(path=shot)
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = DOCS_SCREENSHOTS / "editor-desktop.png"
    shutil.copyfile(shot, target)
    assert target.stat().st_size < README_SCREENSHOT_LIMIT, f"{target} is too large"
