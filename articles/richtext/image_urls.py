"""Which image addresses a press release body may keep.

An address is kept only when it is already in its plain, normal form and lies
under one of the allowed prefixes (the media folder, the photo bucket or CDN).
Anything a browser or a server could resolve to somewhere else is refused
outright rather than repaired: dot segments (``.``, ``..``), backslashes,
percent-encoded dots, slashes or backslashes (at any depth of encoding: ``%2e``,
``%252e``...) and their full-width look-alikes, empty segments (``//``), whitespace
and control characters, user names, ports, and any scheme or host that is not an
allowed prefix's.
"""

import posixpath
import re
import unicodedata
from urllib.parse import SplitResult, unquote, urlsplit

# Percent-encoded ".", "/" and "\"; whatever they decode to, nobody types them on purpose.
_ENCODED_SEPARATOR = re.compile(r"%(2e|2f|5c)", re.IGNORECASE)
# Browsers drop tabs and newlines inside URLs ("/media/.\t./x" is "/media/../x"); an
# address is written without spaces, and decodes to no control character.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SPACE = re.compile(r"\s")
# More layers of percent-encoding than this is not a photo address.
MAX_DECODING_DEPTH = 3


def is_own_media(url: str, prefixes: list[str]) -> bool:
    """Whether ``url`` is a plain address under one of ``prefixes`` (each a path such
    as ``/media/`` or an origin with a path such as ``https://foto.example/``)."""
    # "//host/..." (and "///host/...") is another host to a browser, whatever the prefix.
    if not url or url.startswith("//") or not _is_plain(url):
        return False
    try:
        candidate = urlsplit(url)
        return any(_is_under(candidate, urlsplit(prefix)) for prefix in prefixes if prefix)
    except ValueError:  # e.g. an unclosed IPv6 bracket in the host
        return False


def _decodings(url: str) -> list[str] | None:
    """``url`` and each of its percent-decodings until one is stable; None when
    it is encoded more deeply than ``MAX_DECODING_DEPTH``."""
    layers = [url]
    for _depth in range(MAX_DECODING_DEPTH + 1):
        decoded = unquote(layers[-1], errors="strict") if "%" in layers[-1] else layers[-1]
        if decoded == layers[-1]:
            return layers
        layers.append(decoded)
    return None


def _is_plain(url: str) -> bool:
    try:
        layers = _decodings(url)
    except UnicodeDecodeError:  # percent-encoded bytes that are not UTF-8 text
        return False
    if layers is None:
        return False
    if _SPACE.search(url):
        return False
    # Each layer also as compatibility-normalised text, for servers that fold look-alikes
    # ("\uff0e\uff0e" is "..", "\uff3c" a backslash) before resolving a path.
    forms = {form for layer in layers for form in (layer, unicodedata.normalize("NFKC", layer))}
    return not any(
        ".." in form or "\\" in form or _ENCODED_SEPARATOR.search(form) or _CONTROL.search(form)
        for form in forms
    )


def _is_under(candidate: SplitResult, prefix: SplitResult) -> bool:
    same_origin = (
        candidate.scheme.lower() == prefix.scheme.lower()
        and candidate.netloc.lower() == prefix.netloc.lower()
    )
    if not same_origin:
        return False
    path = candidate.path
    if not path.startswith("/") or "//" in path or not path.startswith(prefix.path or "/"):
        return False
    # Already normal: no "." segment that normalising would remove.
    normal = posixpath.normpath(path) + ("/" if path.endswith("/") else "")
    return normal == path and len(path) > len(prefix.path)
