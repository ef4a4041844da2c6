"""Renditions: the sizes of a photo every screen gets, stored once under content-hash names."""

import hashlib
import math
from dataclasses import asdict, dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image

from articles.photos.images.decoding import (
    CONTENT_TYPES,
    EXTENSIONS,
    _clean,
    _encode,
    _load,
    _max_pixels,
    _on_white,
    _open,
    _orientation,
    _read_exif,
)

RENDITION_WIDTHS = (480, 960, 1600)
OG_SIZE = (1200, 630)
# Bump the version when an encoder setting below changes: new names, new files.
RENDITIONS_PREFIX = "photos/renditions/v1"
RENDITION_JPEG = {"quality": 82, "optimize": True, "progressive": True}
RENDITION_WEBP = {"quality": 80, "method": 4}


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


def upright_size(image_bytes: bytes) -> tuple[int, int]:
    """The width and height of ``image_bytes`` once turned upright, read from its header."""
    image = _open(image_bytes, max_pixels=_max_pixels(None))
    size = _upright_size(image, _read_exif(image))
    return size["width"], size["height"]


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
