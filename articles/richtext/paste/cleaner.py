"""``clean_pasted_html``: the steps, from whatever was pasted to plain semantic HTML."""

import re
from functools import lru_cache

import nh3

from articles.richtext.paste.containers import render_body
from articles.richtext.paste.flow import flow_of
from articles.richtext.paste.marks import NO_MARKS
from articles.richtext.paste.nesting import limit_nesting
from articles.richtext.paste.tree import MAX_DEPTH, parse_tree

# The first pass (nh3, the HTML5 parser) keeps the elements the cleaner reads, and the
# attributes that say what they mean: Word's list paragraphs by their class and style,
# Google Docs' bold by its style. Elements not named here go and their text stays.
READ_TAGS = frozenset({
    "p", "br", "hr", "div", "span", "font", "b", "strong", "i", "em", "u", "sub", "sup", "a",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption",
    "img", "section", "article", "header", "footer", "main", "aside", "nav", "center",
    "address", "pre", "dl", "dt", "dd",
})  # fmt: skip
READ_ATTRIBUTES = {
    "*": {"style", "class"},
    "a": {"href", "title", "name", "id"},
    "b": {"id"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Elements that go with their content: code, style sheets, a page's title, Word's
# document properties (``<xml>``).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "title", "xml", "template"})
# nh3's usual schemes, and those of the pictures Word and browsers paste from the
# writer's own computer, so that ``flow`` can recognise (and drop) those images.
READ_URL_SCHEMES = frozenset(nh3.ALLOWED_URL_SCHEMES | {"file", "blob", "cid"})
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Results kept for bodies up to this size: a page or feed shows the same stored bodies
# again and again (``Article.body_html`` sanitises on each render: the feeds' excerpts),
# and the cleaning costs ten to twenty times nh3's. 64 bodies of at most 50 000
# characters, in and out: a few MB per process.
MEMO_MAX_CHARACTERS = 50_000


def clean_pasted_html(html: str) -> str:
    """``html`` from any source reduced to plain semantic HTML (see the package's doc).

    Pure and idempotent: ``clean_pasted_html(clean_pasted_html(x)) == clean_pasted_html(x)``.
    Every piece of visible text stays, in order, except a Word list's typed bullets and
    numbers and whitespace. Never fails on text: malformed HTML is read as a browser
    reads it, nesting deeper than ``MAX_DEPTH`` elements loses the deeper elements
    (their text stays), and a lone surrogate becomes U+FFFD.
    """
    if not html:
        return ""
    if len(html) <= MEMO_MAX_CHARACTERS:
        return _clean_memoised(html)
    return _clean(html)


@lru_cache(maxsize=64)
def _clean_memoised(html: str) -> str:
    return _clean(html)


def _clean(html: str) -> str:
    html = _LONE_SURROGATE.sub("\ufffd", html)
    normalised = nh3.clean(
        limit_nesting(html, MAX_DEPTH),
        tags=set(READ_TAGS),
        attributes=READ_ATTRIBUTES,
        url_schemes=set(READ_URL_SCHEMES),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        strip_comments=True,
        link_rel=None,
    )
    return render_body(flow_of(parse_tree(normalised), NO_MARKS))
