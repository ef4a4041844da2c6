"""Reading the public site in Chromium, on a phone and on a desktop screen: the home page,
an article, search results and the not-found page show what the reader came for, fit the
phone's width, pass axe-core, and can be used with the keyboard alone.

Each page is saved as ``test-artifacts/screenshots/reading-<page>-<viewport>.png``. The
README's phone screenshots (``docs/screenshots/``) are made from the demo content by
``test_readme_screenshots``, only when ``NEWSROOM_README_SCREENSHOTS=1`` is set.
"""

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from articles.demo.content import RELEASES, load_demo_content
from articles.models import Article, Section
from tests.browser import CHROMIUM
from tests.factories import ArticleFactory, PersonFactory

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

BOTH_SCREENS = pytest.mark.parametrize("viewport", ["phone", "desktop"])
PHONE_WIDTH = 390
TAB_LIMIT = 20  # Tab presses allowed to reach a target from the top of the page

JUNE_15_12_24_37_WIB = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)
TITLE = "Bupati Buka Musrenbang Kecamatan Bantan, Minta Usulan Warga Fokus pada Jalan Desa"
HEADER_LINE = "Kamis, 15 Juni 2023 | 12:24:37 WIB | Dibaca : 315 Kali"
CREDITS = "Editor : Indra - Reporter : Anggri Elsyafiandi - Fotografer : Anggri Elsyafiandi"
OLDER_TITLES = [
    "Musrenbang Kecamatan Bukitbatu Bahas 214 Usulan dari 18 Desa",
    "Posyandu Serentak: 1.200 Balita Ditimbang dan Diberi Vitamin A",
    "Apel Kesiapsiagaan Banjir Pasang, 300 Personel Gabungan Disiagakan",
]
SEARCH_WORD = "Musrenbang"
SEARCH_HITS = [TITLE, OLDER_TITLES[0]]

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
README_SCREENSHOT_LIMIT = 400 * 1024


@pytest.fixture
def newsroom(transactional_db) -> Article:
    """The release read in these tests (the newest, so the home page's headline), three
    older releases, and a draft. Committed: the live server reads them from its thread."""
    government = Section.objects.create(name="Pemerintahan", slug="pemerintahan")
    for days, title in enumerate(OLDER_TITLES, start=1):
        ArticleFactory(
            title=title,
            with_photo=days % 2 == 1,
            published_at=JUNE_15_12_24_37_WIB - timedelta(days=days),
            section=government,
            tags=["Musrenbang"] if SEARCH_WORD in title else ["Kesehatan"],
        )
    ArticleFactory(title=f"Draf {SEARCH_WORD} yang belum terbit", status=Article.Status.DRAFT)
    anggri = PersonFactory(name="Anggri Elsyafiandi")
    return ArticleFactory(
        with_photo=True,
        title=TITLE,
        kicker="Bupati Bengkalis:",
        source="PROKOPIM",
        summary="Bupati membuka Musrenbang Kecamatan Bantan di aula kantor camat.",
        body=(
            "<p>Bupati membuka Musyawarah Perencanaan Pembangunan (Musrenbang) Kecamatan "
            "Bantan di aula kantor camat, Kamis pagi.</p><p>Usulan yang dibahas antara lain "
            "peningkatan jalan desa, air bersih dan pelatihan bagi pelaku usaha kecil.</p>"
        ),
        featured_photo__caption="Bupati memberikan sambutan saat membuka Musrenbang kecamatan.",
        editor=PersonFactory(name="Indra"),
        reporter=anggri,
        photographer=anggri,
        section=government,
        published_at=JUNE_15_12_24_37_WIB,
        view_count=315,
        tags=["Musrenbang", "Kecamatan Bantan"],
    )


@pytest.fixture
def paths(newsroom) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "article": newsroom.get_absolute_url(),
        "search": f"{reverse('articles:search')}?q={SEARCH_WORD}",
        "not_found": reverse("articles:tag", args=["tidak-ada"]),
    }


PAGES = pytest.mark.parametrize(
    ("page_name", "status"),
    [("home", 200), ("article", 200), ("search", 200), ("not_found", 404)],
    ids=["home", "article", "search", "not_found"],
)


