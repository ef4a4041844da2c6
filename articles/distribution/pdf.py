"""The official PDF of a press release: one A4 page (or more) on the office's letterhead.

Rendered from HTML (``templates/articles/article_pdf.html``) by WeasyPrint, which
needs Debian's pango (``unavailable()`` says why it cannot run). The public site serves
the PDF of a published release (``articles.public.article_pdf``, cached); the newsroom
downloads the copy of any release from the admin, marked "DRAF" until it is public.

Rendering fetches nothing from the network or the disk but the fonts: the logo and the
featured photo's rendition go in as ``data:`` URIs, and the fonts are Debian's
fonts-dejavu-core, named explicitly in the CSS and embedded (subset) in the file.
"""

import base64
import functools
import logging
import mimetypes
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from PIL import ImageFile

from articles.models import Article
from articles.photos import services as photos
from articles.site.config import site_settings


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries are missing on this machine."""


@functools.cache
def weasyprint():
    """WeasyPrint, imported on the first PDF rather than at start-up: it adds about
    40 MB to a process, and most workers never print (README, Performance: worker RSS).
    Raises ``PdfUnavailable`` when Debian's pango is missing."""
    try:
        import weasyprint as module  # noqa: PLC0415 (lazy on purpose, see above)
    except OSError as error:  # the Python package is there, Debian's pango is not
        raise PdfUnavailable(
            "WeasyPrint cannot load Debian's pango "
            f"(apt-get install libpango-1.0-0 libpangoft2-1.0-0): {error}"
        ) from error
    # WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it is
    # imported: the photo pipeline must go on refusing a truncated upload. The PDF only
    # ever gets the site's own complete renditions and logo.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return module


def unavailable() -> str:
    """Why PDFs cannot be rendered on this machine; empty when they can."""
    try:
        weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return ""


logger = logging.getLogger(__name__)

TEMPLATE = "articles/article_pdf.html"
CONTENT_TYPE = "application/pdf"
# Debian's fonts-dejavu-core (installed by .ci/run and the README's setup).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "serif": "DejaVuSerif.ttf",
    "serif_bold": "DejaVuSerif-Bold.ttf",
    "sans": "DejaVuSans.ttf",
    "sans_bold": "DejaVuSans-Bold.ttf",
}


@functools.cache
def _local_only_fetcher() -> type:
    """A WeasyPrint URL fetcher that fetches ``data:`` URIs and the font files, and
    refuses anything else (a link in a release's body never makes the renderer reach
    out). Made on the first PDF, as WeasyPrint is imported then."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 (see weasyprint())

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or _is_font(url):
                return super().fetch(url, headers)
            raise ValueError(f"Not fetched for a PDF: {url[:100]}")

    return LocalOnly


def _is_font(url: str) -> bool:
    if not url.startswith("file://"):
        return False
    path = Path(url.removeprefix("file://")).resolve()
    return path.parent == FONT_DIR and path.name in FONTS.values()


def render(article: Article, *, canonical_url: str, draft: bool = False) -> bytes:
    """The PDF of ``article`` (loaded with its credits and featured photo) as bytes.

    ``canonical_url`` is printed in the footer; ``draft`` marks every page "DRAF".
    Each call renders (callers cache); it logs its duration. Raises ``PdfUnavailable``
    without WeasyPrint's system libraries."""
    renderer = weasyprint()
    started = time.perf_counter()
    site = site_settings()
    photo = article.featured_photo
    context = {
        "article": article,
        "site": site,
        "logo": _data_uri(site.logo.name) if site.logo else "",
        "photo": _data_uri(photos.print_rendition(photo)) if photo else "",
        "canonical_url": canonical_url,
        "draft": draft,
        "fonts": {name: (FONT_DIR / file).as_uri() for name, file in FONTS.items()},
    }
    html = render_to_string(TEMPLATE, context)
    content = renderer.HTML(
        string=html, base_url=canonical_url or None, url_fetcher=_local_only_fetcher()()
    ).write_pdf()
    logger.info(
        "PDF rendered",
        extra={
            "article_id": article.pk,
            "draft": draft,
            "milliseconds": round((time.perf_counter() - started) * 1000),
            "bytes": len(content),
        },
    )
    return content


def _data_uri(name: str | None) -> str:
    """A stored file (a rendition, the logo) as a ``data:`` URI; empty when there is
    none or it cannot be read (the PDF then goes without it rather than failing)."""
    if not name:
        return ""
    try:
        with default_storage.open(name, "rb") as stored:
            content = stored.read()
    except OSError:
        logger.warning("A file for a PDF is missing", extra={"file": name})
        return ""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"


def filename(article: Article, *, draft: bool = False) -> str:
    """``YYYY-MM-DD-slug.pdf``, dated like the article's address; ``draf-`` first for
    the newsroom's copy of a release that is not public."""
    moment = timezone.localtime(article.published_at or article.created_at or timezone.now())
    name = f"{moment:%Y-%m-%d}-{article.slug}.pdf"
    return f"draf-{name}" if draft else name


def response(content: bytes, *, name: str) -> HttpResponse:
    """The PDF shown in the browser (``inline``), saved as ``name``."""
    answer = HttpResponse(content, content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = content_disposition_header(False, name)
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
