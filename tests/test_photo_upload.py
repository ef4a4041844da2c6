"""Photos uploaded in the article form are checked, turned upright and stripped of metadata."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(width=640, height=480, orientation=1, with_gps=True) -> bytes:
    image = Image.new("RGB", (width, height), "#2a6f97")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    if with_gps:
        exif[GPS_IFD] = {1: "N", 2: (1.0, 28.0, 12.0), 3: "E", 4: (102.0, 6.0, 30.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def upload(staff_client, article, content: bytes, name="foto.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "title": article.title,
        "slug": article.slug,
        "kicker": "",
        "summary": article.summary,
        "section": "",
        "dateline": article.dateline,
        "source": article.source,
        "body": article.body,
        "photo": SimpleUploadedFile(name, content, content_type="image/jpeg"),
        "photo_caption": "Suasana rapat.",
        "reporter": article.reporter_id,
        "editor": article.editor_id or "",
        "photographer": article.photographer_id or "",
        "published_at_0": "",
        "published_at_1": "",
        "tags": "",
    }
    return staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


@pytest.fixture
def draft():
    return ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, photographer=PersonFactory()
    )


def test_gps_never_reaches_the_stored_photo(staff_client, draft):
    response = upload(staff_client, draft, phone_photo(with_gps=True))
    assert response.status_code == 302
    draft.refresh_from_db()
    with draft.photo.open("rb") as stored:
        image = Image.open(stored)
        exif = image.getexif()
    assert GPS_IFD not in exif and ORIENTATION not in exif
    assert (draft.photo_width, draft.photo_height) == (640, 480)


def test_a_sideways_phone_photo_is_stored_upright(staff_client, draft):
    upload(staff_client, draft, phone_photo(640, 480, orientation=6))
    draft.refresh_from_db()
    assert (draft.photo_width, draft.photo_height) == (480, 640)


@pytest.mark.parametrize(
    "content, name",
    [
        (b"Ini bukan foto, hanya teks.", "foto.jpg"),
        (b"", "kosong.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "gambar.jpg"),
    ],
    ids=["text-renamed-jpg", "empty", "svg"],
)
def test_what_is_not_a_photo_is_a_form_error_and_nothing_is_stored(
    staff_client, draft, content, name
):
    response = upload(staff_client, draft, content, name)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    draft.refresh_from_db()
    assert not draft.photo


def test_a_photo_over_the_pixel_limit_is_refused_clearly(staff_client, draft, settings):
    settings.PHOTO_MAX_PIXELS = 100_000
    response = upload(staff_client, draft, phone_photo(640, 480))
    assertContains(response, "errorlist")
    draft.refresh_from_db()
    assert not draft.photo
