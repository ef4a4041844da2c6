"""The photo upload service: what it accepts, how it cleans, what it renders and stores.

Every image here is made with Pillow in the test itself.
"""

import io
import struct
import zlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, JpegImagePlugin

from articles.photos import images
from articles.photos.images import ImageRejected, process_upload

JAKARTA = ZoneInfo("Asia/Jakarta")
RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)
GPS_MARKER = "WGS-84 BENGKALIS PENANDA GPS"
XMP_MARKER = b"PENANDA-XMP-KAMERA"
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# -- making images --------------------------------------------------------------


def encode(image: Image.Image, image_format: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def noisy(width: int, height: int) -> Image.Image:
    """A photo-like image (noise compresses as badly as a real photo)."""
    channels = [Image.effect_noise((width, height), sigma) for sigma in (40, 60, 80)]
    return Image.merge("RGB", channels)


def camera_exif(
    *, orientation: int = 1, taken: str | None = "2024:08:17 09:30:00", offset: str | None = None
) -> Image.Exif:
    """EXIF as a phone writes it: orientation, date taken and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Ponsel"
    if taken is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if offset is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.OffsetTimeOriginal] = offset
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (1.0, 28.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (102.0, 6.0, 0.0)
    gps[ExifTags.GPS.GPSMapDatum] = GPS_MARKER
    return exif


def phone_jpeg(width: int = 300, height: int = 200, **exif) -> bytes:
    """A JPEG with EXIF (GPS included), XMP and an ICC profile."""
    image = noisy(width, height)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + XMP_MARKER + b"</x:xmpmeta>"
    return encode(image, exif=camera_exif(**exif).tobytes(), icc_profile=SRGB_ICC, xmp=xmp)


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def assert_close(actual, expected, tolerance: int = 12) -> None:
    assert all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True)), (
        f"{actual} is not close to {expected}"
    )


def segments(content: bytes) -> set[str]:
    """The metadata-carrying parts of a file: JPEG APPn segments (with their
    identifier), PNG chunks or WebP (RIFF) chunks."""
    found, position = set(), 0
    if content.startswith(b"\xff\xd8"):
        position = 2
        while content[position + 1] != 0xDA:  # up to the image data (start of scan)
            marker = content[position + 1]
            (length,) = struct.unpack(">H", content[position + 2 : position + 4])
            if 0xE0 <= marker <= 0xEF:
                identifier = content[position + 4 : position + 2 + length].split(b"\0")[0]
                found.add(f"APP{marker - 0xE0}:{identifier.decode('latin-1')}")
            elif marker == 0xFE:
                found.add("COM")
            position += 2 + length
    elif content.startswith(b"\x89PNG"):
        position = 8
        while position < len(content):
            length, kind = struct.unpack(">I4s", content[position : position + 8])
            found.add(kind.decode("latin-1"))
            position += 12 + length
    elif content[8:12] == b"WEBP":
        position = 12
        while position < len(content):
            kind, length = struct.unpack("<4sI", content[position : position + 8])
            found.add(kind.decode("latin-1"))
            position += 8 + length + length % 2
    return found


# JFIF for JPEG; image data and transparency for PNG and WebP; nothing else.
ALLOWED_SEGMENTS = {
    "APP0:JFIF",
    "IHDR",
    "PLTE",
    "tRNS",
    "IDAT",
    "IEND",
    "VP8 ",
    "VP8L",
    "VP8X",
    "ALPH",
}


def assert_no_metadata(content: bytes) -> None:
    image = opened(content)
    assert len(image.getexif()) == 0
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info)
    assert segments(content) <= ALLOWED_SEGMENTS
    assert GPS_MARKER.encode() not in content
    assert XMP_MARKER not in content


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "store", base_url="/media/")


def stored_files(storage) -> list[str]:
    root = storage.base_location
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


# -- cleaning -------------------------------------------------------------------


def test_exif_rotated_jpeg_comes_out_upright():
    # Stored landscape with a red top-left corner; orientation 6 means "turn it a
    # quarter clockwise to show it", which puts that corner at the top right.
    stored = Image.new("RGB", (60, 40), WHITE)
    stored.paste(RED, (0, 0, 12, 12))
    upload = encode(stored, exif=camera_exif(orientation=6).tobytes(), quality=95)

    processed = process_upload(upload)

    assert (processed.width, processed.height) == (40, 60)
    upright = opened(processed.content)
    assert upright.size == (40, 60)
    assert_close(upright.getpixel((34, 5)), RED)
    assert_close(upright.getpixel((5, 5)), WHITE)
    assert_close(upright.getpixel((34, 54)), WHITE)
    assert upright.getexif().get(ExifTags.Base.Orientation) is None


def test_rotated_photo_renditions_are_upright_too():
    processed = process_upload(phone_jpeg(400, 200, orientation=6))

    widths = {r.name: (r.width, r.height) for r in images.make_renditions(processed.content)}

    assert widths["w200"] == (200, 400)


def test_gps_and_all_other_metadata_are_gone_from_original_and_every_rendition(storage):
    upload = phone_jpeg(1000, 700)
    assert GPS_MARKER.encode() in upload and XMP_MARKER in upload  # the test's premise
    assert {"APP1:Exif", "APP1:http://ns.adobe.com/xap/1.0/", "APP2:ICC_PROFILE"} <= segments(
        upload
    )
    assert ExifTags.IFD.GPSInfo in Image.open(io.BytesIO(upload)).getexif()

    processed = process_upload(upload)
    renditions = images.make_renditions(processed.content)
    stored = images.store_renditions(processed.content, storage=storage)

    assert_no_metadata(processed.content)
    for rendition in renditions:
        assert_no_metadata(rendition.content)
    for rendition in stored:
        with storage.open(rendition.path) as file:
            assert_no_metadata(file.read())


def test_date_taken_comes_from_exif_in_jakarta_time():
    processed = process_upload(phone_jpeg(taken="2024:08:17 09:30:00"))

    assert processed.taken_at == datetime(2024, 8, 17, 9, 30, tzinfo=JAKARTA)
    assert processed.taken_at.utcoffset().total_seconds() == 7 * 3600


def test_date_taken_with_an_offset_is_converted_to_jakarta_time():
    processed = process_upload(phone_jpeg(taken="2024:08:17 09:30:00", offset="+08:00"))

    assert processed.taken_at == datetime(2024, 8, 17, 8, 30, tzinfo=JAKARTA)


@pytest.mark.parametrize("taken", [None, "    :  :     :  :  ", "0000:00:00 00:00:00"])
def test_missing_or_blank_date_taken_is_none(taken):
    assert process_upload(phone_jpeg(taken=taken)).taken_at is None


def test_photo_without_any_exif_is_accepted():
    processed = process_upload(encode(noisy(64, 48)))

    assert (processed.format, processed.width, processed.height) == ("JPEG", 64, 48)
    assert processed.taken_at is None


def test_cmyk_jpeg_comes_out_rgb_with_its_colours():
    cmyk = Image.new("CMYK", (80, 40), (0, 255, 255, 0))  # red in print terms
    cmyk.paste((255, 255, 0, 0), (40, 0, 80, 40))  # cyan + magenta: blue
    upload = encode(cmyk, quality=95)
    assert Image.open(io.BytesIO(upload)).mode == "CMYK"  # the test's premise

    processed = process_upload(upload)

    assert processed.format == "JPEG"
    image = opened(processed.content)
    assert image.mode == "RGB"
    assert_close(image.getpixel((10, 20)), RED)
    assert_close(image.getpixel((70, 20)), BLUE)


def test_palette_png_comes_out_rgb_with_its_colours():
    palette = Image.new("P", (80, 40), 0)
    palette.putpalette([*RED, *BLUE])
    palette.paste(1, (40, 0, 80, 40))

    processed = process_upload(encode(palette, "PNG"))

    assert processed.format == "PNG"  # a PNG stays lossless
    image = opened(processed.content)
    assert image.mode == "RGB"
    assert image.getpixel((10, 20)) == RED
    assert image.getpixel((70, 20)) == BLUE


def test_transparent_palette_png_keeps_its_transparency_and_jpeg_renditions_are_on_white():
    palette = Image.new("P", (80, 40), 0)
    palette.putpalette([*RED, *BLUE])
    palette.paste(1, (40, 0, 80, 40))
    upload = encode(palette, "PNG", transparency=1)  # the blue half is see-through

    processed = process_upload(upload)
    renditions = {(r.name, r.format): r for r in images.make_renditions(processed.content)}

    original = opened(processed.content)
    assert original.mode == "RGBA"
    assert original.getpixel((10, 20)) == (*RED, 255)
    assert original.getpixel((70, 20))[3] == 0
    webp = opened(renditions["w80", "WEBP"].content)
    assert webp.mode == "RGBA" and webp.getpixel((70, 20))[3] == 0
    jpeg = opened(renditions["w80", "JPEG"].content)
    assert jpeg.mode == "RGB"
    assert_close(jpeg.getpixel((70, 20)), WHITE)
    assert_close(jpeg.getpixel((10, 20)), RED, tolerance=30)


def test_transparent_webp_is_stored_as_png_and_opaque_webp_as_jpeg():
    transparent = Image.new("RGBA", (40, 40), (*RED, 255))
    transparent.paste((0, 0, 0, 0), (20, 0, 40, 40))

    upload = encode(transparent, "WEBP", lossless=True, exif=camera_exif().tobytes())
    assert "EXIF" in segments(upload)  # the test's premise

    processed = process_upload(upload)

    assert processed.format == "PNG"
    assert opened(processed.content).getpixel((30, 5))[3] == 0
    assert_no_metadata(processed.content)
    assert process_upload(encode(noisy(40, 40), "WEBP")).format == "JPEG"


def test_grey_images_come_out_rgb_including_16_bit_ones():
    eight_bit = Image.new("L", (20, 20), 128)
    sixteen_bit = Image.new("I;16", (20, 20), 32768)  # half of 16 bits: the same mid grey

    for grey in (eight_bit, sixteen_bit):
        processed = process_upload(encode(grey, "PNG"))
        assert opened(processed.content).getpixel((5, 5)) == (128, 128, 128)


def test_an_opaque_alpha_channel_is_dropped():
    processed = process_upload(encode(Image.new("RGBA", (20, 20), (*BLUE, 255)), "PNG"))

    assert opened(processed.content).mode == "RGB"


def rgb_icc_profile(description: str, red_xyz, green_xyz, blue_xyz) -> bytes:
    """A minimal ICC v2 matrix/TRC RGB profile (gamma 2.2) with the given primaries."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(values) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(s15(v) for v in values)

    text = description.encode("ascii") + b"\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    gamma = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", xyz(red_xyz)),
        (b"gXYZ", xyz(green_xyz)),
        (b"bXYZ", xyz(blue_xyz)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", 128 + len(table) + len(data))
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(24)
        + struct.pack(">I", 0)
        + xyz((0.9642, 1.0, 0.8249))[8:]
    )
    header += bytes(128 - len(header))
    return header + table + data


