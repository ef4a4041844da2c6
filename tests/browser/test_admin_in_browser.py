"""The admin in Chromium: the article form and the article's history page pass axe-core
with no violation, fit a 390 px phone without scrolling sideways (the title input wide
all the same), and the photo's focal point is set by clicking the photo. Screenshots:
``test-artifacts/screenshots/admin-*-{phone,desktop}.png``."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser import CHROMIUM
from tests.factories import ArticleFactory, PhotoFactory, jpeg_bytes

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's


@pytest.fixture
def editor(transactional_db, make_user):
    return make_user("Editor", "indra")


@pytest.fixture
def article(editor):
    """A published release with a featured photo, its title since changed: two revisions."""
    article = ArticleFactory(
        title="Pemkab Bengkalis Gelar Pasar Murah Jelang Idul Fitri di Kecamatan Mandau",
        kicker="Ketahanan pangan",
        tags=["Ekonomi", "Pasar murah"],
        with_photo=True,
    )
    article.title = "Pemkab Bengkalis Gelar Pasar Murah Jelang Idul Adha di Kecamatan Mandau"
    article._history_user = editor
    article.save()
    return article


def log_in(page: Page, user, url: str) -> None:
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    page.wait_for_load_state()


def assert_fits_the_screen(page: Page) -> None:
    """No sideways scrolling: the page is no wider than the screen (a phone's browser would
    zoom out to show a wider page, so compare with the screen, not the window)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def assert_accessible(page: Page, axe) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_article_form_is_accessible_and_its_title_input_wide(
    page, viewport, editor, article, axe, save_screenshot, broken_resources
):
    log_in(page, editor, reverse("admin:articles_article_change", args=[article.pk]))
    save_screenshot("admin-article-change")

    assert_accessible(page, axe)
    assert_fits_the_screen(page)
    title, window = box(page, "#id_title"), page.viewport_size["width"]
    assert title["x"] + title["width"] <= window
    # Django's own width is about 270 px: the title now takes the row.
    assert title["width"] >= (300 if viewport == "phone" else 600), title
    assert box(page, "#id_summary")["width"] >= title["width"] - 1
    # Publishing is the primary step; withdrawing is red and not the first thing to hit.
    withdraw = page.get_by_role("link", name="Tarik dari publik")
    expect(withdraw).to_have_class(re.compile(r"\bworkflow-danger\b"))
    expect(page.get_by_role("link", name="Riwayat")).to_have_count(1)
    assert broken_resources == []


@pytest.mark.parametrize("viewport", ["phone"])
def test_the_article_add_form_fits_a_phone(page, editor, axe, save_screenshot):
    log_in(page, editor, reverse("admin:articles_article_add"))
    save_screenshot("admin-article-add")

    assert_fits_the_screen(page)
    assert box(page, "#id_title")["width"] >= 300
    expect(page.get_by_text("Waktu (WIB):")).to_be_visible()
    assert_accessible(page, axe)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_history_page_is_accessible_and_restores(
    page, editor, article, axe, save_screenshot, broken_resources
):
    history = reverse("admin:articles_article_history", args=[article.pk])
    log_in(page, editor, history)
    save_screenshot("admin-article-history")

    assert_accessible(page, axe)
    assert_fits_the_screen(page)
    expect(page.locator(".revision-diff ins")).to_have_text(["Adha"])
    page.get_by_role("button", name=re.compile("Pulihkan revisi")).click()
    expect(page.locator("ul.messagelist li.success")).to_contain_text("dipulihkan")
    article.refresh_from_db()
    assert "Idul Fitri" in article.title
    assert broken_resources == []


@pytest.mark.parametrize("viewport", ["desktop"])
def test_the_withdraw_page_asks_for_confirmation(page, editor, article, axe, save_screenshot):
    log_in(
        page, editor, reverse("admin:articles_article_transition", args=[article.pk, "withdraw"])
    )
    page.get_by_label("Alasan penarikan").fill("Data anggaran keliru.")
    confirmation = page.get_by_label(re.compile("Ya, tarik berita ini"))
    # The browser asks for it first; the server refuses without it all the same
    # (tests/editorial/test_history_page.py).
    expect(confirmation).to_have_attribute("required", "")
    page.get_by_role("button", name="Tarik dari publik").click()
    expect(page).to_have_url(re.compile(r"/transition/withdraw/$"))
    confirmation.check()
    save_screenshot("admin-withdraw")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Tarik dari publik").click()
    expect(page.locator("ul.messagelist li.success")).to_contain_text("ditarik dari publik")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_clicking_the_photo_sets_its_focal_point(page, editor, save_screenshot, broken_resources):
    from django.core.files.base import ContentFile

    photo = PhotoFactory(image=ContentFile(jpeg_bytes(1600, 1000), name="kamera.jpg"))
    log_in(page, editor, reverse("admin:articles_photo_change", args=[photo.pk]))
    preview = page.locator(".field-preview img")
    expect(page.locator(".focal-marker")).to_be_visible()
    size = preview.bounding_box()
    preview.click(position={"x": size["width"] * 0.25, "y": size["height"] * 0.75})

    expect(page.locator("#id_focal_x")).to_have_value("0,25")
    expect(page.locator("#id_focal_y")).to_have_value("0,75")
    save_screenshot("admin-photo-focal-point")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    photo.refresh_from_db()
    assert photo.focal_point == (0.25, 0.75)
    assert broken_resources == []
