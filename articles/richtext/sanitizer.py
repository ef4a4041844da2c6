"""Editor HTML is cleaned with nh3 against an allowlist suited to press releases
(``articles.richtext.allowlist``, which the editor's toolbar is built from too).

Anything outside the allowlist (scripts, event handlers, styles, frames, SVG,
``javascript:``/``data:`` URLs) is removed, and images may only point at our
own media, so a pasted text can neither run code nor track readers. Before that,
``clean_pasted_html`` reduces office markup (Word, Google Docs, LibreOffice) to plain
semantic HTML, so every stored body is written the same way whatever its source.
"""

import nh3
from django.conf import settings

from articles.richtext.allowlist import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from articles.richtext.image_urls import is_own_media
from articles.richtext.paste import clean_pasted_html


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # An image that may not be shown loses its address (and shows its alt text).
        return value if is_own_media(value, _media_prefixes()) else None
    return value


def _media_prefixes() -> list[str]:
    """Where body images may come from: our media folder (``MEDIA_URL``) and the
    S3 bucket or CDN origins photos are served from (``MEDIA_ORIGINS``)."""
    origins = [origin.rstrip("/") + "/" for origin in getattr(settings, "MEDIA_ORIGINS", [])]
    return [settings.MEDIA_URL, *origins]


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the press-release allowlist. Idempotent."""
    return nh3.clean(
        clean_pasted_html(html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
