"""The editorial workflow as the newsroom does it: in Chromium, through the Django admin.

A reporter writes a release and submits it, an editor reviews and publishes it, and a
reader finds it on the public site. Every actor has their own browser context (their
own cookies), logs in through the admin's login form, and every step is saved as a
full-page screenshot, ``test-artifacts/screenshots/workflow-NN-<step>.png``.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from playwright.sync_api import Page, expect

from articles.editorial import workflow
from articles.models import Article, ArticleEvent
from tests.browser import CHROMIUM, SCREENSHOTS, VIEWPORTS
from tests.factories import ArticleFactory

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

PASSWORD = "kata-sandi-uji-yang-panjang-2024"
TITLE = "Pemkab Bengkalis Gelar Pasar Murah Jelang Idul Fitri di Kecamatan Mandau"
DATELINE = "DURI"
BODY = (
    "<p>Pemerintah Kabupaten Bengkalis menggelar pasar murah di halaman kantor camat "
    "Mandau, Senin pagi.</p>"
    "<p>Sebanyak 2.000 paket sembako disediakan bagi warga dengan harga separuh dari "
    "harga pasar.</p>"
)
# What the reporter writes in the rich-text editor: BODY's two paragraphs, with bold text,
# then a bulleted list and a link.
BOLD = "2.000 paket sembako"
LIST_ITEMS = ["Beras 5 kg", "Minyak goreng 2 liter", "Gula pasir 2 kg"]
LINK_TEXT = "Jadwal pasar murah di kecamatan lain"
LINK_URL = "https://bengkaliskab.go.id/pasar-murah"
RETURN_NOTE = "Tambahkan jumlah penerima paket per desa dan kutipan dari camat."
SUBMIT_LABEL = "Ajukan untuk ditinjau"
PUBLISH_LABEL = "Terbitkan / jadwalkan"
RETURN_LABEL = "Kembalikan ke reporter"
SAVE_AND_CONTINUE = "Simpan dan terus mengedit"


# -- fixtures -------------------------------------------------------------


@pytest.fixture
def reporter(transactional_db, make_user):
    """Sari, a reporter, with a password she types into the login form."""
    return _staff("Reporter", "sari", "Sari Wulandari", make_user)


@pytest.fixture
def editor(transactional_db, make_user):
    """Indra, an editor, with a password he types into the login form."""
    return _staff("Editor", "indra", "Indra Gunawan", make_user)


def _staff(role: str, username: str, name: str, make_user):
    user = make_user(role, username)
    user.set_password(PASSWORD)
    user.save()
    user.person.name = name
    user.person.save()
    return user


@pytest.fixture
def open_page(browser, live_server) -> Iterator[Callable[[], Page]]:
    """``open_page()``: a page in a new browser context (a person at their own computer).

    ``open_page.problems`` lists script errors, and requests that failed or were refused
    (4xx/5xx), on every page opened.
    """
    contexts, problems = [], []

    def check_failed(request) -> None:
        # Cancelled on purpose: select2 aborts its previous search as the user types.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"failed {request.url}: {request.failure}")

    def check_response(response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    def open_() -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            **VIEWPORTS["desktop"],
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error {error}"))
        page.on("requestfailed", check_failed)
        page.on("response", check_response)
        return page

    open_.problems = problems
    yield open_
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as ``test-artifacts/screenshots/workflow-<name>.png``."""
    page.wait_for_function("() => [...document.images].every(img => img.complete)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"workflow-{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def log_in(page: Page, user, next_url: str, shot: str) -> None:
    """Log in through the admin's login form, as a person does, and land on ``next_url``."""
    page.goto(next_url)
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:login")) + r"\?next="))
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Sandi").fill(PASSWORD)
    screenshot(page, shot)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def write_body(page: Page) -> None:
    """Write the body in the rich-text editor as a reporter does: typing, Ctrl+B for bold,
    the toolbar's list button, and Ctrl+K for a link."""
    page.get_by_role("textbox", name="Isi berita").click()
    keyboard = page.keyboard
    keyboard.type(
        "Pemerintah Kabupaten Bengkalis menggelar pasar murah di halaman kantor camat "
        "Mandau, Senin pagi."
    )
    keyboard.press("Enter")
    keyboard.type("Sebanyak ")
    keyboard.press("Control+b")
    keyboard.type(BOLD)
    keyboard.press("Control+b")
    keyboard.type(" disediakan bagi warga dengan harga separuh dari harga pasar.")
    keyboard.press("Enter")
    page.get_by_role("button", name="Daftar berbutir").click()
    for item in LIST_ITEMS:
        keyboard.type(item)
        keyboard.press("Enter")
    keyboard.press("Enter")  # an empty item ends the list
    keyboard.type(LINK_TEXT)
    keyboard.press("Shift+Home")
    # The editor takes the browser's selection a moment later; its link button says when.
    expect(page.get_by_role("button", name="Tautan (Ctrl+K)")).not_to_have_class(
        re.compile("disabled")
    )
    keyboard.press("Control+k")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Alamat (URL)").fill(LINK_URL)
    dialog.get_by_role("button", name="Terapkan").click()
    expect(dialog).to_have_count(0)


def workflow_panel(page: Page):
    return page.locator(".workflow-panel")


def success_message(page: Page):
    return page.locator("ul.messagelist li.success")


def header_line(article: Article) -> str:
    """The line above the title, as the public article page writes it."""
    with translation.override("id"):
        when = format_date(timezone.localtime(article.published_at), "l, j F Y | H:i:s T")
    return f"{when} | Dibaca : {article.view_count} Kali"


# -- tests ----------------------------------------------------------------


def test_reporter_writes_editor_publishes_and_the_public_reads_it(open_page, reporter, editor, axe):
    # The reporter logs in and opens the add form.
    add_url = reverse("admin:articles_article_add")
    desk = open_page()
    log_in(desk, reporter, add_url, "01-reporter-login")

    reporter_select = desk.locator("#id_reporter")
    expect(reporter_select).to_have_value(str(reporter.person.pk))
    # What she sees: the autocomplete box already names her.
    expect(
        desk.locator(".field-reporter").get_by_role("textbox", name="Sari Wulandari")
    ).to_be_visible()
    screenshot(desk, "02-reporter-add-form")

    # Typing the title fills the slug, as the admin's prepopulate script does.
    desk.get_by_label("Judul:", exact=True).press_sequentially(TITLE)
    expect(desk.get_by_label("Penggalan alamat")).to_have_value(
        "pemkab-bengkalis-gelar-pasar-murah-jelang-idul-fitri-di-kecamatan-mandau"
    )
    desk.get_by_label("Tempat berita").fill(DATELINE)
    write_body(desk)
    screenshot(desk, "03-reporter-add-form-filled")
    results = axe.run(desk)
    assert results.violations_count == 0, results.generate_report()
    desk.get_by_role("button", name=SAVE_AND_CONTINUE).click()

    expect(success_message(desk)).to_contain_text(TITLE)
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    assert article.reporter == reporter.person
    assert article.created_by == reporter
    expect(workflow_panel(desk)).to_contain_text("Status: Draf")
    screenshot(desk, "04-reporter-saved-draft")

    # She asks for review; the confirmation page asks first.
    desk.get_by_role("link", name=SUBMIT_LABEL).click()
    expect(desk).to_have_url(
        re.compile(
            re.escape(reverse("admin:articles_article_transition", args=[article.pk, "submit"]))
            + "$"
        )
    )
    expect(desk.get_by_text(f"{TITLE} · status: Draf")).to_be_visible()
    screenshot(desk, "05-reporter-submit-confirm")
    desk.get_by_role("button", name=SUBMIT_LABEL).click()

    expect(success_message(desk)).to_have_text(f"“{TITLE}” diajukan untuk ditinjau.")
    expect(workflow_panel(desk)).to_contain_text("Status: Menunggu tinjauan")
    # In review the release is the editors'; she can no longer change it or submit again.
    expect(desk.get_by_role("link", name=SUBMIT_LABEL)).to_have_count(0)
    expect(desk.get_by_role("button", name=SAVE_AND_CONTINUE)).to_have_count(0)
    screenshot(desk, "06-reporter-submitted")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    # The editor logs in, at his own computer, and finds it waiting on the admin home.
    office = open_page()
    log_in(office, editor, reverse("admin:index"), "07-editor-login")
    waiting = office.locator(".editorial-dashboard h2:text-is('Menunggu tinjauan') + table tbody")
    expect(waiting.get_by_role("row")).to_have_count(1)
    expect(waiting.get_by_role("row")).to_contain_text("Sari Wulandari")
    screenshot(office, "08-editor-dashboard")
    waiting.get_by_role("link", name=TITLE).click()

    change_url = reverse("admin:articles_article_change", args=[article.pk])
    expect(office).to_have_url(re.compile(re.escape(change_url) + "$"))
    expect(workflow_panel(office)).to_contain_text("Status: Menunggu tinjauan")
    # Publishing would credit him as the editor; the panel says so instead of blocking.
    expect(workflow_panel(office)).not_to_contain_text("Sebelum terbit, lengkapi")
    expect(workflow_panel(office)).to_contain_text(
        "Kredit editor masih kosong: saat diterbitkan, Indra Gunawan (Anda) dicatat sebagai editor."
    )
    screenshot(office, "09-editor-opens-release")

    # He credits himself as the editor all the same (the autocomplete box) and saves.
    expect(office.locator("#id_editor")).to_have_value("")
    office.locator(".field-editor .select2-selection").click()
    office.locator("input[aria-controls=select2-id_editor-results]").fill("Indra")
    office.get_by_role("option", name="Indra Gunawan").click()
    expect(office.locator("#id_editor")).to_have_value(str(editor.person.pk))
    office.get_by_role("button", name=SAVE_AND_CONTINUE).click()

    expect(success_message(office)).to_contain_text(TITLE)
    expect(workflow_panel(office)).not_to_contain_text("Kredit editor masih kosong")
    screenshot(office, "10-editor-saved-credit")
    article.refresh_from_db()
    assert article.editor == editor.person

    # He publishes it now: the time is left empty.
    office.get_by_role("link", name=PUBLISH_LABEL).click()
    expect(office.get_by_text("Kosongkan untuk terbit sekarang.")).to_be_visible()
    expect(office.locator("#id_at_0")).to_have_value("")
    expect(office.locator("#id_at_1")).to_have_value("")
    expect(office.locator(".errornote")).to_have_count(0)
    screenshot(office, "11-editor-publish-confirm")
    office.get_by_role("button", name=PUBLISH_LABEL).click()

    expect(success_message(office)).to_have_text(f"“{TITLE}” telah terbit.")
    expect(workflow_panel(office)).to_contain_text("Status: Terbit")
    screenshot(office, "12-editor-published")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_public
    assert list(article.events.values_list("action", flat=True)) == [
        ArticleEvent.Action.PUBLISHED,
        ArticleEvent.Action.SUBMITTED,
    ]

    # A reader, not logged in, finds it on the home page and opens it.
    reader = open_page()
    reader.goto(reverse("articles:home"))
    screenshot(reader, "13-public-home")
    reader.get_by_role("link", name=TITLE).click()

    expect(reader).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator(".article-meta")).to_have_text(header_line(article))
    expect(reader.locator(".article-credits")).to_have_text(
        "Editor : Indra Gunawan - Reporter : Sari Wulandari"
    )
    expect(reader.locator(".article-body").get_by_role("paragraph").first).to_have_text(
        "DURI, PROKOPIM - Pemerintah Kabupaten Bengkalis menggelar pasar murah di halaman "
        "kantor camat Mandau, Senin pagi."
    )
    body = reader.locator(".article-body")
    expect(body.locator("strong")).to_have_text(BOLD)
    expect(body.locator("ul > li")).to_have_text(LIST_ITEMS)
    expect(body.get_by_role("link", name=LINK_TEXT)).to_have_attribute("href", LINK_URL)
    screenshot(reader, "14-public-article")
    results = axe.run(reader)
    assert results.violations_count == 0, results.generate_report()
    assert open_page.problems == []


def test_editor_returns_a_release_and_the_reporter_reads_the_note(open_page, reporter, editor):
    article = ArticleFactory(
        title=TITLE,
        dateline=DATELINE,
        body=BODY,
        reporter=reporter.person,
        editor=None,
        photographer=None,
        status=Article.Status.DRAFT,
        published_at=None,
    )
    workflow.submit(article=article, by=reporter)
    change_url = reverse("admin:articles_article_change", args=[article.pk])

    # The editor opens the release and sends it back with a note.
    office = open_page()
    log_in(office, editor, change_url, "21-editor-login")
    office.get_by_role("link", name=RETURN_LABEL).click()
    note = office.get_by_label("Catatan untuk reporter: apa yang perlu diperbaiki")
    expect(note).to_be_empty()
    note.fill(RETURN_NOTE)
    screenshot(office, "22-editor-return-confirm")
    office.get_by_role("button", name=RETURN_LABEL).click()

    expect(success_message(office)).to_have_text(f"“{TITLE}” dikembalikan ke reporter.")
    expect(workflow_panel(office)).to_contain_text("Status: Draf")
    screenshot(office, "23-editor-returned")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    # The reporter logs in, finds her release in the list of news and reads why.
    desk = open_page()
    log_in(desk, reporter, reverse("admin:index"), "24-reporter-login")
    screenshot(desk, "25-reporter-home")
    app_list = desk.locator("#content-main")
    app_list.get_by_role("rowheader", name="Berita", exact=True).get_by_role("link").click()
    expect(desk).to_have_url(re.compile(re.escape(reverse("admin:articles_article_changelist"))))
    row = desk.get_by_role("row").filter(has=desk.get_by_role("link", name=TITLE))
    expect(row).to_contain_text("Draf")
    screenshot(desk, "26-reporter-news-list")
    row.get_by_role("link", name=TITLE).click()

    expect(desk).to_have_url(re.compile(re.escape(change_url) + "$"))
    returned = workflow_panel(desk).locator(".errornote")
    expect(returned).to_contain_text(RETURN_NOTE)
    expect(returned).to_contain_text("Dikembalikan oleh")
    expect(workflow_panel(desk)).to_contain_text("Status: Draf")
    expect(desk.get_by_role("link", name=SUBMIT_LABEL)).to_be_visible()
    expect(desk.get_by_role("button", name=SAVE_AND_CONTINUE)).to_be_visible()
    screenshot(desk, "27-reporter-reads-note")
    assert open_page.problems == []
