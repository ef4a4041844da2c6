"""Images made with Pillow for the photo tests, and what the tests look for in them:
metadata segments, colours, stored files. A plain module of helpers."""

import io
import struct
import zlib

from PIL import ExifTags, Image, ImageCms

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)
GPS_MARKER = "WGS-84 BENGKALIS PENANDA GPS"
XMP_MARKER = b"PENANDA-XMP-KAMERA"
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


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


def stored_files(storage) -> list[str]:
    root = storage.base_location
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


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


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def blank_png(width: int, height: int) -> bytes:
    """A complete, valid RGB PNG of one colour (black), compressed as far as zlib goes:
    a few hundred pixels per byte of file. Made row by row, never whole in memory."""
    compressor, row = zlib.compressobj(9), b"\x00" * (1 + 3 * width)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to claim ``width`` x ``height``."""
    content = bytearray(encode(Image.new("RGB", (16, 16), WHITE)))
    frame = content.index(b"\xff\xc0")  # baseline frame: length, precision, height, width
    content[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(content)
