"""The reader pages of issue 15 in Chromium: the home page's compact list on a phone (the
lead and at least four stories on the first screen), meta and credits lines that break
only between their fields, the archive's index, the search results with one search box,
and the headline photo cropped around its focal point; axe-core finds nothing on any of
them, on a phone or a desktop, and no page scrolls sideways.

Pages are saved as ``test-artifacts/screenshots/reader-<page>-<viewport>.png``.
"""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from articles.demo.content import RELEASES, load_demo_content
from articles.models import Article, Person
from tests.browser import CHROMIUM
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

BOTH_SCREENS = pytest.mark.parametrize("viewport", ["phone", "desktop"])
PHONE_SCREEN_HEIGHT = 844
STORIES_ON_THE_FIRST_PHONE_SCREEN = 4  # after the lead, at least
NARROW_PHONES = pytest.mark.parametrize("width", [320, 390])

# Long names, the longest weekday and month, a seven-digit count: the longest meta and
# credits lines whose every field still fits the line of a 320 px phone (about 40
# characters at the credits' size).
SEPTEMBER_30_WIB = datetime(2026, 9, 30, 2, 5, 9, tzinfo=UTC)  # Rabu, 09:05:09 WIB
LONG_NAMES = {
    "editor": "Rahmat Hidayat Syahputra",
    "reporter": "Siti Nurhaliza Khairunnisa",
    "photographer": "Anggri Elsyafiandi Saputra",
}
# A field no line can hold.
TOO_LONG_NAME = "Raden Mas Muhammad Rizki Pratama Wijayakusuma Hadiningrat Soerjosoemarno"


@pytest.fixture
def demo(transactional_db) -> Article:
    """The demo content, as ``make run`` shows it; its newest release is the headline."""
    load_demo_content()
    return Article.objects.published().get(title=RELEASES[0].title)


@pytest.fixture
def long_credits(transactional_db) -> Article:
    return ArticleFactory(
        title="Pemkab Bengkalis Salurkan Bantuan Sosial kepada Keluarga Penerima Manfaat",
        published_at=SEPTEMBER_30_WIB,
        view_count=1_234_567,
        with_photo=True,
        **{role: PersonFactory(name=name) for role, name in LONG_NAMES.items()},
    )


def reader_pages(demo: Article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "article": demo.get_absolute_url(),
        "archive": reverse("articles:archive_index"),
        "search": reverse("articles:search") + "?q=Musrenbang",
    }


def load_every_image(page: Page) -> None:
    page.evaluate(
        """() => Promise.all([...document.images].map(img => {
            img.loading = "eager";
            return img.decode();
        }))"""
    )


def scroll_widths(page: Page) -> dict[str, int]:
    return page.evaluate(
        "({page: document.documentElement.scrollWidth, window: window.innerWidth})"
    )


# -- every page: axe, no sideways scrolling, a screenshot --------------------------------


@BOTH_SCREENS
@pytest.mark.parametrize("name", ["home", "article", "archive", "search"])
def test_reader_page_passes_axe_and_fits_the_screen(
    page, demo, name, axe, save_screenshot, broken_resources
):
    assert page.goto(reader_pages(demo)[name]).status == 200
    load_every_image(page)

    save_screenshot(f"reader-{name}")
    results = axe.run(page)

    assert results.violations_count == 0, results.generate_report()
    widths = scroll_widths(page)
    assert widths["page"] <= widths["window"], widths
    assert broken_resources == []


# -- the home page on a phone ----------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_phone_shows_the_lead_and_four_stories_on_its_first_screen(page, demo, record_property):
    page.goto(reverse("articles:home"))
    load_every_image(page)

    lead = page.locator(".headline").bounding_box()
    stories = [
        box
        for box in (link.bounding_box() for link in page.locator(".latest .card-title a").all())
        if box["y"] >= lead["y"] + lead["height"]
        and box["y"] + box["height"] <= PHONE_SCREEN_HEIGHT
    ]

    record_property("stories_on_the_first_phone_screen", len(stories))
    print(f"\nstories wholly on the first phone screen after the lead: {len(stories)}")
    assert len(stories) >= STORIES_ON_THE_FIRST_PHONE_SCREEN
    expect(page.locator(".headline-title a")).to_be_in_viewport(ratio=1)


@BOTH_SCREENS
def test_every_story_of_the_list_is_a_thumbnail_beside_its_title(page, demo, viewport):
    page.goto(reverse("articles:home"))

    cards = page.locator(".latest .card--photo").all()
    assert len(cards) >= 4
    for card in cards:
        photo = card.locator("img").bounding_box()
        title = card.locator(".card-title").bounding_box()
        assert photo["x"] + photo["width"] <= title["x"], (photo, title)
        assert (
            photo["y"] < title["y"] + title["height"] and title["y"] < photo["y"] + photo["height"]
        )
    # A phone shows the day and section; a desktop the weekday and hour too, and the summary.
    date_line = cards[0].locator(".card-date")
    summary = cards[0].locator(".card-summary")
    if viewport == "phone":
        assert re.fullmatch(r"\d{1,2} \w+ \d{4} · \w+", date_line.inner_text())
        expect(summary).to_be_hidden()
    else:
        assert re.fullmatch(
            r"\w+, \d{1,2} \w+ \d{4} \| \d\d:\d\d WIB · \w+", date_line.inner_text()
        )
        expect(summary).to_be_visible()


