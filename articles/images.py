"""Photo uploads: decide what is a photo, clean it, and render it for every screen.

One service for the admin, the importer and any future API, in two steps:

1. ``process_upload(file)`` accepts or rejects an upload and returns the cleaned
   original (``ProcessedImage``): upright, in sRGB, without any metadata.
2. ``store_renditions(original.content)`` writes the responsive renditions through
   Django's storage API under content-hash names, each once. ``plan_renditions`` and
   ``rendition_path`` give the same names and sizes without touching the storage, so
   a template can build ``srcset`` from a photo's width and height alone.

Decisions:

- Formats: JPEG (including the MPO variant some cameras write), PNG, WebP and
  HEIC/HEIF (through pillow-heif). The content decides, never the name or content
  type: Pillow only tries those four decoders. Animated WebP/PNG keep their first frame.
- GIF is rejected with its own message: a press photo is never a GIF, and an
  animation silently turned into a still would surprise the uploader.
- Limits: ``PHOTO_MAX_UPLOAD_BYTES`` (20 MB) and ``PHOTO_MAX_PIXELS`` (50 MP) from
  the settings, checked before decoding (the pixel count comes from the header).
  Pillow's own decompression-bomb guard (``Image.MAX_IMAGE_PIXELS``) stays on as a
  second line and is reported the same way.
- Colour: an embedded ICC profile (phones write Display P3, print files CMYK) is
  converted to sRGB and then dropped, so every stored file is untagged sRGB, which is
  what browsers assume. A broken profile is ignored rather than rejecting the photo.
- Metadata: none is kept in any stored file (EXIF with GPS, XMP, IPTC, ICC, text
  chunks). The EXIF orientation is applied first; DateTimeOriginal is returned.
- Transparency: kept where the format can hold it. A PNG stays a lossless PNG (it is
  usually a graphic: a map, an infographic, a logo); a WebP or HEIC that really uses
  transparency is stored as PNG; everything else becomes a JPEG (quality 90).
  WebP renditions keep the alpha channel; JPEG renditions and og:image are
  composited on white.
- Upscaling: the widths 480, 960 and 1600 are capped at the original's width, so a
  1200 px photo gets 480, 960 and 1200 and a 300 px one only 300. The og:image is
  always exactly 1200x630 (what link previews expect), enlarged if it must be.
"""

import contextlib
import hashlib
import io
import math
import struct
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cached_property
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps
from pillow_heif import register_heif_opener

register_heif_opener()

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
RENDITION_WIDTHS = (480, 960, 1600)
OG_SIZE = (1200, 630)
# Bump the version when an encoder setting below changes: new names, new files.
RENDITIONS_PREFIX = "photos/renditions/v1"

# No optimize for the original: on 24 MP, libjpeg's extra pass holds every coefficient
# (+70 MB at peak, +0.25 s) to save about 1 %.
ORIGINAL_JPEG = {"quality": 90}
RENDITION_JPEG = {"quality": 82, "optimize": True, "progressive": True}
RENDITION_WEBP = {"quality": 80, "method": 4}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

# What Pillow's decoders raise on damaged data (it has no common base class).
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)
# What its EXIF parser raises on a damaged block; such a block is ignored, not fatal.
EXIF_ERRORS = (*DECODE_ERRORS, KeyError, IndexError)

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
PERCEPTUAL = ImageCms.Intent.PERCEPTUAL

Upload = bytes | BinaryIO | File


class ImageRejected(ValidationError):
    """An upload that is not a photo we accept.

    ``message`` is for the uploader, in Indonesian; ``code`` names the reason: ``empty``,
    ``too_large``, ``too_many_pixels``, ``gif``, ``svg``, ``not_an_image`` or ``damaged``.
    Being a ``ValidationError``, it becomes a form error when raised in ``clean()``.
    """

    def __str__(self) -> str:
        return str(self.message)


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


@dataclass(frozen=True, kw_only=True)
class RenditionSpec:
    """One rendition to make: ``name`` is ``w<width>`` or ``og``."""

    name: str
    width: int
    height: int
    format: str  # "WEBP" or "JPEG"
    focal_point: tuple[float, float] | None = None  # og only

    @property
    def key(self) -> str:
        """The file name without extension; an og crop depends on its focal point."""
        if self.focal_point is None:
            return self.name
        x, y = (round(value * 1000) for value in self.focal_point)
        return f"{self.name}-{x}-{y}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


