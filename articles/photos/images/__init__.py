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
  second line and is reported the same way. An upload must also not be far denser
  than a photo (above 2 MP, at most 64 pixels per byte of file, 256 for JPEG): a small
  file declaring a huge flat picture is refused from its header (``upload.py``).
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

from articles.photos.images.decoding import (
    ACCEPTED_FORMATS,
    CONTENT_TYPES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PIXELS,
    EXTENSIONS,
    ImageRejected,
)
from articles.photos.images.renditions import (
    OG_SIZE,
    RENDITION_WIDTHS,
    RENDITIONS_PREFIX,
    Rendition,
    RenditionSpec,
    StoredRendition,
    crop_box,
    make_renditions,
    plan_renditions,
    rendition_path,
    store_renditions,
    upright_size,
)
from articles.photos.images.upload import ProcessedImage, process_upload

__all__ = [
    "ACCEPTED_FORMATS",
    "CONTENT_TYPES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "EXTENSIONS",
    "OG_SIZE",
    "RENDITIONS_PREFIX",
    "RENDITION_WIDTHS",
    "ImageRejected",
    "ProcessedImage",
    "Rendition",
    "RenditionSpec",
    "StoredRendition",
    "crop_box",
    "make_renditions",
    "plan_renditions",
    "process_upload",
    "rendition_path",
    "store_renditions",
    "upright_size",
]
