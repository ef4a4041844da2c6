"""Benchmark: what one phone upload costs, from a 24 MP JPEG to every rendition.

Makes a 6000x4000 JPEG the way a phone writes one (gradients, edges and sensor-like
noise, so it compresses like a photo; EXIF with orientation, date and GPS; an sRGB
ICC profile), then, in a fresh Python process so that the memory figure is that
step's alone, times ``process_upload`` (validate, turn upright, convert to sRGB,
strip metadata, re-encode) followed by ``make_renditions`` (480, 960 and 1600 wide as
WebP and JPEG, and the 1200x630 og:image), and reports the peak memory of that step:

- peak RSS, from ``resource.getrusage`` (``ru_maxrss``), over the baseline of the
  process once Python, Django and Pillow are loaded and the upload is in memory;
- peak of the Python heap, from ``tracemalloc``, which sees the byte strings (upload,
  encoded files) but not Pillow's pixel buffers, which are allocated in C.

    .venv/bin/python bench/photo_bench.py [--runs 3] [--orientation 6] [--input photo.jpg]

Needs nothing but the project's virtualenv: no database, no server.
"""

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SIZE = (6000, 4000)


def make_phone_jpeg(path: Path, *, orientation: int) -> None:
    from PIL import ExifTags, Image, ImageChops, ImageCms, ImageDraw, ImageFilter

    width, height = SIZE
    horizontal = Image.linear_gradient("L").rotate(90).resize(SIZE)
    vertical = Image.linear_gradient("L").resize(SIZE)
    radial = Image.radial_gradient("L").resize(SIZE)
    image = Image.merge("RGB", (horizontal, vertical, radial))
    draw = ImageDraw.Draw(image)
    for step in range(40):  # edges and flat areas, as buildings, people and sky have
        x, y = (step * 733) % width, (step * 457) % height
        colour = ((step * 53) % 256, (step * 97) % 256, (step * 151) % 256)
        draw.rectangle((x, y, x + 400 + step * 7, y + 250 + step * 5), fill=colour)
        draw.ellipse((y, x % height, y + 300, x % height + 300), outline=colour, width=9)
    texture = Image.effect_noise(SIZE, 90).filter(ImageFilter.GaussianBlur(1.2))
    image = ImageChops.overlay(image, Image.merge("RGB", (texture,) * 3))
    grain = Image.merge("RGB", [Image.effect_noise(SIZE, 8) for _ in range(3)])
    image = Image.blend(image, grain, 0.12)

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Ponsel"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2024:08:17 09:30:00"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (1.0, 28.0, 12.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", quality=92, exif=exif.tobytes(), icc_profile=srgb)


def peak_rss_bytes() -> int:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def measure(path: Path, *, runs: int) -> None:
    """Runs in its own process: time and memory of the upload step, ``runs`` times."""
    import django
    from django.conf import settings

    settings.configure(TIME_ZONE="Asia/Jakarta", USE_TZ=True, USE_I18N=False)
    django.setup()
    from articles.photos.images import make_renditions, process_upload

    upload = path.read_bytes()
    baseline = peak_rss_bytes()
    upload_times, rendition_times = [], []
    tracemalloc.start()
    for _ in range(runs):
        started = time.perf_counter()
        processed = process_upload(io.BytesIO(upload))
        cleaned = time.perf_counter()
        renditions = make_renditions(processed.content)
        upload_times.append(cleaned - started)
        rendition_times.append(time.perf_counter() - cleaned)
        del processed, renditions
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak = peak_rss_bytes()

    processed = process_upload(upload)
    renditions = make_renditions(processed.content)
    totals = [a + b for a, b in zip(upload_times, rendition_times, strict=True)]
    mib = 1024 * 1024
    print(f"input:        {SIZE[0]}x{SIZE[1]} JPEG, {len(upload) / mib:.1f} MiB")
    print(
        f"original:     {processed.width}x{processed.height} {processed.format}, "
        f"{len(processed.content) / mib:.1f} MiB, taken_at {processed.taken_at:%Y-%m-%d %H:%M %Z}"
    )
    for rendition in renditions:
        print(
            f"  {rendition.name:>6} {rendition.format:<4} {rendition.width}x{rendition.height}"
            f"  {len(rendition.content) / 1024:6.0f} KiB"
        )
    print(f"runs:         {runs}")
    print(
        f"time:         {statistics.median(totals):.2f} s median "
        f"(min {min(totals):.2f} s, max {max(totals):.2f} s)"
    )
    print(f"  process_upload  {statistics.median(upload_times):.2f} s median")
    print(f"  make_renditions {statistics.median(rendition_times):.2f} s median")
    print(
        f"peak memory:  {(peak - baseline) / mib:.0f} MiB RSS above baseline "
        f"(peak RSS {peak / mib:.0f} MiB, baseline {baseline / mib:.0f} MiB)"
    )
    print(f"  Python heap peak (tracemalloc, no pixel buffers) {python_peak / mib:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--orientation", type=int, default=6, help="EXIF orientation (1-8)")
    parser.add_argument("--input", type=Path, help="a JPEG to use instead of a generated one")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        make_phone_jpeg(args.generate, orientation=args.orientation)
        return
    if args.measure:
        measure(args.measure, runs=args.runs)
        return

    # Each step in its own process: Linux carries a process's peak RSS across exec, so
    # the measuring process must not descend from one that made a 24 MP picture.
    with tempfile.TemporaryDirectory() as folder:
        path = args.input
        if path is None:
            path = Path(folder) / "phone.jpg"
            started = time.perf_counter()
            run_self("--generate", str(path), "--orientation", str(args.orientation))
            print(f"generated {path.name} in {time.perf_counter() - started:.1f} s")
        run_self("--measure", str(path), "--runs", str(args.runs))


def run_self(*args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, __file__, *args],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        check=True,
    )


if __name__ == "__main__":
    main()
