"""Accepting an upload: ``process_upload`` turns a file into a cleaned original."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image

from articles.photos.images.decoding import (
    CONTENT_TYPES,
    DEFAULT_MAX_BYTES,
    EXTENSIONS,
    ImageRejected,
    _clean,
    _encode,
    _load,
    _max_pixels,
    _open,
    _read_exif,
    _short_number,
)

# No optimize for the original: on 24 MP, libjpeg's extra pass holds every coefficient
# (+70 MB at peak, +0.25 s) to save about 1 %.
ORIGINAL_JPEG = {"quality": 90}

Upload = bytes | BinaryIO | File

# Pixels per byte of file: what no camera produces. A photo holds a few pixels per byte (a
# 24 MP camera JPEG is 5 to 12 MB, a phone's HEIC 2 to 4 MB). PNG, WebP and HEIF can
# describe a flat picture in almost nothing (24 MP of white: 80 kB of PNG, 1 kB of WebP),
# so a tiny file may ask for seconds of decoding; JPEG cannot go below about 64 (baseline)
# or 170 (progressive) pixels per byte even for a blank picture. Up to FREE_PIXELS (cheap
# to decode whatever the file) any density is accepted: small flat graphics are common.
FREE_PIXELS = 2_000_000
MAX_PIXELS_PER_BYTE = {"JPEG": 256, "MPO": 256}
MAX_PIXELS_PER_BYTE_OTHERWISE = 64


@dataclass(frozen=True, kw_only=True)
class ProcessedImage:
    """A cleaned original: upright, sRGB, no metadata, ready to store as it is."""

    content: bytes = field(repr=False)
    format: str  # "JPEG" or "PNG"
    width: int
    height: int
    taken_at: datetime | None  # EXIF DateTimeOriginal, aware, in the site's time zone
    source_format: str  # what was uploaded: "JPEG", "PNG", "WEBP" or "HEIF"

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


# -- the upload -------------------------------------------------------------


def process_upload(
    file: Upload, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> ProcessedImage:
    """Accept or reject an uploaded photo and return its cleaned original.

    ``file`` is bytes or a file object (a Django ``UploadedFile``, ``File`` or
    ``BytesIO``), read from its start. ``max_bytes`` and ``max_pixels`` default to
    ``settings.PHOTO_MAX_UPLOAD_BYTES`` (20 MB) and ``settings.PHOTO_MAX_PIXELS`` (50 MP).

    Raises ``ImageRejected`` for anything but a complete JPEG, PNG, WebP or HEIC/HEIF
    within the limits; nothing larger than ``max_bytes`` is read, and nothing larger than
    ``max_pixels`` or denser than a camera's photo (``_check_density``) is decoded. The
    result is upright (EXIF orientation applied), in sRGB, RGB or RGBA, and carries no
    metadata: a JPEG, or a PNG for PNG uploads and transparent ones.
    """
    if max_bytes is None:
        max_bytes = getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)
    data = _read_limited(file, max_bytes=max_bytes)
    image = _open(data, max_pixels=_max_pixels(max_pixels))
    _check_density(image, len(data))
    source_format = "JPEG" if image.format == "MPO" else image.format
    _load(image)
    exif = _read_exif(image)
    taken_at = _taken_at(exif)
    image = _clean(image, exif)

    if source_format == "PNG" or image.mode == "RGBA":
        output_format, content = "PNG", _encode(image, "PNG")
    else:
        output_format, content = "JPEG", _encode(image, "JPEG", **ORIGINAL_JPEG)
    return ProcessedImage(
        content=content,
        format=output_format,
        width=image.width,
        height=image.height,
        taken_at=taken_at,
        source_format=source_format,
    )


def _check_density(image: Image.Image, size: int) -> None:
    """Refuse, from the header alone, a picture with far more pixels than its ``size``
    (bytes) can hold in a photo: a decompression bomb, or a flat graphic too big to need
    that resolution. Up to ``FREE_PIXELS``, plus the format's pixels per byte."""
    per_byte = MAX_PIXELS_PER_BYTE.get(image.format, MAX_PIXELS_PER_BYTE_OTHERWISE)
    pixels = image.width * image.height
    if pixels <= FREE_PIXELS + per_byte * size:
        return
    raise ImageRejected(
        _(
            "Resolusi foto tidak wajar untuk ukuran berkasnya: %(pixels)s megapiksel dalam "
            "%(size)s, jauh lebih padat daripada foto dari kamera. Perkecil resolusinya atau "
            "simpan ulang sebagai JPEG, lalu unggah ulang."
        )
        % {"pixels": _short_number(round(pixels / 1_000_000, 1)), "size": _megabytes(size)},
        code="implausible_density",
    )


def _read_limited(file: Upload, *, max_bytes: int) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        declared = getattr(file, "size", None)
        if declared is not None and declared > max_bytes:
            raise _too_large(max_bytes)
        if hasattr(file, "seek"):
            file.seek(0)
        # One byte more than allowed tells a declared size that lied.
        data = file.read(max_bytes + 1)
    if not data:
        raise ImageRejected(_("Berkas yang diunggah kosong (0 bita)."), code="empty")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def _too_large(max_bytes: int) -> ImageRejected:
    return ImageRejected(
        _("Berkas terlalu besar. Ukuran maksimal %(limit)s.") % {"limit": _megabytes(max_bytes)},
        code="too_large",
    )


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{_short_number(size / 1024)} KB"
    return f"{_short_number(size / (1024 * 1024))} MB"


def _taken_at(exif: Image.Exif) -> datetime | None:
    """DateTimeOriginal as an aware datetime in the site's time zone, or None.

    A phone writes local time; OffsetTimeOriginal, when present, says which. Without
    it the time is taken to be the site's (the regency's) local time.
    """
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    raw = exif_ifd.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTimeOriginal)
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:  # blank ("    :  :  ") or zero dates, as some cameras write
        return None
    site_zone = timezone.get_default_timezone()
    offset = exif_ifd.get(ExifTags.Base.OffsetTimeOriginal)
    if isinstance(offset, str):
        try:
            zone = datetime.strptime(offset.strip("\x00 "), "%z").tzinfo
        except ValueError:
            zone = None
        if zone is not None:
            return naive.replace(tzinfo=zone).astimezone(site_zone)
    return timezone.make_aware(naive, site_zone)
