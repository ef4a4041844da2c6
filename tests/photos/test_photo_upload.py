"""Photos uploaded in the admin are checked, turned upright and stripped of metadata;
whatever is not a photo we accept is a clear form error, and nothing is stored."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from articles.photos.images import upload as upload_module
from tests.factories import PersonFactory
from tests.photos.made_images import blank_png, encode, jpeg_declaring, noisy, png_declaring

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


# -- far more pixels than the file could hold in a photo: refused before decoding ---------

DENSE_UPLOADS = {
    # a complete, valid PNG: 49 MP of black in 143 kB, 343 pixels per byte
    "png-49-mp-blank": (lambda: blank_png(7000, 7000), "peta.png"),
    "png-24-mp-blank": (lambda: blank_png(6000, 4000), "grafis.png"),
    # a header claiming 49.99 MP, padded to 6 kB with a text chunk
    "png-6-kb-declaring-50-mp": (lambda: padded(png_declaring(7071, 7071), 6 * 1024), "bom.png"),
    "png-3-mp-in-100-bytes": (lambda: png_declaring(2000, 1500), "kecil.png"),
    "webp-16-mp-lossless-blank": (
        lambda: encode(Image.new("RGB", (4000, 4000), "white"), "WEBP", lossless=True),
        "foto.webp",
    ),
    "heic-12-mp-blank": (lambda: blank_heic(4000, 3000), "foto.heic"),
    "jpeg-header-claiming-49-mp": (lambda: jpeg_declaring(7000, 7000), "foto.jpg"),
}


def blank_heic(width: int, height: int) -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    return encode(Image.new("RGB", (width, height), "white"), "HEIF")


def padded(png: bytes, size: int) -> bytes:
    """``png`` with a tEXt chunk after its header, ``size`` bytes in all."""
    filler = b"Comment\0" + b"x" * (size - len(png) - 20)
    text = struct.pack(">I", len(filler)) + b"tEXt" + filler
    text += struct.pack(">I", zlib.crc32(b"tEXt" + filler) & 0xFFFFFFFF)
    return png[:33] + text + png[33:]  # signature (8) and IHDR (25) first


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding pixels fails the test: what is refused must be refused from its header."""

    def decode(image):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(upload_module, "_load", decode)


@pytest.mark.parametrize("case", DENSE_UPLOADS)
@pytest.mark.usefixtures("no_decoding")
def test_a_tiny_file_declaring_a_huge_picture_is_refused_before_decoding(
    staff_client, media_root, case
):
    make, name = DENSE_UPLOADS[case]

    response = upload(staff_client, make(), name)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["image"]
    assert error.startswith("Resolusi foto tidak wajar untuk ukuran berkasnya: "), error
    assert "Perkecil resolusinya atau simpan ulang sebagai JPEG" in error
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_the_refusal_says_how_many_pixels_in_how_small_a_file(staff_client):
    response = upload(staff_client, padded(png_declaring(7071, 7071), 6 * 1024), "bom.png")

    [error] = response.context["adminform"].form.errors["image"]
    assert "50 megapiksel dalam 6 KB" in error


JPEG_24_MP = {
    # photo-like detail: 3 to 4 pixels per byte, as a camera's
    "camera-like": lambda: encode(noisy(1500, 1000).resize((6000, 4000)), quality=90),
    # blank: the densest a baseline JPEG gets (64 pixels per byte), then progressive (170)
    "blank": lambda: encode(Image.new("RGB", (6000, 4000), "white"), quality=90),
    "blank-progressive": lambda: encode(
        Image.new("RGB", (6000, 4000), "white"), quality=90, progressive=True
    ),
}


@pytest.mark.parametrize("case", JPEG_24_MP)
def test_a_24_mp_jpeg_is_still_accepted(staff_client, case):
    response = upload(staff_client, JPEG_24_MP[case]())

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (6000, 4000)


def test_a_small_flat_graphic_in_a_few_bytes_is_still_accepted(staff_client):
    banner = encode(Image.new("RGB", (1920, 1080), "#d62828"), "PNG")  # 2 MP in 6 kB

    response = upload(staff_client, banner, "spanduk.png", "image/png")

    assert response.status_code == 302
    assert Photo.objects.get().width == 1920
