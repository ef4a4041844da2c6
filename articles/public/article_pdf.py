"""A published release's official PDF (``articles.distribution.pdf``), at its page's
address plus ``pdf/``.

It answers as the page does (410 for a withdrawn release, 404 for anything not
public) and is rendered once per content version and article revision: the bytes are
kept in the cache under a key naming both, so any change that could alter the PDF
(the article, its photo or people, the site's letterhead) leads to a new rendering
and a copy from before is never served.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from articles.distribution import pdf
from articles.models import Article
from articles.public import caching
from articles.public.article_page import public_article, published_on

PDF_PREFIX = "articles:pdf:"


@require_safe
def article_pdf(request: HttpRequest, year: str, month: str, day: str, slug: str) -> HttpResponse:
    """``/berita/YYYY/MM/DD/slug/pdf/``: the cached PDF, else the PDF rendered and cached."""
    published = Article.objects.for_public_pages()
    article = public_article(request, published, published_on(year, month, day), slug)
    if isinstance(article, HttpResponse):
        return article
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    key = pdf_key(article, canonical_url)
    content = cache.get(key)
    if content is None:
        content = pdf.render(article, canonical_url=canonical_url)
        cache.set(key, content, settings.NEWSROOM_PDF_CACHE_SECONDS)
    return pdf.response(content, name=pdf.filename(article))


def pdf_key(article: Article, canonical_url: str) -> str:
    """The cache key of ``article``'s PDF as printed with ``canonical_url``, in this
    content version and at this revision of the article."""
    revision = f"{caching.content_version()}|{article.pk}|{article.updated_at.isoformat()}"
    return PDF_PREFIX + hashlib.sha256(f"{revision}|{canonical_url}".encode()).hexdigest()
