"""Editor HTML is cleaned with nh3 against an allowlist suited to press releases.

Anything outside the allowlist (scripts, event handlers, styles, frames, SVG,
``javascript:``/``data:`` URLs) is removed, and images may only point at our
own media, so a pasted text can neither run code nor track readers.
"""

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4",
    "strong", "b", "em", "i", "u", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote",
    "table", "caption", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _is_own_media(value) else None
    return value


def _is_own_media(url: str) -> bool:
    """Our media folder (``MEDIA_URL``), or the S3 bucket / CDN origin photos are served
    from (``MEDIA_ORIGINS``); nothing that could lead elsewhere (``//``) after it."""
    media_url = settings.MEDIA_URL
    if media_url.startswith("/") and url.startswith(media_url) and "//" not in url:
        return True
    for origin in getattr(settings, "MEDIA_ORIGINS", []):
        rest = url.removeprefix(origin.rstrip("/") + "/")
        if rest != url and not rest.startswith("/") and "//" not in rest:
            return True
    return False


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the press-release allowlist. Idempotent."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
