"""Read-count moderation in Chromium, on a phone and on a desktop: the page with its
chart, the audit of corrections and the blocklist forms fit the screen (no sideways
scrolling of the page), pass axe, and are saved as screenshots to look at."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import BlockedNetwork, DailyViews, UserAgentRule, ViewCountAdjustment
from articles.reads import moderation
from tests.browser import CHROMIUM
from tests.factories import ArticleFactory

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

Kind = ViewCountAdjustment.Kind
PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's
TITLE = "Bupati Resmikan Jembatan Penghubung Dua Kecamatan di Pesisir Utara Kabupaten"
LONG_REASON = (
    "Lonjakan dari perayap mesin pencari yang belum dikenali, terlihat dari alamat "
    "https://contoh.example.id/laporan-perayap-sangat-panjang-tanpa-spasi-sama-sekali"
)


@pytest.fixture
def editor(transactional_db, make_user):
    return make_user("Editor", "indra")


@pytest.fixture
def article(transactional_db, editor):
    """A release read for 40 days, corrected twice, with reads that dropped lately."""
    article = ArticleFactory(title=TITLE, view_count=15_315)
    today = timezone.localdate()
    for back in range(40):
        counted = 40 + (back * 37) % 120 if back != 3 else 0  # one quiet day
        DailyViews.objects.create(
            article=article,
            date=today - timedelta(days=back),
            counted=counted,
            bot_reads=(back * 13) % 30,
            other_excluded=back % 4,
        )
    moderation.adjust_view_count(
        article=article, by=editor, kind=Kind.SET, new_value=15_000, reason=LONG_REASON
    )
    moderation.adjust_view_count(
        article=article,
        by=editor,
        kind=Kind.SUBTRACT_RANGE,
        date_from=today - timedelta(days=20),
        date_to=today - timedelta(days=18),
        reason="Kunjungan uji coba dari kantor sendiri.",
    )
    return article


@pytest.fixture
def signed_in(page: Page, editor) -> Page:
    page.goto(reverse("admin:login"))
    page.get_by_label("Nama pengguna").fill(editor.username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def assert_fits_the_screen(page: Page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], widths


def assert_accessible(page: Page, axe) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_count_page_with_its_chart_fits_and_is_accessible(
    signed_in, article, axe, save_screenshot, broken_resources
):
    page = signed_in
    page.goto(reverse("admin:articles_article_views", args=[article.pk]))
    expect(page.locator(".views-summary-week")).to_contain_text("7 hari terakhir:")
    chart = page.get_by_role("img", name="Jumlah dibaca per hari")
    expect(chart).to_be_visible()
    # The chart's labels keep a readable size on a phone (the SVG is not scaled down).
    font_size = page.eval_on_selector(
        "svg.views-chart text", "text => parseFloat(getComputedStyle(text).fontSize)"
    )
    assert font_size >= 11
    page.get_by_text("Tabel per hari").click()
    expect(page.locator(".views-numbers")).to_be_visible()
    save_screenshot("admin-read-counts")
    assert_fits_the_screen(page)
    assert_accessible(page, axe)
    assert broken_resources == []


@pytest.mark.parametrize("viewport", ["phone"])
def test_the_chart_follows_the_dark_theme(signed_in, article, axe, save_screenshot):
    page = signed_in
    page.emulate_media(color_scheme="dark")
    page.goto(reverse("admin:articles_article_views", args=[article.pk]))
    counted = page.eval_on_selector(
        "svg.views-chart rect.counted", "bar => getComputedStyle(bar).fill"
    )
    assert counted == "rgb(111, 168, 220)"  # the lighter blue of the dark theme
    save_screenshot("admin-read-counts-dark")
    assert_fits_the_screen(page)
    assert_accessible(page, axe)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_refused_correction_fits_too(signed_in, article, axe, save_screenshot):
    page = signed_in
    page.goto(reverse("admin:articles_article_views", args=[article.pk]))
    page.get_by_label("Kurangi bacaan pada rentang tanggal").check()
    page.get_by_label("Dari tanggal").fill("2024-12-02")
    page.get_by_label("Sampai tanggal").fill("2024-12-01")
    page.get_by_label("Alasan").fill("Rentang terbalik, ditolak.")
    page.get_by_role("button", name="Simpan koreksi").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    save_screenshot("admin-read-counts-refused")
    assert_fits_the_screen(page)
    assert_accessible(page, axe)


@pytest.fixture
def blocklists(transactional_db):
    UserAgentRule.objects.create(
        pattern=r"(?i)pemindai-berita-otomatis-dengan-nama-yang-sangat-panjang/\d+\.\d+",
        description="Pemindai agregator berita daerah yang tidak mengaku sebagai bot.",
    )
    BlockedNetwork.objects.create(
        network="2001:db8:1234:5678::/64", description="Jaringan kantor sendiri (uji coba)."
    )


RELATED_PAGES = [
    "admin:articles_viewcountadjustment_changelist",
    "admin:articles_useragentrule_changelist",
    "admin:articles_useragentrule_add",
    "admin:articles_blockednetwork_changelist",
    "admin:articles_blockednetwork_add",
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("name", RELATED_PAGES)
def test_the_audit_and_the_blocklists_fit_and_are_accessible(
    signed_in, article, blocklists, name, axe, save_screenshot
):
    page = signed_in
    page.goto(reverse(name))
    save_screenshot(name.removeprefix("admin:articles_").replace("_", "-"))
    assert_fits_the_screen(page)
    assert_accessible(page, axe)
