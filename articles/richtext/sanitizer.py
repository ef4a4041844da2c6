"""Editor HTML is cleaned with nh3 against an allowlist suited to press releases
(``articles.richtext.allowlist``, which the editor's toolbar is built from too).

Anything outside the allowlist (scripts, event handlers, styles, frames, SVG,
``javascript:``/``data:`` URLs) is removed, and images may only point at our
own media, so a pasted text can neither run code nor track readers. Before that,
``clean_pasted_html`` reduces office markup (Word, Google Docs, LibreOffice) to plain
semantic HTML, so every stored body is written the same way whatever its source.
"""

import html
import re
from collections.abc import Callable

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


def sanitize_html(text: str, *, absolute: Callable[[str], str] | None = None) -> str:
    """Return ``text`` reduced to the press-release allowlist. Idempotent.

    With ``absolute`` (e.g. ``request.build_absolute_uri``), every kept image address
    and every link to a path of the site (``/...``) goes through it, for copies of the
    body read elsewhere (the content API)."""
    keep = _keep_attribute
    if absolute is not None:

        def keep(tag: str, attribute: str, value: str) -> str | None:
            kept = _keep_attribute(tag, attribute, value)
            if kept is not None and (tag, attribute) in _ADDRESSES and _is_site_path(kept):
                return absolute(kept)
            return kept

    return nh3.clean(
        clean_pasted_html(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=keep,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_ADDRESSES = {("img", "src"), ("a", "href")}


def _is_site_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


# Where a block of text ends (a paragraph, heading, list item, row...), and a line break.
_BLOCK_END = re.compile(r"</(?:p|h2|h3|h4|li|blockquote|tr|figcaption|caption)>|<hr\s*/?>")
_LINE_BREAK = re.compile(r"<br\s*/?>")
_BLANK_LINES = re.compile(r"\n{3,}")


def plain_text(text: str) -> str:
    """The words of sanitised HTML ``text`` without its markup: one blank line between
    blocks (paragraphs, headings, list items), entities decoded."""
    separated = _BLOCK_END.sub(lambda match: match.group(0) + "\n\n", text or "")
    separated = _LINE_BREAK.sub("\n", separated)
    stripped = nh3.clean(separated, tags=set(), strip_comments=True)
    return _BLANK_LINES.sub("\n\n", html.unescape(stripped)).strip()
