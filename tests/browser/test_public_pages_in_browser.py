"""The public pages as readers get them: in Chromium, on a phone and on a desktop screen."""

import itertools
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.browser import CHROMIUM
from tests.factories import ArticleFactory, PersonFactory

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

JUNE_15_12_24_37_WIB = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)
TITLE = "Bupati Kasmarni Buka Musrenbang Kecamatan Bantan Tahun 2024"
CAPTION = (
    "Bupati Bengkalis Kasmarni menyampaikan sambutan pada pembukaan Musrenbang Kecamatan Bantan."
)
ALT_TEXT = "Bupati berdiri di podium aula kantor camat di depan peserta Musrenbang."
BOTH_SCREENS = pytest.mark.parametrize("viewport", ["phone", "desktop"])
PHONE_WIDTH = 390


@pytest.fixture
def release(transactional_db) -> Article:
    """A published press release with every part the article page shows.

    Committed (``transactional_db``): the live server reads it from another thread.
    """
    anggri = PersonFactory(name="Anggri Elsyafiandi")
    return ArticleFactory(
        with_photo=True,
        title=TITLE,
        kicker="Kasmarni",
        dateline="BENGKALIS",
        source="PROKOPIM",
        summary="Bupati Bengkalis membuka Musrenbang Kecamatan Bantan di aula kantor camat.",
        body=(
            "<p>Bupati Bengkalis Kasmarni membuka Musyawarah Perencanaan Pembangunan "
            "(Musrenbang) Kecamatan Bantan di aula kantor camat, Kamis pagi.</p>"
            "<p>Usulan yang dibahas antara lain peningkatan jalan desa, air bersih dan "
            "pelatihan bagi pelaku usaha kecil. Rincian usulan dapat dibaca di "
            "https://bengkaliskab.go.id/musrenbang/kecamatan-bantan/usulan-prioritas-tahun-2024"
            ".</p>"
        ),
        featured_photo__caption=CAPTION,
        featured_photo__alt_text=ALT_TEXT,
        editor=PersonFactory(name="Indra"),
        reporter=anggri,
        photographer=anggri,
        published_at=JUNE_15_12_24_37_WIB,
        view_count=315,
        tags=["Musrenbang", "Kecamatan Bantan"],
    )


@pytest.fixture
def newsroom(transactional_db) -> None:
    """Other news around the release: newer ones with and without a photo, and a draft."""
    ArticleFactory(
        with_photo=True,
        title=(
            "Pemerintah Kabupaten Bengkalis Salurkan Bantuan Sosial kepada 1.250 Keluarga "
            "Penerima Manfaat di Kecamatan Bukitbatu dan Siak Kecil"
        ),
        tags=["Musrenbang"],
    )
    ArticleFactory(title="Wakil Bupati Tinjau Posko Mudik Lebaran di Pelabuhan Roro Air Putih")
    ArticleFactory(title="Rancangan yang belum terbit", status=Article.Status.DRAFT)


@pytest.fixture
def paths(release, newsroom) -> dict[str, str]:
    """Where each public page lives; the draft's address is the not-found page."""
    musrenbang = release.tags.get(name="Musrenbang")
    draft = Article.objects.drafts().get()
    return {
        "home": reverse("articles:home"),
        "article": release.get_absolute_url(),
        "tag": reverse("articles:tag", args=[musrenbang.slug]),
        "not_found": draft.get_absolute_url(),
    }


PAGES = pytest.mark.parametrize(
    ("page_name", "status"),
    [
        pytest.param("home", 200, id="home"),
        pytest.param("article", 200, id="article"),
        pytest.param("tag", 200, id="tag"),
        pytest.param("not_found", 404, id="not_found"),
    ],
)


@BOTH_SCREENS
@PAGES
def test_page_has_no_accessibility_violations(
    page, paths, page_name, status, axe, save_screenshot, broken_resources
):
    response = page.goto(paths[page_name])

    assert response.status == status
    save_screenshot(page_name)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert broken_resources == []


@PAGES
@pytest.mark.parametrize("viewport", ["phone"])
def test_page_does_not_scroll_sideways_on_a_phone(page, paths, page_name, status):
    response = page.goto(paths[page_name])

    assert response.status == status
    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, window: window.innerWidth})"
    )
    assert widths["window"] == PHONE_WIDTH, "the phone zoomed out to fit a page wider than it"
    assert widths["page"] <= widths["window"]


@BOTH_SCREENS
def test_article_page_shows_the_legacy_layout_in_order(page, release):
    page.goto(release.get_absolute_url())

    header_line = page.get_by_text(
        "Kamis, 15 Juni 2023 | 12:24:37 WIB | Dibaca : 315 Kali", exact=True
    )
    title = page.get_by_role("heading", level=1, name=TITLE)
    credits = page.get_by_text(
        "Editor : Indra - Reporter : Anggri Elsyafiandi - Fotografer : Anggri Elsyafiandi",
        exact=True,
    )
    photo = page.get_by_role("img", name=ALT_TEXT)
    caption = page.get_by_text(f"Teks foto: {CAPTION}", exact=True)
    body = page.locator(".article-body")
    dateline = body.get_by_text("BENGKALIS, PROKOPIM -", exact=True)
    top_to_bottom = {
        "header line": header_line,
        "title": title,
        "credits": credits,
        "photo": photo,
        "caption": caption,
        "dateline": dateline,
    }

    for part in top_to_bottom.values():
        expect(part).to_be_visible()
    expect(body.get_by_role("paragraph").first).to_have_text(
        re.compile(r"^BENGKALIS, PROKOPIM - Bupati Bengkalis Kasmarni membuka Musyawarah")
    )
    boxes = [(name, part.bounding_box()) for name, part in top_to_bottom.items()]
    for (upper, above), (lower, below) in itertools.pairwise(boxes):
        bottom_of_upper = above["y"] + above["height"]
        assert bottom_of_upper <= below["y"] + 1, f"{lower} is not below {upper}: {boxes}"


@BOTH_SCREENS
def test_article_photo_is_served_and_loads(page, release, broken_resources):
    page.goto(release.get_absolute_url())

    photo = page.get_by_role("img", name=ALT_TEXT)
    expect(photo).to_have_js_property("complete", True)
    expect(photo).not_to_have_js_property("naturalWidth", 0)  # decoded, not broken
    # A rendition of the 800 px photo: 480 px on a phone, its own 800 px on a desktop.
    phone = page.viewport_size["width"] < 600
    current = photo.evaluate("img => img.currentSrc")
    assert current.endswith("/w480.webp" if phone else "/w800.webp"), current
    assert broken_resources == []


@BOTH_SCREENS
@pytest.mark.usefixtures("newsroom")
def test_clicking_an_article_on_the_home_page_opens_it(page, release):
    page.goto(reverse("articles:home"))

    # The same release may be listed twice: under the latest news and under "Terpopuler".
    page.get_by_role("link", name=TITLE).first.click()

    expect(page).to_have_url(re.compile(re.escape(release.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


@BOTH_SCREENS
@pytest.mark.usefixtures("release", "newsroom")
def test_first_tab_focuses_the_skip_link_which_then_shows(page):
    page.goto(reverse("articles:home"))
    skip_link = page.get_by_role("link", name="Langsung ke konten")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    expect(skip_link).to_be_in_viewport(ratio=1)


@pytest.mark.usefixtures("release", "newsroom")
def test_skip_link_moves_the_keyboard_to_the_main_content(page):
    page.goto(reverse("articles:home"))
    page.keyboard.press("Tab")

    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