@BOTH_SCREENS
def test_most_read_shows_each_figure(page, demo):
    page.goto(reverse("articles:home"))

    figures = page.locator(".popular-list .popular-reads")

    expect(figures.first).to_be_visible()
    assert all(text.startswith("Dibaca ") for text in figures.all_inner_texts())
    assert any("." in text for text in figures.all_inner_texts())  # 1.534: grouped


# -- the article's meta and credits lines ------------------------------------------------

# Each field's height against its line height: one line box, or more.
FIELD_LINES = """(fields) => fields.map(field => {
    const lineHeight = parseFloat(getComputedStyle(field).lineHeight);
    const box = field.getBoundingClientRect();
    return {text: field.textContent, lines: Math.round(box.height / lineHeight), top: box.top};
})"""


@pytest.mark.parametrize("viewport", ["phone"])
@NARROW_PHONES
def test_meta_and_credits_lines_break_only_between_fields(page, long_credits, width):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(long_credits.get_absolute_url())

    meta = page.locator(".article-meta .line-field").evaluate_all(FIELD_LINES)
    credits = page.locator(".article-credits .line-field").evaluate_all(FIELD_LINES)

    assert [field["text"] for field in meta] == [
        "Rabu, 30 September 2026 |",
        "09:05:09 WIB |",
        "Dibaca : 1.234.567 Kali",
    ]
    assert [field["text"] for field in credits] == [
        f"Editor : {LONG_NAMES['editor']} -",
        f"Reporter : {LONG_NAMES['reporter']} -",
        f"Fotografer : {LONG_NAMES['photographer']}",
    ]
    for field in meta + credits:
        assert field["lines"] == 1, field  # whole on one line; its separator after it
    # The lines did break on a phone, between fields: these are real line breaks.
    assert len({round(field["top"]) for field in meta}) >= 2
    assert len({round(field["top"]) for field in credits}) == 3
    expect(page.locator(".article-meta")).to_have_text(
        "Rabu, 30 September 2026 | 09:05:09 WIB | Dibaca : 1.234.567 Kali"
    )
    widths = scroll_widths(page)
    assert widths["page"] <= widths["window"] == width, widths


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_field_wider_than_the_line_wraps_inside_without_widening_the_page(page, long_credits):
    Person.objects.filter(pk=long_credits.editor_id).update(name=TOO_LONG_NAME)
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(long_credits.get_absolute_url())

    fields = page.locator(".article-credits .line-field").evaluate_all(FIELD_LINES)

    assert fields[0]["text"] == f"Editor : {TOO_LONG_NAME} -"
    assert fields[0]["lines"] >= 2  # only this field, and only because it must
    assert [field["lines"] for field in fields[1:]] == [1, 1]
    widths = scroll_widths(page)
    assert widths["page"] <= widths["window"] == 320, widths


# -- search results and the archive ------------------------------------------------------


@BOTH_SCREENS
def test_search_results_have_one_search_box_holding_the_query(page, demo):
    page.goto(reverse("articles:search") + "?q=Musrenbang")

    boxes = page.get_by_role("searchbox")

    expect(boxes).to_have_count(1)
    expect(boxes).to_have_value("Musrenbang")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil pencarian: Musrenbang")


@BOTH_SCREENS
def test_a_long_query_keeps_the_heading_short(page, demo):
    query = "Musrenbang " + "kecamatan " * 30
    page.goto(reverse("articles:search") + "?q=" + query.replace(" ", "+"))

    heading = page.get_by_role("heading", level=1)

    expect(heading).to_have_text(re.compile(r"^Hasil pencarian: Musrenbang kecamatan .*…$"))
    assert heading.bounding_box()["height"] < 4 * 40  # a few lines, not a wall of text
    assert page.get_by_role("searchbox").input_value().startswith("Musrenbang kecamatan")


@BOTH_SCREENS
def test_the_footer_leads_to_the_archive_of_months(page, demo):
    page.goto(reverse("articles:home"))

    page.get_by_role("contentinfo").get_by_role("link", name="Arsip berita").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Arsip berita")
    year = str(demo.published_at.year)
    expect(page.get_by_role("heading", level=2).first).to_contain_text(year)
    page.locator(".archive-month a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"^Arsip \w+ {year}$"))
    expect(page.locator(".card-title").first).to_be_visible()


# -- the headline photo ------------------------------------------------------------------


@BOTH_SCREENS
def test_the_headline_photo_is_cropped_around_its_focal_point(page, transactional_db):
    ArticleFactory(title="Berita utama", featured_photo=PhotoFactory(focal_x=0.3, focal_y=0.7))
    page.goto(reverse("articles:home"))

    photo = page.locator(".headline-photo")

    assert photo.evaluate("img => getComputedStyle(img).objectFit") == "cover"
    assert photo.evaluate("img => getComputedStyle(img).objectPosition") == "30% 70%"
