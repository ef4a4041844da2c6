"""Properties of the paste cleaner over generated HTML: Word, Google Docs and
LibreOffice shapes (styled spans, ``b``/``i``, Word list paragraphs with their bullets,
conditional comments), nested blocks, entities and arbitrary text.

Each strategy gives a pair: the HTML, and the text a reader sees in it once the typed
bullets of Word lists, comments and style sheets are left out.
"""

from html import escape
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.richtext.paste import clean_pasted_html
from articles.richtext.sanitizer import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html

PROPERTIES = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    list(" \n\r\t\xa0<>&\"'") + ["\u00b7", "\u2013", "\u00e9", "\U0001f600"]
)
text = st.text(CHARACTERS, max_size=12).map(lambda raw: (escape(raw, quote=False), raw))
LEAVES = [
    ("&nbsp;", "\xa0"),
    ("&amp;", "&"),
    ("&#8211;", "\u2013"),
    ("&lt;b&gt;", "<b>"),
    ("1 < 2 & 3", "1 < 2 & 3"),
    ("<br>", ""),
    ("<br><br>", ""),
    ("<br/>", ""),
    ("<o:p></o:p>", ""),
    ("<o:p>&nbsp;</o:p>", "\xa0"),
    ("<!-- komentar -->", ""),
    ("<!--[if gte mso 9]><xml><w:View>Normal</w:View></xml><![endif]-->", ""),
    ("<![if !vml]>gambar<![endif]>", "gambar"),
    ('<img src="/media/photos/a.jpg" alt="Foto">', ""),
    ('<img src="file:///C:/clip_image001.png">', ""),
    ("<a name=_GoBack></a>", ""),
]
leaf = text | st.sampled_from(LEAVES)

INLINE = [
    ("<span>", "</span>"),
    ("<span lang=IN style='font-size:12.0pt;font-family:\"Times New Roman\"'>", "</span>"),
    ('<span style="font-weight:700;font-style:normal;vertical-align:baseline">', "</span>"),
    ('<span style="font-weight:400">', "</span>"),
    ('<span style="font-style:italic">', "</span>"),
    ('<span style="vertical-align:super">', "</span>"),
    ("<b>", "</b>"),
    ("<b style='mso-bidi-font-weight:normal'>", "</b>"),
    ("<i>", "</i>"),
    ("<strong>", "</strong>"),
    ("<em>", "</em>"),
    ("<u>", "</u>"),
    ("<sub>", "</sub>"),
    ('<font face="Liberation Serif, serif"><font size="3" style="font-size: 12pt">',
     "</font></font>"),
    ('<a href="https://bengkaliskab.go.id/" style="color:#0563C1">', "</a>"),
    ('<a href="javascript:alert(1)">', "</a>"),
]  # fmt: skip
BLOCK_WRAPPERS = [
    ("<div>", "</div>"),
    ('<div class="WordSection1">', "</div>"),
    ("<blockquote>", "</blockquote>"),
    ("<ul><li>", "</li></ul>"),
    ('<ol style="margin:0"><li dir="ltr" aria-level="1">', "</li></ol>"),
    ("<table border=1><tr><td width=300 valign=top>", "</td></tr></table>"),
    ('<b style="font-weight:normal;" id="docs-internal-guid-1a2b">', "</b>"),
    ("<b>", "</b>"),
    ("<i>", "</i>"),
]
PARAGRAPHS = [
    ("<p>", "</p>"),
    ("<p class=MsoNormal style='margin-bottom:0cm;line-height:normal'>", "</p>"),
    ('<p dir="ltr" style="line-height:1.38;margin-top:0pt;">', "</p>"),
    ('<p style="margin-bottom: 0cm; line-height: 100%">', "</p>"),
    ("<h1>", "</h1>"),
    ('<h2 class="western">', "</h2>"),
    ("<h5>", "</h5>"),
    ("<li>", "</li>"),
]


def joined(parts: list[tuple[str, str]]) -> tuple[str, str]:
    return "".join(html for html, _ in parts), "".join(seen for _, seen in parts)


