"""The photo upload service's renditions: exact sizes and formats, never upscaled, the
1200 x 630 link-preview crop around the focal point, and storage named after the content
so that each file is written once.
"""

import pytest
from PIL import Image, JpegImagePlugin

from articles.photos import images
from articles.photos.images import process_upload
from tests.photos.made_images import (
    BLUE,
    RED,
    WHITE,
    assert_close,
    assert_no_metadata,
    camera_exif,
    encode,
    noisy,
    opened,
    stored_files,
)

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
