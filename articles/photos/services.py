"""Photos as the newsroom uses them: storing an accepted upload, making its
renditions, and what a page needs to show it (``<picture>`` sources, og:image).

The pixels are handled by ``articles.photos.images``; this module ties them to the ``Photo``
model and to Django's storage API, so S3-compatible storage works unchanged.
"""

import hashlib
import mimetypes
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Photo
from articles.photos import images

# The rendition browsers get when they understand neither srcset nor WebP.
FALLBACK_WIDTH = 960


@dataclass(frozen=True)
class Source:
    url: str
    width: int


@dataclass(frozen=True)
class Picture:
    """What a template needs for ``<picture>``: WebP and JPEG ``srcset`` candidates,
    the fallback ``src``, and the intrinsic size (so the page does not shift)."""

    src: str
    width: int
    height: int
    webp: tuple[Source, ...] = ()
    jpeg: tuple[Source, ...] = ()

    @property
    def webp_srcset(self) -> str:
        return ", ".join(f"{source.url} {source.width}w" for source in self.webp)

    @property
    def jpeg_srcset(self) -> str:
        return ", ".join(f"{source.url} {source.width}w" for source in self.jpeg)


def cleaned_upload(file) -> tuple[SimpleUploadedFile, images.ProcessedImage]:
    """Check and clean an uploaded file (``images.process_upload``) and return it as
    a file to store, named by its content hash, with what the cleaning found.

    Raises ``images.ImageRejected`` (a ``ValidationError``) for anything we do not accept.
    """
    processed = images.process_upload(file)
    upload = SimpleUploadedFile(
        f"{processed.sha256[:20]}.{processed.extension}",
        processed.content,
        content_type=processed.content_type,
    )
    return upload, processed


def apply_upload(photo: Photo, processed: images.ProcessedImage, upload) -> None:
    """Put a cleaned upload on ``photo`` (not saved yet)."""
    photo.image = upload
    photo.width, photo.height = processed.width, processed.height
    photo.sha256 = processed.sha256
    photo.renditions_ready = False
    if photo.taken_at is None:
        photo.taken_at = processed.taken_at


def create_photo(file, *, uploaded_by=None, **fields) -> Photo:
    """Store an upload as a new ``Photo`` with its renditions: the one path for code
    (the demo, an importer, a future API). ``fields`` are the model's (caption,
    alt_text, photographer or source, focal_x, focal_y...); they are validated like
    the admin form does, and nothing is stored when the upload or a field is rejected."""
    upload, processed = cleaned_upload(file)
    photo = Photo(uploaded_by=uploaded_by, **fields)
    apply_upload(photo, processed, upload)
    photo.full_clean(exclude=["image"])
    photo.save()
    ensure_renditions(photo)
    return photo


def ensure_renditions(photo: Photo) -> list[images.StoredRendition]:
    """Make the photo's missing renditions (none when all exist) and mark it ready."""
    storage = photo.image.storage
    with storage.open(photo.image.name, "rb") as stored:
        content = stored.read()
    sha256 = hashlib.sha256(content).hexdigest()
    stored = images.store_renditions(content, storage=storage, focal_point=photo.focal_point)
    if not (photo.width and photo.height):  # carried over without its size
        photo.width, photo.height = images.upright_size(content)
    Photo.objects.filter(pk=photo.pk).update(
        sha256=sha256, renditions_ready=True, width=photo.width, height=photo.height
    )
    photo.sha256, photo.renditions_ready = sha256, True
    return stored


def rendition_url(photo: Photo, spec: images.RenditionSpec) -> str:
    """Where ``spec``'s rendition of ``photo`` is served (no storage call)."""
    path = images.rendition_path(source_sha256=photo.sha256, spec=spec)
    return photo.image.storage.url(path)


def _plan(photo: Photo) -> list[images.RenditionSpec]:
    return images.plan_renditions(
        width=photo.width, height=photo.height, focal_point=photo.focal_point
    )


def _ready(photo: Photo) -> bool:
    return bool(photo.renditions_ready and photo.sha256 and photo.width and photo.height)


def picture(photo: Photo) -> Picture:
    """The photo's ``<picture>`` data, computed from its fields alone (no storage call).

    Before its renditions exist (an old upload, before ``generate_renditions`` has
    run) it is the original file alone.
    """
    if not _ready(photo):
        return Picture(src=photo.image.url, width=photo.width or 0, height=photo.height or 0)
    specs = [spec for spec in _plan(photo) if spec.name != "og"]
    webp = tuple(Source(rendition_url(photo, s), s.width) for s in specs if s.format == "WEBP")
    jpeg = tuple(Source(rendition_url(photo, s), s.width) for s in specs if s.format == "JPEG")
    fallback = max(
        (source for source in jpeg if source.width <= FALLBACK_WIDTH),
        key=lambda source: source.width,
        default=jpeg[0],
    )
    return Picture(src=fallback.url, width=photo.width, height=photo.height, webp=webp, jpeg=jpeg)


# A photo cropped by the page (``object-fit: cover``) is positioned on its focal point by
# CSS classes, to the nearest tenth: site.css has ``focal-x0``..``focal-x10`` and
# ``focal-y0``..``focal-y10``. Pages carry no inline style.
FOCAL_STEPS = 10


def focal_classes(photo: Photo) -> str:
    """The CSS classes that crop ``photo`` around its focal point, e.g. ``focal-x3
    focal-y7`` for (0.28, 0.66): the focal point keeps its relative place in the box."""
    x, y = (round(value * FOCAL_STEPS) for value in photo.focal_point)
    return f"focal-x{x} focal-y{y}"


@dataclass(frozen=True)
class StoredImage:
    """One stored image file of a photo: its name in the storage and what a feed says of it."""

    name: str
    url: str
    width: int
    height: int
    content_type: str


def fallback_image(photo: Photo) -> StoredImage:
    """The JPEG rendition a page falls back on (``FALLBACK_WIDTH``, 960 px wide, or the
    photo's own width when it is narrower), computed from its fields (no storage call).
    Before the renditions exist it is the original file, the only one there is."""
    if not _ready(photo):
        name = photo.image.name
        return StoredImage(
            name=name,
            url=photo.image.url,
            width=photo.width or 0,
            height=photo.height or 0,
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        )
    jpeg = [spec for spec in _plan(photo) if spec.name != "og" and spec.format == "JPEG"]
    spec = max(
        (spec for spec in jpeg if spec.width <= FALLBACK_WIDTH),
        key=lambda spec: spec.width,
        default=jpeg[0],
    )
    return StoredImage(
        name=images.rendition_path(source_sha256=photo.sha256, spec=spec),
        url=rendition_url(photo, spec),
        width=spec.width,
        height=spec.height,
        content_type=spec.content_type,
    )


def print_rendition(photo: Photo) -> str | None:
    """The storage name of the JPEG rendition a printed page (the PDF) shows: the one
    browsers fall back to (``fallback_image``). None before the renditions exist: the
    original is never printed, as it is never served on a page."""
    return fallback_image(photo).name if _ready(photo) else None


def og_image(photo: Photo) -> Source | None:
    """The 1200x630 link-preview crop around the focal point, or None before it exists."""
    if not _ready(photo):
        return None
    spec = next(spec for spec in _plan(photo) if spec.name == "og")
    return Source(rendition_url(photo, spec), spec.width)