# sRGB's primaries adapted to D50, as in every sRGB profile.
SRGB_RED, SRGB_GREEN, SRGB_BLUE = (
    (0.4361, 0.2225, 0.0139),
    (0.3851, 0.7169, 0.0971),
    (0.1431, 0.0606, 0.7141),
)


def test_a_wide_gamut_profile_is_converted_to_srgb_and_dropped():
    # A camera space whose "red" channel is sRGB's green: the conversion must show.
    swapped = rgb_icc_profile("Kamera tertukar", SRGB_GREEN, SRGB_RED, SRGB_BLUE)
    upload = encode(Image.new("RGB", (40, 40), RED), "PNG", icc_profile=swapped)

    processed = process_upload(upload)

    assert "iCCP" in segments(upload)  # the test's premise
    assert_no_metadata(processed.content)
    assert_close(opened(processed.content).getpixel((5, 5)), (0, 255, 0), tolerance=3)


def test_an_srgb_profile_is_dropped_without_changing_colours():
    upload = encode(Image.new("RGB", (40, 40), (200, 120, 40)), "PNG", icc_profile=SRGB_ICC)

    image = opened(process_upload(upload).content)

    assert "icc_profile" not in image.info
    assert image.getpixel((5, 5)) == (200, 120, 40)


def test_a_broken_profile_is_ignored():
    upload = encode(Image.new("RGB", (40, 40), BLUE), "PNG", icc_profile=b"kein Profil" * 20)

    image = opened(process_upload(upload).content)

    assert "icc_profile" not in image.info
    assert image.getpixel((5, 5)) == BLUE