@dataclass(frozen=True, kw_only=True)
class Rendition(RenditionSpec):
    content: bytes = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class StoredRendition(RenditionSpec):
    path: str  # the name in the storage
    url: str
    created: bool  # written by this call


# -- the upload -------------------------------------------------------------


def process_upload(
    file: Upload, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> ProcessedImage:
    """Accept or reject an uploaded photo and return its cleaned original.

    ``file`` is bytes or a file object (a Django ``UploadedFile``, ``File`` or
    ``BytesIO``), read from its start. ``max_bytes`` and ``max_pixels`` default to
    ``settings.PHOTO_MAX_UPLOAD_BYTES`` (20 MB) and ``settings.PHOTO_MAX_PIXELS`` (50 MP).

    Raises ``ImageRejected`` for anything but a complete JPEG, PNG, WebP or HEIC/HEIF
    within the limits; nothing larger than ``max_bytes`` is read and nothing larger than
    ``max_pixels`` is decoded. The result is upright (EXIF orientation applied), in
    sRGB, RGB or RGBA, and carries no metadata: a JPEG, or a PNG for PNG uploads and
    transparent ones.
    """
    if max_bytes is None:
        max_bytes = getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)
    data = _read_limited(file, max_bytes=max_bytes)
    image = _open(data, max_pixels=_max_pixels(max_pixels))
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


def _max_pixels(max_pixels: int | None) -> int:
    if max_pixels is not None:
        return max_pixels
    return getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


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


def _short_number(value: float) -> str:
    """20 or 20,5: in the active language's format, one decimal at most."""
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{_short_number(size / 1024)} KB"
    return f"{_short_number(size / (1024 * 1024))} MB"


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        _("Resolusi foto melebihi batas %(limit)s megapiksel. Perkecil foto lalu unggah ulang.")
        % {"limit": _short_number(max_pixels / 1_000_000)},
        code="too_many_pixels",
    )


def _accepted_formats_hint() -> str:
    return _("Unggah foto dalam format JPEG, PNG, WebP atau HEIC.")


def _open(data: bytes, *, max_pixels: int) -> Image.Image:
    """Identify ``data`` from its content and check its header; decode nothing yet."""
    _reject_known_non_photos(data)
    # catch_warnings is process-wide state; the worst another thread can see is bomb
    # warnings raised as errors for a moment, which is what we want anyway.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
        except Image.UnidentifiedImageError:
            raise ImageRejected(
                _("Berkas ini bukan foto yang dikenali.") + " " + _accepted_formats_hint(),
                code="not_an_image",
            ) from None
        except DECODE_ERRORS:
            raise _damaged() from None
    if image.width * image.height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def _reject_known_non_photos(data: bytes) -> None:
    """GIF and SVG get their own message instead of "not an image"."""
    if data.startswith((b"GIF87a", b"GIF89a")):
        raise ImageRejected(
            _("Berkas GIF tidak diterima.") + " " + _accepted_formats_hint(), code="gif"
        )
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<!--")) and b"<svg" in head:
        raise ImageRejected(
            _("Berkas SVG tidak diterima karena bukan foto.") + " " + _accepted_formats_hint(),
            code="svg",
        )


def _damaged() -> ImageRejected:
    return ImageRejected(
        _("Foto tidak dapat dibaca: berkasnya rusak atau tidak lengkap. Coba unggah ulang."),
        code="damaged",
    )


def _load(image: Image.Image) -> None:
    try:
        image.load()
    except DECODE_ERRORS:
        raise _damaged() from None


# -- cleaning -----------------------------------------------------------------


def _read_exif(image: Image.Image) -> Image.Exif:
    try:
        exif = image.getexif()
        exif.get_ifd(ExifTags.IFD.Exif)  # parse the sub-IFD now, so damage shows here
    except EXIF_ERRORS:
        return Image.Exif()
    return exif


def _orientation(exif: Image.Exif) -> int:
    orientation = exif.get(ExifTags.Base.Orientation, 1)
    return orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1


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


