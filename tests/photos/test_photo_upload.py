"""Photos uploaded in the admin are checked, turned upright and stripped of metadata;
whatever is not a photo we accept is a clear form error, and nothing is stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from tests.factories import PersonFactory
from tests.photos.made_images import png_declaring

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


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (20, 20)).save(buffer, format="GIF")
    return buffer.getvalue()


def upload(client, content: bytes, name="foto.jpg", content_type="image/jpeg", **fields):
    data = {
        "image": SimpleUploadedFile(name, content, content_type=content_type),
        "caption": "Bupati meninjau banjir di Desa Pematang.",
        "alt_text": "Bupati berdiri di tepi jalan yang tergenang air.",
        "photographer": PersonFactory(name="Anggri").pk,
        "source": "",
        "taken_at_0": "",
        "taken_at_1": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }
    return client.post(reverse("admin:articles_photo_add"), data)


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def test_gps_never_reaches_the_stored_photo_or_its_renditions(staff_client, media_root):
    response = upload(staff_client, phone_photo(with_gps=True))

    assert response.status_code == 302
    photo = Photo.objects.get()
    files = stored_files(media_root)
    # The original; 480 and 640 px (no upscaling of a 640 px photo) as WebP and JPEG; og.
    assert len(files) == 1 + 5
    for path in files:
        exif = Image.open(path).getexif()
        assert GPS_IFD not in exif and ORIENTATION not in exif, path
    assert (photo.width, photo.height) == (640, 480)
    assert photo.renditions_ready and len(photo.sha256) == 64


def test_a_sideways_phone_photo_is_stored_upright(staff_client):
    upload(staff_client, phone_photo(640, 480, orientation=6))

    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (480, 640)
    with photo.image.open("rb") as stored:
        assert Image.open(stored).size == (480, 640)


def test_the_uploader_and_the_date_taken_are_recorded(staff_client):
    image = Image.new("RGB", (64, 48))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2023:06:15 12:24:37"  # DateTimeOriginal, local time
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)

    upload(staff_client, buffer.getvalue())

    photo = Photo.objects.get()
    assert photo.uploaded_by.username == "redaktur"
    assert photo.taken_at.isoformat() == "2023-06-15T05:24:37+00:00"  # 12:24:37 WIB


# Each bad file: a clear message in the form, and nothing stored (no row, no file).
BAD_UPLOADS = {
    "text-renamed-jpg": (b"Ini bukan foto, hanya teks.", "foto.jpg", "bukan foto"),
    "truncated-jpeg": (phone_photo()[:1500], "foto.jpg", "rusak atau tidak lengkap"),
    "empty": (b"", "kosong.jpg", "kosong"),
    "svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "gambar.jpg",
        "SVG tidak diterima",
    ),
    "png-60000x60000": (png_declaring(60_000, 60_000), "peta.png", "melebihi batas 50 megapiksel"),
    "gif": (gif_bytes(), "animasi.gif", "GIF tidak diterima"),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_what_is_not_an_acceptable_photo_is_a_form_error_and_nothing_is_stored(
    staff_client, media_root, case
):
    content, name, message = BAD_UPLOADS[case]

    response = upload(staff_client, content, name)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert any(message in error for error in errors), errors
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_a_30_mb_file_is_refused_before_it_is_decoded(staff_client, media_root):
    thirty_mb = phone_photo() + bytes(30 * 1024 * 1024)

    response = upload(staff_client, thirty_mb)

    assert "Ukuran maksimal 20 MB" in response.context["adminform"].form.errors["image"][0]
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_a_photo_needs_alt_text_and_a_photographer_or_a_source(staff_client, media_root):
    response = upload(staff_client, phone_photo(), alt_text="  ", photographer="")

    errors = response.context["adminform"].form.errors
    assert "alt_text" in errors
    assert errors["photographer"] == [
        "Isi fotografer, atau sumber foto untuk foto dari luar redaksi."
    ]
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_a_handout_is_credited_to_its_source(staff_client):
    upload(staff_client, phone_photo(), photographer="", source="Istimewa")

    assert Photo.objects.get().credit == "Istimewa"


def test_a_focal_point_outside_the_photo_is_refused(staff_client):
    response = upload(staff_client, phone_photo(), focal_x="1.5")

    assert response.context["adminform"].form.errors["focal_x"]
    assert not Photo.objects.exists()