# -- what is accepted -------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "options", "expected_format"),
    [
        ("JPEG", {}, "JPEG"),
        ("PNG", {}, "PNG"),
        ("WEBP", {"quality": 90}, "JPEG"),
        ("MPO", {"save_all": True}, "JPEG"),  # what some cameras write for a JPEG
    ],
)
def test_real_photos_are_accepted_whatever_their_name_says(image_format, options, expected_format):
    content = encode(noisy(64, 48), image_format, **options)
    upload = SimpleUploadedFile("foto.gif", content, content_type="image/gif")

    processed = process_upload(upload)

    assert processed.format == expected_format
    assert opened(processed.content).format == expected_format
    assert (processed.width, processed.height) == (64, 48)


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "ICO"])
def test_other_image_formats_are_not_accepted(image_format):
    with pytest.raises(ImageRejected) as rejected:
        process_upload(encode(Image.new("RGB", (32, 32), RED), image_format))

    assert rejected.value.code == "not_an_image"


def test_bytes_and_file_objects_are_read_from_their_start():
    content = encode(noisy(32, 32))
    half_read = io.BytesIO(content)
    half_read.read(10)

    for upload in (content, half_read, SimpleUploadedFile("a.jpg", content)):
        assert process_upload(upload).width == 32


def test_heic_round_trip_comes_out_as_an_upright_jpeg_without_gps():
    stored = Image.new("RGB", (60, 40), WHITE)
    stored.paste(RED, (0, 0, 12, 12))
    try:
        upload = encode(stored, "HEIF", exif=camera_exif(orientation=6).tobytes(), quality=95)
    except (OSError, ValueError, KeyError) as error:
        pytest.skip(f"pillow-heif cannot encode HEIC here: {error}")
    assert Image.open(io.BytesIO(upload)).format == "HEIF"  # the test's premise

    processed = process_upload(SimpleUploadedFile("IMG_0001.HEIC", upload))

    assert (processed.source_format, processed.format) == ("HEIF", "JPEG")
    assert (processed.width, processed.height) == (40, 60)
    assert processed.taken_at == datetime(2024, 8, 17, 9, 30, tzinfo=JAKARTA)
    upright = opened(processed.content)
    assert_close(upright.getpixel((34, 5)), RED, tolerance=30)
    assert_close(upright.getpixel((5, 5)), WHITE, tolerance=30)
    assert_no_metadata(processed.content)