def _clean(image: Image.Image, exif: Image.Exif) -> Image.Image:
    """Upright, sRGB, RGB or RGBA (only when transparency is used), no metadata."""
    icc_profile = image.info.get("icc_profile")
    if _orientation(exif) != 1:
        # In place: the unturned pixels are freed at once, not when the caller lets go.
        ImageOps.exif_transpose(image, in_place=True)
    image = _to_srgb(image, icc_profile)
    image.info = {}
    return image


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    source, colour_space = _icc(icc_profile)
    if image.mode == "CMYK":
        if colour_space == "CMYK":
            with contextlib.suppress(ImageCms.PyCMSError):
                return ImageCms.profileToProfile(
                    image, source, SRGB, renderingIntent=PERCEPTUAL, outputMode="RGB"
                )
        return image.convert("RGB")  # no usable profile: Pillow's plain conversion

    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):
        # 16-bit greyscale: scale to 8 bits, which convert("L") would clip instead.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    target = "RGBA" if image.has_transparency_data else "RGB"
    if image.mode != target:
        image = image.convert(target)
    if target == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # an alpha channel that hides nothing

    if colour_space == "RGB" and not _is_srgb(source):
        # A profile lcms cannot use leaves the pixels as they are.
        with contextlib.suppress(ImageCms.PyCMSError):
            ImageCms.profileToProfile(
                image, source, SRGB, renderingIntent=PERCEPTUAL, outputMode=image.mode, inPlace=True
            )
    # A greyscale profile is ignored: its tone curve is close enough to sRGB's.
    return image


def _icc(icc_profile: bytes | None) -> tuple[ImageCms.ImageCmsProfile | None, str]:
    if not icc_profile:
        return None, ""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None, ""
    return profile, profile.profile.xcolor_space.strip()


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    """Converting sRGB to sRGB changes nothing and costs half a second on 24 MP."""
    return "srgb" in (profile.profile.profile_description or "").lower()