def expect_visible_content(page: Page, page_name: str) -> None:
    """What the reader came for is on the screen."""
    main = page.get_by_role("main")
    if page_name == "home":
        headline = main.locator(".headline")
        expect(headline.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(headline.get_by_role("img")).to_be_visible()
        for title in OLDER_TITLES:
            expect(main.locator(".latest").get_by_role("link", name=title)).to_be_visible()
        expect(main.get_by_role("heading", name="Terpopuler")).to_be_visible()
        expect(main.get_by_role("link", name="Musrenbang", exact=True)).to_be_visible()
    elif page_name == "article":
        expect(main.get_by_text(HEADER_LINE, exact=True)).to_be_visible()
        expect(main.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
        expect(main.get_by_text(CREDITS, exact=True)).to_be_visible()
        expect(main.get_by_role("heading", name="Baca juga")).to_be_visible()
        expect(main.get_by_role("link", name="WhatsApp")).to_be_visible()
    elif page_name == "search":
        expect(main.get_by_role("heading", level=1)).to_have_text(f"Hasil pencarian: {SEARCH_WORD}")
        results = main.locator(".card-title")
        expect(results).to_have_text(SEARCH_HITS)  # the draft is not found
        for title in SEARCH_HITS:
            expect(results.get_by_role("link", name=title)).to_be_visible()
    else:
        expect(main.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
        expect(main.get_by_role("link", name="Kembali ke beranda")).to_be_visible()


def load_every_image(page: Page) -> None:
    """Load and decode every image, lazy ones included, before a full-page screenshot.

    ``img.complete`` (what ``save_screenshot`` waits for) only says the file has arrived:
    the cards' ``decoding="async"`` photos below the fold came out blank in full-page
    screenshots of the demo content. ``decode()`` resolves once an image can be painted
    (and fails for a broken one).
    """
    page.evaluate(
        """() => Promise.all([...document.images].map(img => {
            img.loading = "eager";
            return img.decode();
        }))"""
    )


@BOTH_SCREENS
@PAGES
def test_page_shows_what_the_reader_came_for(page, paths, page_name, status, save_screenshot):
    response = page.goto(paths[page_name])

    assert response.status == status
    expect_visible_content(page, page_name)
    load_every_image(page)
    save_screenshot(f"reading-{page_name}")


@BOTH_SCREENS
@PAGES
def test_page_has_no_accessibility_violations(page, paths, page_name, status, axe):
    assert page.goto(paths[page_name]).status == status

    results = axe.run(page)

    assert results.violations_count == 0, results.generate_report()


@PAGES
@pytest.mark.parametrize("viewport", ["phone"])
def test_page_fits_the_phone_without_scrolling_sideways(page, paths, page_name, status):
    assert page.goto(paths[page_name]).status == status
    expect_visible_content(page, page_name)

    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, window: window.innerWidth})"
    )

    assert widths["window"] == PHONE_WIDTH, "the phone zoomed out to fit a page wider than it"
    assert widths["page"] <= widths["window"], widths


def tab_until(page: Page, selector: str, limit: int = TAB_LIMIT) -> int:
    """Press Tab until the focused element matches ``selector``; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return presses
    focused = page.evaluate("document.activeElement.outerHTML")
    pytest.fail(f"{selector} not focused after {limit} Tab presses; focused: {focused}")


def focus_outline(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


ARTICLE_LINK = ".headline-title a, .card-title a"


@BOTH_SCREENS
@pytest.mark.parametrize("page_name", ["home", "search"])
def test_keyboard_reaches_the_search_box_then_the_article_links(page, paths, page_name):
    page.goto(paths[page_name])

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Langsung ke konten")).to_be_focused()
    tab_until(page, "#cari-q", limit=2)  # past the site's name
    assert page.evaluate("document.activeElement.id") == "cari-q"
    expect(page.get_by_role("banner").get_by_role("searchbox", name="Cari berita")).to_be_focused()
    assert focus_outline(page) != "none"
    tab_until(page, ARTICLE_LINK)
    focused_title = page.evaluate("document.activeElement.textContent")
    assert focused_title == (TITLE if page_name == "home" else SEARCH_HITS[0])
    assert focus_outline(page) != "none"


# -- README screenshots ------------------------------------------------------

README_SCREENSHOTS = pytest.mark.skipif(
    os.environ.get("NEWSROOM_README_SCREENSHOTS") != "1",
    reason="makes docs/screenshots/ again only when NEWSROOM_README_SCREENSHOTS=1",
)


@README_SCREENSHOTS
@pytest.mark.parametrize("viewport", ["phone"])
def test_readme_screenshots(page, transactional_db, save_screenshot):
    load_demo_content()
    headline = Article.objects.published().get(title=RELEASES[0].title)
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shown_as = {
        "home": (reverse("articles:home"), "link"),  # the headline
        "article": (headline.get_absolute_url(), "heading"),
    }
    for name, (path, role) in shown_as.items():
        page.goto(path)
        expect(page.get_by_role(role, name=headline.title).first).to_be_visible()
        load_every_image(page)
        target = DOCS_SCREENSHOTS / f"{name}-phone.png"
        shutil.copyfile(save_screenshot(f"readme-{name}"), target)
        assert target.stat().st_size < README_SCREENSHOT_LIMIT, f"{target} is too large"
