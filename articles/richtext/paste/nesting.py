"""A bound on nesting before the HTML5 parser sees the input.

html5ever, the parser inside nh3, checks the open elements for a ``<p>`` at each block
start tag, so ``<div>`` nested n deep costs n² steps: 60 000 of them (300 KB) take
over ten seconds. ``limit_nesting`` leaves out the start and end tags nested deeper
than a bound; the text inside them stays. It follows the parser's nesting only roughly
(the implied end tags of ``p``, ``li``, table cells…), which is enough for a bound; input
that nests less than the bound is returned unchanged, character for character.

Only the blocks that nest without closing themselves cost that much; with few of them
(``MANY_BLOCKS``) the cost is bounded whatever their depth, and the input is not even
scanned (most bodies: the scan costs about as much as the cleaning). Other elements
nested deep (a million ``<span>``) cost html5ever little; ``tree`` bounds their depth.
"""

import re
from html.parser import HTMLParser

MANY_BLOCKS = 1000
_NESTING_BLOCK = re.compile(
    r"<(?:address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figure|"
    r"figcaption|footer|form|header|hgroup|listing|main|menu|nav|ol|pre|search|section|"
    r"summary|ul|xmp)[\s/>]",
    re.IGNORECASE,
)

# Elements with no end tag.
_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
})  # fmt: skip
# Elements that are not phrasing content: a search for an element to close implicitly
# stops at them (roughly the parser's "special" elements and scopes).
_SPECIAL = frozenset({
    "address", "applet", "article", "aside", "blockquote", "body", "button", "caption",
    "center", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "html", "li", "main", "marquee", "menu", "nav", "object", "ol", "p", "pre", "section",
    "select", "table", "tbody", "td", "template", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CLOSES_P = _SPECIAL - {
    "applet", "body", "button", "caption", "html", "marquee", "object", "select", "tbody",
    "td", "template", "tfoot", "th", "thead", "tr",
}  # fmt: skip
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot"})
# A start tag of the key closes an open element named in the first set, found among the
# innermost open elements without passing one of the second set.
_IMPLIED_END = {
    "li": ({"li"}, _SPECIAL - {"address", "div", "p", "li"}),
    "dt": ({"dt", "dd"}, _SPECIAL - {"address", "div", "p", "dt", "dd"}),
    "dd": ({"dt", "dd"}, _SPECIAL - {"address", "div", "p", "dt", "dd"}),
    "td": ({"td", "th"}, {"table"}),
    "th": ({"td", "th"}, {"table"}),
    "tr": ({"tr"}, {"table"}),
    **{part: (_TABLE_PARTS, {"table"}) for part in _TABLE_PARTS},
    "option": ({"option"}, _SPECIAL),
}
_SEARCH_DEPTH = 50  # how far down an implied end is looked for: bounds the scan's cost


def limit_nesting(html: str, limit: int) -> str:
    """``html`` without the tags nested deeper than ``limit``; unchanged if none are."""
    if html.count("<") <= limit or len(_NESTING_BLOCK.findall(html)) <= MANY_BLOCKS:
        return html
    scanner = _NestingScanner(limit)
    scanner.feed(html)
    scanner.close()
    return "".join(scanner.pieces) if scanner.cut else html


class _NestingScanner(HTMLParser):
    """Writes the input back token by token, leaving out the too deeply nested tags."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.pieces: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, kept) from the outermost
        self.counts: dict[str, int] = {}
        self.cut = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _CLOSES_P:
            self._close_implied({"p"}, _SPECIAL)
        if tag in _IMPLIED_END:
            self._close_implied(*_IMPLIED_END[tag])
        elif tag in _HEADINGS and self.open and self.open[-1][0] in _HEADINGS:
            self._close(self.open[-1][0])
        if tag in _VOID:
            self.pieces.append(self.get_starttag_text() or "")
            return
        kept = len(self.open) < self.limit
        if kept:
            self.pieces.append(self.get_starttag_text() or "")
        else:
            self.cut = True
        self.open.append((tag, kept))
        self.counts[tag] = self.counts.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.pieces.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.counts.get(tag):
            self.pieces.append(f"</{tag}>")  # a stray end tag: the parser decides
            return
        if self._close(tag):
            self.pieces.append(f"</{tag}>")

    def _close_implied(self, targets, barriers) -> None:
        for name, _kept in reversed(self.open[-_SEARCH_DEPTH:]):
            if name in targets:
                self._close(name)
                return
            if name in barriers:
                return

    def _close(self, tag: str) -> bool:
        """Close the innermost open ``tag`` and what is inside it; whether it was kept."""
        while True:
            name, kept = self.open.pop()
            self.counts[name] -= 1
            if name == tag:
                return kept

    def handle_data(self, data: str) -> None:
        self.pieces.append(data)

    def handle_entityref(self, name: str) -> None:
        self.pieces.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.pieces.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.pieces.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.pieces.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.pieces.append(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.pieces.append(f"<?{data}>")