# -- bad input --------------------------------------------------------------------


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


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


# -- renditions -------------------------------------------------------------------


def test_renditions_have_exact_sizes_and_formats():
    processed = process_upload(encode(noisy(2000, 1000)))

    renditions = images.make_renditions(processed.content)

    assert [(r.name, r.format, r.width, r.height) for r in renditions] == [
        ("w480", "WEBP", 480, 240),
        ("w480", "JPEG", 480, 240),
        ("w960", "WEBP", 960, 480),
        ("w960", "JPEG", 960, 480),
        ("w1600", "WEBP", 1600, 800),
        ("w1600", "JPEG", 1600, 800),
        ("og", "JPEG", 1200, 630),
    ]
    for rendition in renditions:
        image = opened(rendition.content)
        assert (image.format, image.size) == (rendition.format, (rendition.width, rendition.height))
        assert image.mode == "RGB"
    assert opened(renditions[1].content).info.get("progressive") == 1


def test_renditions_of_a_large_rotated_jpeg_are_exact_and_upright(monkeypatch):
    # Given the raw upload, not the cleaned original, so the orientation is applied on
    # the way; large enough for JPEG's reduced-scale decoding, which is watched here.
    stored = Image.new("RGB", (2000, 4000), WHITE)
    stored.paste(RED, (0, 0, 400, 400))  # top left: top right once upright
    stored.paste(BLUE, (0, 3600, 400, 4000))  # bottom left: top left once upright
    upload = encode(stored, exif=camera_exif(orientation=6).tobytes())
    drafts = []
    draft = JpegImagePlugin.JpegImageFile.draft
    monkeypatch.setattr(
        JpegImagePlugin.JpegImageFile,
        "draft",
        lambda image, mode, size: drafts.append(draft(image, mode, size)),
    )

    renditions = {(r.name, r.format): r for r in images.make_renditions(upload)}

    assert drafts[0][1][2:] == (1000, 2000)  # decoded at half size
    assert sorted({(r.name, r.width, r.height) for r in renditions.values()}) == [
        ("og", 1200, 630),
        ("w1600", 1600, 800),
        ("w480", 480, 240),
        ("w960", 960, 480),
    ]
    small = opened(renditions["w480", "JPEG"].content)
    assert_close(small.getpixel((470, 10)), RED, tolerance=30)
    assert_close(small.getpixel((10, 10)), BLUE, tolerance=30)
    assert_close(small.getpixel((240, 120)), WHITE)
    assert_no_metadata(renditions["w960", "WEBP"].content)


