"""The photo upload service: how it cleans an upload (upright, no metadata, sRGB colours)
and which photos it accepts. What it rejects is in test_image_rejections.py, what it
renders and stores in test_renditions.py.

Every image here is made with Pillow in the test itself (tests/photos/made_images.py).
"""

import io
import struct
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.photos import images
from articles.photos.images import ImageRejected, process_upload
from tests.photos.made_images import (
    BLUE,
    GPS_MARKER,
    RED,
    SRGB_ICC,
    WHITE,
    XMP_MARKER,
    assert_close,
    assert_no_metadata,
    camera_exif,
    encode,
    noisy,
    opened,
    phone_jpeg,
    segments,
)

JAKARTA = ZoneInfo("Asia/Jakarta")


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