def wrapped(wrapper: tuple[str, str], parts: list[tuple[str, str]]) -> tuple[str, str]:
    html, seen = joined(parts)
    return wrapper[0] + html + wrapper[1], seen


inline = st.recursive(
    leaf,
    lambda children: st.builds(
        wrapped, st.sampled_from(INLINE), st.lists(children, min_size=1, max_size=4)
    ),
    max_leaves=6,
)
inline_run = st.lists(inline, max_size=4).map(joined)


WORD_LIST_CLASSES = [
    "MsoListParagraphCxSpFirst",
    "MsoListParagraphCxSpMiddle",
    "MsoListParagraphCxSpLast",
    "MsoListParagraph",
    "MsoNormal",
]


@st.composite
def word_list_paragraph(draw) -> tuple[str, str]:
    level = draw(st.integers(1, 4))
    css = draw(st.sampled_from(WORD_LIST_CLASSES))
    glyph = draw(st.sampled_from(["\u00b7", "\u00a7", "o", "-", "1.", "a)", "iv.", "10."]))
    html, seen = draw(inline_run)
    return (
        f"<p class={css} style='margin-left:{36 * level}.0pt;text-indent:-18.0pt;"
        f"mso-list:l{draw(st.integers(0, 2))} level{level} lfo{draw(st.integers(1, 3))}'>"
        "<![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>"
        f"{escape(glyph)}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span>"
        f"</span></span><![endif]>{html}<o:p></o:p></p>\n",
        seen,
    )


paragraph = st.builds(wrapped, st.sampled_from(PARAGRAPHS), st.lists(inline, max_size=4))
block = st.recursive(
    paragraph | word_list_paragraph() | inline,
    lambda children: st.builds(
        wrapped, st.sampled_from(BLOCK_WRAPPERS), st.lists(children, min_size=1, max_size=4)
    ),
    max_leaves=8,
)
PRELUDES = [
    ("", ""),
    (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
        "<meta name=Generator content='Microsoft Word 15'><title>Dokumen</title>"
        "<style><!-- @list l0:level1 {mso-level-text:\\F0B7;} p.MsoNormal {margin:0} --></style>"
        "</head><body lang=IN><!--StartFragment-->",
        "<!--EndFragment--></body></html>",
    ),
    ('<meta charset="utf-8">', '<br class="Apple-interchange-newline">'),
]
document = st.builds(wrapped, st.sampled_from(PRELUDES), st.lists(block, max_size=6))


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.elements: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name for name, _ in attrs}))

    def handle_data(self, data):
        self.text.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def without_whitespace(text: str) -> str:
    return "".join(character for character in text if not character.isspace())


@PROPERTIES
@given(document)
def test_cleaning_twice_changes_nothing(pasted):
    once = clean_pasted_html(pasted[0])
    assert clean_pasted_html(once) == once


@PROPERTIES
@given(document)
def test_no_visible_text_is_lost_or_moved(pasted):
    html, seen = pasted
    cleaned = "".join(read(clean_pasted_html(html)).text)
    assert without_whitespace(cleaned) == without_whitespace(seen)


@PROPERTIES
@given(document)
def test_only_allowed_tags_and_attributes_come_out(pasted):
    for tag, attributes in read(clean_pasted_html(pasted[0])).elements:
        assert tag in ALLOWED_TAGS - {"b", "i"}, tag
        assert attributes <= ALLOWED_ATTRIBUTES.get(tag, set()), (tag, attributes)


@PROPERTIES
@given(document)
def test_what_is_stored_is_stable_and_allowed(pasted):
    stored = sanitize_html(pasted[0])
    assert sanitize_html(stored) == stored
    for tag, attributes in read(stored).elements:
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert tag in ALLOWED_TAGS and attributes <= allowed, (tag, attributes)


@PROPERTIES
@given(st.text(CHARACTERS | st.sampled_from(["<", ">", "&", "/", "=", '"', "!", "-", "p", "b"])))
def test_any_text_at_all_is_cleaned_stably(raw):
    once = clean_pasted_html(raw)
    assert clean_pasted_html(once) == once
