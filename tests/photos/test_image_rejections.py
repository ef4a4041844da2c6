"""The photo upload service refuses what is not a photo we accept, with a clear message,
and stores nothing: wrong formats, damaged or empty files, files too large or with too
many pixels (decompression bombs included).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.photos import images
from articles.photos.images import ImageRejected, process_upload
from tests.photos.made_images import (
    encode,
    noisy,
    png_declaring,
    stored_files,
)

# -- bad input --------------------------------------------------------------------


def truncated_jpeg() -> bytes:
    content = encode(noisy(400, 300), quality=90)
    return content[: len(content) * 6 // 10]


def svg() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect width="10" height="10" fill="red"/></svg>'
    )


def animated_gif() -> bytes:
    frames = [Image.new("P", (20, 20), colour) for colour in (1, 2)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:])


BAD_UPLOADS = {
    "text renamed .jpg": (
        lambda: SimpleUploadedFile(
            "foto.jpg", b"Ini siaran pers, bukan foto.\n" * 20, content_type="image/jpeg"
        ),
        "not_an_image",
        "Berkas ini bukan foto yang dikenali. Unggah foto dalam format JPEG, PNG, WebP atau HEIC.",
    ),
    "truncated JPEG": (
        lambda: SimpleUploadedFile("foto.jpg", truncated_jpeg(), content_type="image/jpeg"),
        "damaged",
        "Foto tidak dapat dibaca: berkasnya rusak atau tidak lengkap. Coba unggah ulang.",
    ),
    "0-byte file": (
        lambda: SimpleUploadedFile("foto.jpg", b"", content_type="image/jpeg"),
        "empty",
        "Berkas yang diunggah kosong (0 bita).",
    ),
    "SVG": (
        lambda: SimpleUploadedFile("logo.svg", svg(), content_type="image/svg+xml"),
        "svg",
        "Berkas SVG tidak diterima karena bukan foto. "
        "Unggah foto dalam format JPEG, PNG, WebP atau HEIC.",
    ),
    "PNG declaring 60000 x 60000": (
        lambda: SimpleUploadedFile("peta.png", png_declaring(60_000, 60_000)),
        "too_many_pixels",
        "Resolusi foto melebihi batas 50 megapiksel. Perkecil foto lalu unggah ulang.",
    ),
    "30 MB file": (
        lambda: SimpleUploadedFile("besar.jpg", encode(noisy(64, 48)) + bytes(30 * 1024 * 1024)),
        "too_large",
        "Berkas terlalu besar. Ukuran maksimal 20 MB.",
    ),
    "GIF": (
        lambda: SimpleUploadedFile("animasi.gif", animated_gif(), content_type="image/gif"),
        "gif",
        "Berkas GIF tidak diterima. Unggah foto dalam format JPEG, PNG, WebP atau HEIC.",
    ),
}


def upload_photo(upload, *, storage) -> None:
    """What the admin will do with an upload: clean it, then store its renditions."""
    processed = process_upload(upload)
    storage.save(f"photos/original.{processed.extension}", io.BytesIO(processed.content))
    images.store_renditions(processed.content, storage=storage)


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_bad_upload_is_rejected_with_a_clear_message_and_nothing_stored(case, storage):
    make_upload, code, message = BAD_UPLOADS[case]

    with pytest.raises(ImageRejected) as rejected:
        upload_photo(make_upload(), storage=storage)

    assert rejected.value.code == code
    assert rejected.value.messages == [message]
    assert stored_files(storage) == []


@pytest.mark.parametrize("case", ["text renamed .jpg", "truncated JPEG", "SVG", "GIF"])
def test_bad_bytes_given_to_the_renditions_are_rejected_and_nothing_stored(case, storage):
    make_upload, code, _message = BAD_UPLOADS[case]

    with pytest.raises(ImageRejected) as rejected:
        images.store_renditions(make_upload().read(), storage=storage)

    assert rejected.value.code == code
    assert stored_files(storage) == []


def test_too_large_upload_is_rejected_from_its_declared_size_without_reading_it():
    class HugeUpload(io.BytesIO):
        size = 30 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("a 30 MB upload must not be read")

    with pytest.raises(ImageRejected) as rejected:
        process_upload(HugeUpload())

    assert rejected.value.code == "too_large"


def test_upload_larger_than_its_declared_size_is_rejected():
    upload = io.BytesIO(bytes(2048))
    upload.size = 10  # a lying size attribute

    with pytest.raises(ImageRejected) as rejected:
        process_upload(upload, max_bytes=1024)

    assert rejected.value.messages == ["Berkas terlalu besar. Ukuran maksimal 1 KB."]


def test_limits_come_from_settings(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024 * 1024
    settings.PHOTO_MAX_PIXELS = 1_500_000
    content = encode(Image.new("RGB", (1300, 1200)), "PNG")  # 1.56 MP, a few kB

    with pytest.raises(ImageRejected) as rejected:
        process_upload(content)

    assert rejected.value.messages == [
        "Resolusi foto melebihi batas 1,5 megapiksel. Perkecil foto lalu unggah ulang."
    ]
    with pytest.raises(ImageRejected, match="Ukuran maksimal 1 MB"):
        process_upload(content + bytes(1024 * 1024))


def test_pixel_limit_is_checked_on_the_header_before_decoding(monkeypatch):
    def no_decoding(image):
        raise AssertionError("decoded a picture that was too big")

    monkeypatch.setattr(images.upload, "_load", no_decoding)

    with pytest.raises(ImageRejected) as rejected:
        process_upload(encode(Image.new("RGB", (200, 100)), "PNG"), max_pixels=10_000)

    assert rejected.value.code == "too_many_pixels"


def test_the_bomb_png_is_tiny_and_valid(monkeypatch):
    bomb = png_declaring(60_000, 60_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # Pillow's guard off, to look

    assert len(bomb) < 100
    assert Image.open(io.BytesIO(bomb)).size == (60_000, 60_000)


def test_pillow_decompression_bomb_error_becomes_a_rejection():
    with pytest.raises(ImageRejected) as rejected:
        process_upload(png_declaring(60_000, 60_000), max_pixels=10**12)

    assert rejected.value.code == "too_many_pixels"


def test_pillow_decompression_bomb_warning_becomes_a_rejection(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # warns above 1000, fails above 2000

    with pytest.raises(ImageRejected) as rejected:
        process_upload(encode(Image.new("RGB", (40, 40)), "PNG"), max_pixels=10**6)

    assert rejected.value.code == "too_many_pixels"


def test_rejection_is_a_validation_error_for_forms():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        process_upload(b"")