def test_renditions_never_upscale_but_og_image_is_always_1200_by_630():
    processed = process_upload(encode(noisy(700, 500)))

    renditions = images.make_renditions(processed.content)

    assert [(r.name, r.width, r.height) for r in renditions if r.format == "WEBP"] == [
        ("w480", 480, 343),
        ("w700", 700, 500),
    ]
    assert opened(renditions[-1].content).size == (1200, 630)


def test_plan_matches_what_is_rendered():
    processed = process_upload(encode(noisy(1700, 900)))

    planned = images.plan_renditions(width=processed.width, height=processed.height)
    rendered = images.make_renditions(processed.content)

    assert [(s.name, s.format, s.width, s.height) for s in planned] == [
        (r.name, r.format, r.width, r.height) for r in rendered
    ]


def photo_with_marker(size: tuple[int, int], marker_centre: tuple[int, int]) -> bytes:
    image = Image.new("RGB", size, (90, 120, 90))
    x, y = marker_centre
    image.paste(RED, (x - 20, y - 20, x + 20, y + 20))
    return process_upload(encode(image, quality=95)).content


def has_marker(content: bytes) -> bool:
    small = opened(content).convert("RGB").resize((120, 63))
    pixels = small.load()
    return any(
        red > 200 and green < 60 and blue < 60
        for red, green, blue in (pixels[x, y] for x in range(120) for y in range(63))
    )


def og_image(content: bytes, **options) -> bytes:
    return next(r for r in images.make_renditions(content, **options) if r.name == "og").content


def test_og_image_is_cropped_around_the_centre_by_default():
    wide = photo_with_marker((2400, 800), marker_centre=(2200, 400))

    og = og_image(wide)

    assert opened(og).size == (1200, 630)
    assert not has_marker(og)


