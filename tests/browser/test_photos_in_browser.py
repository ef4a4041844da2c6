"""Photos in a real browser: a phone downloads only the small renditions, a desktop the
larger ones, and the page with its gallery stays accessible."""

import pytest
from django.core.files.base import ContentFile

from tests.browser import CHROMIUM
from tests.factories import ArticleFactory, PhotoFactory, jpeg_bytes

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

GALLERY_SIZE = 3


def large_photo(colour: str, caption: str):
    return PhotoFactory(
        image=ContentFile(jpeg_bytes(2400, 1500, colour), name="kamera.jpg"),
        caption=caption,
        alt_text=f"Foto kegiatan: {caption}",
    )


@pytest.fixture
def article_with_gallery(transactional_db):
    article = ArticleFactory(
        title="Bupati Tinjau Pembangunan Jembatan Desa",
        featured_photo=large_photo("#1f4e79", "Bupati meninjau jembatan."),
    )
    for position, colour in enumerate(("#385723", "#7f6000", "#843c0c")):
        photo = large_photo(colour, f"Foto galeri nomor {position + 1}.")
        article.gallery_items.create(photo=photo, position=position)
    return article


def photo_requests_of(page, url: str) -> list[str]:
    """Load ``url``, scroll to the end so every lazy photo is wanted, and return the
    URLs of the photos the browser fetched."""
    requested = []
    page.on(
        "request",
        lambda request: requested.append(request.url) if "/media/" in request.url else None,
    )
    page.goto(url)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.article-photo img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    return requested


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_phone_loads_only_the_small_renditions(page, article_with_gallery, broken_resources):
    requested = photo_requests_of(page, article_with_gallery.get_absolute_url())

    assert len(requested) == 1 + GALLERY_SIZE
    assert all(url.endswith("/w480.webp") for url in requested), requested
    assert broken_resources == []


@pytest.mark.parametrize("viewport", ["desktop"])
def test_a_desktop_loads_the_960_rendition_never_the_original(page, article_with_gallery):
    requested = photo_requests_of(page, article_with_gallery.get_absolute_url())

    assert len(requested) == 1 + GALLERY_SIZE
    assert all(url.endswith("/w960.webp") for url in requested), requested


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_gallery_page_has_no_accessibility_violations(
    page, article_with_gallery, axe, save_screenshot
):
    page.goto(article_with_gallery.get_absolute_url())
    save_screenshot("article-gallery")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_photographer_uploads_a_photo_and_sees_it_before_and_after(
    page, transactional_db, make_user, save_screenshot
):
    from django.urls import reverse
    from playwright.sync_api import expect

    from articles.models import Photo

    photographer = make_user("Fotografer", "hendra")
    add_url = reverse("admin:articles_photo_add")
    page.goto(add_url)
    page.get_by_label("Nama pengguna").fill(photographer.username)
    page.get_by_label("Sandi").fill("a-long-test-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}{add_url}")

    page.set_input_files(
        "input[name=image]",
        {"name": "kamera.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(1200, 800)},
    )
    preview = page.locator("img.photo-upload-preview")
    expect(preview).to_be_visible()
    assert preview.get_attribute("src").startswith("data:image/jpeg")
    page.get_by_label("Teks foto").fill("Bupati meninjau jembatan di Desa Bantan.")
    page.get_by_label("Teks alternatif").fill("Bupati berdiri di atas jembatan kayu.")
    page.get_by_label("Sumber foto").fill("Istimewa")
    save_screenshot("admin-photo-upload")
    page.get_by_role("button", name="Simpan", exact=True).click()

    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    photo = Photo.objects.get()
    assert (photo.width, photo.height, photo.credit) == (1200, 800, "Istimewa")
    thumbnail = page.locator("img.photo-thumbnail").first
    expect(thumbnail).to_be_visible()
    expect(thumbnail).not_to_have_js_property("naturalWidth", 0)
    save_screenshot("admin-photo-list")