def _encode(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _on_white(image: Image.Image) -> Image.Image:
    """JPEG has no alpha channel: composite a transparent image on white."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


# -- renditions ---------------------------------------------------------------


def plan_renditions(
    *, width: int, height: int, focal_point: tuple[float, float] = (0.5, 0.5)
) -> list[RenditionSpec]:
    """The renditions of a ``width`` x ``height`` original, with their exact sizes.

    For each of ``RENDITION_WIDTHS`` capped at ``width`` (no upscaling, no duplicates):
    a WebP and a JPEG fallback, named ``w<width>``. Then the ``og`` crop, a 1200x630
    JPEG around ``focal_point`` (x, y from 0 to 1, from the top left; kept to three
    decimals). Raises ``ValueError`` for a focal point outside the image.
    """
    focal_point = _checked_focal_point(focal_point)
    specs = []
    for target in sorted({min(target, width) for target in RENDITION_WIDTHS}):
        target_height = max(1, round(height * target / width))
        for image_format in ("WEBP", "JPEG"):
            specs.append(
                RenditionSpec(
                    name=f"w{target}", width=target, height=target_height, format=image_format
                )
            )
    specs.append(
        RenditionSpec(
            name="og", width=OG_SIZE[0], height=OG_SIZE[1], format="JPEG", focal_point=focal_point
        )
    )
    return specs


def _checked_focal_point(focal_point: tuple[float, float]) -> tuple[float, float]:
    x, y = focal_point
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise ValueError(f"focal point {focal_point!r} must lie within (0..1, 0..1)")
    return round(float(x), 3), round(float(y), 3)


def crop_box(
    *, width: int, height: int, focal_point: tuple[float, float], size: tuple[int, int] = OG_SIZE
) -> tuple[float, float, float, float]:
    """The largest box of ``size``'s aspect ratio in the image, centred on the focal
    point as far as the image's edges allow: (left, upper, right, lower)."""
    ratio = size[0] / size[1]
    if width / height > ratio:
        box_width, box_height = height * ratio, float(height)
    else:
        box_width, box_height = float(width), width / ratio
    x, y = focal_point
    left = min(max(x * width - box_width / 2, 0.0), width - box_width)
    upper = min(max(y * height - box_height / 2, 0.0), height - box_height)
    return left, upper, left + box_width, upper + box_height


def make_renditions(
    image_bytes: bytes, *, focal_point: tuple[float, float] = (0.5, 0.5)
) -> list[Rendition]:
    """Render every rendition that ``plan_renditions`` lists for ``image_bytes``.

    ``image_bytes`` is meant to be a ``ProcessedImage.content``; any accepted upload
    works too (it is cleaned the same way, and rejected with ``ImageRejected`` as
    ``process_upload`` would). The renditions carry no metadata: WebP quality 80
    (alpha kept), JPEG quality 82 progressive and optimised (on white).
    """
    image = _open(image_bytes, max_pixels=_max_pixels(None))
    exif = _read_exif(image)
    specs = plan_renditions(**_upright_size(image, exif), focal_point=focal_point)
    return _render(image, exif, specs)


def _upright_size(image: Image.Image, exif: Image.Exif) -> dict[str, int]:
    width, height = image.size
    if _orientation(exif) in (5, 6, 7, 8):  # turned by a quarter
        width, height = height, width
    return {"width": width, "height": height}


def _render(image: Image.Image, exif: Image.Exif, specs: list[RenditionSpec]) -> list[Rendition]:
    upright = _upright_size(image, exif)
    width, height = upright["width"], upright["height"]
    boxes = {
        spec: (
            crop_box(**upright, focal_point=spec.focal_point)
            if spec.focal_point is not None
            else (0.0, 0.0, float(width), float(height))
        )
        for spec in specs
    }
    # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale, far faster and smaller; ask
    # for the least scale that still gives every rendition enough pixels.
    scale = max(spec.width / (box[2] - box[0]) for spec, box in boxes.items())
    if image.format in ("JPEG", "MPO") and scale < 1:
        image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    _load(image)
    image = _clean(image, exif)
    decoded_scale = image.width / width

    renditions = []
    for spec, box in boxes.items():
        resized = image.resize(
            (spec.width, spec.height),
            Image.Resampling.LANCZOS,
            box=tuple(value * decoded_scale for value in box),
            reducing_gap=3.0,
        )
        if spec.format == "WEBP":
            content = _encode(resized, "WEBP", **RENDITION_WEBP)
        else:
            content = _encode(_on_white(resized), "JPEG", **RENDITION_JPEG)
        renditions.append(Rendition(**asdict(spec), content=content))
    return renditions


# -- storage ------------------------------------------------------------------


def rendition_path(
    *, source_sha256: str, spec: RenditionSpec, prefix: str = RENDITIONS_PREFIX
) -> str:
    """The storage name of a rendition: the same for the same source bytes and spec.

    ``source_sha256`` is the hex SHA-256 of the original's bytes (``ProcessedImage.sha256``),
    so a name never points at other content and can be cached for ever, e.g.
    ``photos/renditions/v1/3f/3fa9…/w960.webp``.
    """
    if len(source_sha256) != 64 or not all(c in "0123456789abcdef" for c in source_sha256):
        raise ValueError("source_sha256 must be a lowercase hex SHA-256 digest")
    extension = EXTENSIONS[spec.format]
    return f"{prefix}/{source_sha256[:2]}/{source_sha256[:32]}/{spec.key}.{extension}"


def store_renditions(
    image_bytes: bytes,
    *,
    storage: Storage = default_storage,
    prefix: str = RENDITIONS_PREFIX,
    focal_point: tuple[float, float] = (0.5, 0.5),
) -> list[StoredRendition]:
    """Save the renditions of ``image_bytes`` that ``storage`` does not have yet.

    Only missing files are rendered and saved (none when all exist: then nothing is
    decoded), so calling it again is cheap and writes nothing. Works with any Django
    storage, S3-compatible ones through django-storages included. Returns every
    planned rendition, with ``created`` telling which this call wrote. Raises
    ``ImageRejected`` (storing nothing) for bytes ``process_upload`` would reject.
    """
    source_sha256 = hashlib.sha256(image_bytes).hexdigest()
    image = _open(image_bytes, max_pixels=_max_pixels(None))
    exif = _read_exif(image)
    specs = plan_renditions(**_upright_size(image, exif), focal_point=focal_point)
    paths = {
        spec: rendition_path(source_sha256=source_sha256, spec=spec, prefix=prefix)
        for spec in specs
    }
    missing = [spec for spec in specs if not storage.exists(paths[spec])]
    created = set()
    rendered = _render(image, exif, missing) if missing else []
    for spec, rendition in zip(missing, rendered, strict=True):
        saved_as = storage.save(paths[spec], ContentFile(rendition.content))
        if saved_as != paths[spec]:
            # Another process stored the same file meanwhile; keep one copy.
            storage.delete(saved_as)
        else:
            created.add(spec)
    return [
        StoredRendition(
            **asdict(spec),
            path=paths[spec],
            url=storage.url(paths[spec]),
            created=spec in created,
        )
        for spec in specs
    ]
