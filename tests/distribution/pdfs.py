"""Reading a PDF back as a reader's viewer would: its text, page size, fonts, images."""

import io

import pytest
from django.urls import resolve, reverse
from pypdf import PdfReader

from articles.distribution import pdf

# Tests that render need WeasyPrint's system libraries (Debian's pango; CI installs it).
needs_weasyprint = pytest.mark.skipif(bool(pdf.unavailable()), reason=pdf.unavailable() or "-")


def public_pdf_url(article) -> str:
    """The PDF's address: the article page's, with the same date and slug."""
    return reverse("articles:article_pdf", kwargs=resolve(article.get_absolute_url()).kwargs)


def admin_pdf_url(article) -> str:
    return reverse("admin:articles_article_pdf", args=[article.pk])


def read(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """The text of every page, whitespace runs made single spaces."""
    text = " ".join(page.extract_text() or "" for page in read(content).pages)
    return " ".join(text.split())


def fonts_of(content: bytes) -> list[dict]:
    """Every font descriptor the pages use (a composite font's from its descendants)."""
    descriptors = []
    for page in read(content).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font = font.get_object()
            parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            descriptors += [part["/FontDescriptor"].get_object() for part in parts]
    return descriptors


def image_sizes(content: bytes) -> list[tuple[int, int]]:
    return [image.image.size for page in read(content).pages for image in page.images]
