"""Opening, checking and cleaning photos: the steps uploads and renditions share.

Pillow only tries the decoders we accept; damage, bombs and non-photos become an
``ImageRejected`` with a message for the uploader. Cleaning turns a photo upright, into
sRGB, and drops every piece of metadata.
"""

import contextlib
import functools
import io
import struct
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

# What Pillow's decoders raise on damaged data (it has no common base class).
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)
# What its EXIF parser raises on a damaged block; such a block is ignored, not fatal.
EXIF_ERRORS = (*DECODE_ERRORS, KeyError, IndexError)

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
PERCEPTUAL = ImageCms.Intent.PERCEPTUAL


class ImageRejected(ValidationError):
    """An upload that is not a photo we accept.

    ``message`` is for the uploader, in Indonesian; ``code`` names the reason: ``empty``,
    ``too_large``, ``too_many_pixels``, ``implausible_density`` (far more pixels than the
    file's size holds in any photo), ``gif``, ``svg``, ``not_an_image`` or ``damaged``.
    Being a ``ValidationError``, it becomes a form error when raised in ``clean()``.
    """

    def __str__(self) -> str:
        return str(self.message)


def _max_pixels(max_pixels: int | None) -> int:
    if max_pixels is not None:
        return max_pixels
    return getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def _short_number(value: float) -> str:
    """20 or 20,5: in the active language's format, one decimal at most."""
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        _("Resolusi foto melebihi batas %(limit)s megapiksel. Perkecil foto lalu unggah ulang.")
        % {"limit": _short_number(max_pixels / 1_000_000)},
        code="too_many_pixels",
    )


def _accepted_formats_hint() -> str:
    return _("Unggah foto dalam format JPEG, PNG, WebP atau HEIC.")


@functools.cache
def _read_heif_too() -> None:
    """Teach Pillow to read HEIF (phones' photos), the first time an upload is opened.
    Imported here, not at the top: pillow-heif and its codecs (about 5 MB) then stay
    out of the web workers that serve pages and never see an upload."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _open(data: bytes, *, max_pixels: int) -> Image.Image:
    """Identify ``data`` from its content and check its header; decode nothing yet."""
    _read_heif_too()
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