def test_og_image_is_cropped_around_the_focal_point():
    wide = photo_with_marker((2400, 800), marker_centre=(2200, 400))
    tall = photo_with_marker((800, 2400), marker_centre=(400, 2250))

    assert has_marker(og_image(wide, focal_point=(2200 / 2400, 0.5)))
    assert has_marker(og_image(tall, focal_point=(0.5, 2250 / 2400)))
    assert not has_marker(og_image(tall))


def test_crop_box_centres_on_the_focal_point_within_the_edges():
    box = images.crop_box(width=4000, height=1050, focal_point=(0.5, 0.5))
    assert box == (1000.0, 0.0, 3000.0, 1050.0)
    assert images.crop_box(width=4000, height=1050, focal_point=(0.0, 0.5))[0] == 0.0
    assert images.crop_box(width=4000, height=1050, focal_point=(1.0, 0.5))[2] == 4000.0
    left, upper, right, lower = images.crop_box(width=1200, height=1200, focal_point=(0.5, 0.4))
    assert (left, right, lower - upper) == (0.0, 1200.0, 630.0)
    assert upper == pytest.approx(0.4 * 1200 - 315)
    assert images.crop_box(width=1200, height=1200, focal_point=(0.5, 0.1))[1] == 0.0


@pytest.mark.parametrize("focal_point", [(-0.1, 0.5), (0.5, 1.2)])
def test_focal_point_outside_the_image_is_a_programming_error(focal_point):
    with pytest.raises(ValueError, match="focal point"):
        images.plan_renditions(width=100, height=100, focal_point=focal_point)


# -- storage ----------------------------------------------------------------------


def test_rendition_paths_are_named_after_the_content_and_spec():
    processed = process_upload(encode(noisy(500, 300)))
    specs = images.plan_renditions(width=500, height=300, focal_point=(0.25, 0.75))

    paths = [images.rendition_path(source_sha256=processed.sha256, spec=spec) for spec in specs]

    folder = f"photos/renditions/v1/{processed.sha256[:2]}/{processed.sha256[:32]}"
    assert paths == [
        f"{folder}/w480.webp",
        f"{folder}/w480.jpg",
        f"{folder}/w500.webp",
        f"{folder}/w500.jpg",
        f"{folder}/og-250-750.jpg",
    ]
    with pytest.raises(ValueError):
        images.rendition_path(source_sha256="../../etc", spec=specs[0])


def test_store_renditions_saves_each_file_once(storage):
    processed = process_upload(encode(noisy(1000, 600)))

    first = images.store_renditions(processed.content, storage=storage, prefix="foto")
    files = stored_files(storage)
    written = {name: storage.get_modified_time(name) for name in files}
    second = images.store_renditions(processed.content, storage=storage, prefix="foto")

    assert all(r.created for r in first)
    assert not any(r.created for r in second)
    assert [r.path for r in first] == [r.path for r in second]
    assert sorted(r.path for r in first) == files
    assert len(files) == 7  # w480, w960 and w1000, each twice, and og
    assert stored_files(storage) == files
    assert {name: storage.get_modified_time(name) for name in files} == written
    assert first[0].url == f"/media/{first[0].path}"
    assert (first[-1].name, first[-1].width, first[-1].height) == ("og", 1200, 630)


def test_store_renditions_only_renders_what_is_missing(storage, monkeypatch):
    processed = process_upload(encode(noisy(600, 400)))
    images.store_renditions(processed.content, storage=storage)

    moved = images.store_renditions(processed.content, storage=storage, focal_point=(0.1, 0.1))

    assert [(r.name, r.created) for r in moved if r.created] == [("og", True)]
    assert len(stored_files(storage)) == 6

    def no_rendering(*args):
        raise AssertionError("rendered although every file exists")

    monkeypatch.setattr(images.renditions, "_render", no_rendering)
    again = images.store_renditions(processed.content, storage=storage, focal_point=(0.1, 0.1))
    assert not any(r.created for r in again)
