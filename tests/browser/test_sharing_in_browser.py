"""Sharing a release, in Chromium: the article page's "Bagikan ke WhatsApp" and "Unduh PDF"
links on a phone, and the admin's "Salin" button that copies the WhatsApp broadcast text."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, shortlinks
from tests.browser import CHROMIUM, SCREENSHOTS, VIEWPORTS
from tests.factories import ArticleFactory

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

TITLE = "Bupati Kasmarni Resmikan *Jembatan* Desa Penampi & Bantan Air Tahun 2024"
PHONE_WIDTH = 390


@pytest.fixture
def release(transactional_db) -> Article:
    """A published release with a photo, a long title and the signs a share link encodes."""
    return ArticleFactory(
        with_photo=True,
        title=TITLE,
        summary="Jembatan sepanjang 120 meter menghubungkan dua desa di Kecamatan Bantan.",
        published_at=timezone.now() - timedelta(hours=2),
    )


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_phone_reader_finds_the_whatsapp_link_with_the_short_link_and_the_pdf(
    page, live_server, release, axe, save_screenshot, broken_resources
):
    response = page.goto(release.get_absolute_url())
    assert response.status == 200

    link = page.get_by_role("link", name="Bagikan ke WhatsApp")
    link.scroll_into_view_if_needed()
    expect(link).to_be_visible()
    expect(link).to_have_attribute("rel", "noopener")
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    assert box["height"] >= 24, "a target a thumb can hit"

    short_url = f"{live_server.url}{shortlinks.short_path(release.pk)}"
    message = parse_qs(urlsplit(link.get_attribute("href")).query)["text"]
    assert message == [f"{TITLE}\n{short_url}"]
    assert page.locator("link[rel=shortlink]").get_attribute("href") == short_url

    # The official PDF is a visible link too, and named for browsers and feed readers.
    pdf = page.get_by_role("link", name="Unduh PDF")
    pdf.scroll_into_view_if_needed()
    expect(pdf).to_be_visible()
    pdf_box = pdf.bounding_box()
    assert pdf_box["x"] >= 0 and pdf_box["x"] + pdf_box["width"] <= PHONE_WIDTH
    alternate = page.locator('link[rel=alternate][type="application/pdf"]')
    assert alternate.get_attribute("href").endswith(pdf.get_attribute("href"))

    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, window: window.innerWidth})"
    )
    assert widths["window"] == PHONE_WIDTH
    assert widths["page"] <= widths["window"]

    save_screenshot("share-article")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("nav.share").screenshot(path=SCREENSHOTS / "share-links-phone.png")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert broken_resources == []

    # The short link itself leads back to the page.
    page.goto(shortlinks.short_path(release.pk))
    assert urlsplit(page.url).path == release.get_absolute_url()


def test_the_salin_button_copies_the_broadcast_text(browser, live_server, release, make_user):
    editor = make_user("Editor", "indra")
    client = Client()
    client.force_login(editor)
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        permissions=["clipboard-read", "clipboard-write"],
        **VIEWPORTS["desktop"],
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"/admin/articles/article/{release.pk}/change/")
        text = page.get_by_label("Teks siaran WhatsApp")
        expect(text).to_have_attribute("readonly", "")
        expected = text.input_value()
        assert expected.startswith("*Bupati Kasmarni Resmikan ∗Jembatan∗ Desa")
        page.get_by_role("button", name="Salin").click()
        expect(page.locator(".broadcast-status")).to_have_text("Teks disalin")
        assert page.evaluate("navigator.clipboard.readText()") == expected
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".broadcast-panel").screenshot(path=SCREENSHOTS / "broadcast-admin.png")
        assert errors == []
    finally:
        context.close()
