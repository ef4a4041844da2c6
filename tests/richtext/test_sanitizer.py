"""Editor HTML keeps what a press release needs and nothing that can run or track."""

import re

import pytest

from articles.richtext.sanitizer import sanitize_html

# Known XSS payloads, in the shapes editors paste by accident and attackers send on purpose.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="/media/a.jpg" onload="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">x</div>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    '<audio src=x onerror="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="https://tracker.example/pixel.gif">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<p><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript></p>',
]

DANGEROUS = [
    re.compile(
        r"<\s*(script|iframe|object|embed|style|svg|math|form|input|meta|base|link)\b", re.I
    ),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"(javascript|vbscript|data):", re.I),
    re.compile(r"tracker\.example|evil\.example"),
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_known_xss_payload_survives(payload):
    cleaned = sanitize_html(payload)
    for pattern in DANGEROUS:
        assert not pattern.search(cleaned), (payload, cleaned)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitising_is_stable(payload):
    once = sanitize_html(payload)
    assert sanitize_html(once) == once


def test_there_are_at_least_thirty_payloads():
    assert len(PAYLOADS) >= 30


def test_press_release_markup_survives():
    html = (
        "<h2>Subjudul</h2><p>Teks <strong>tebal</strong>, <em>miring</em> dan "
        '<a href="https://bengkaliskab.go.id/">tautan</a>.</p>'
        "<ul><li>satu</li></ul><ol><li>dua</li></ol><blockquote>kutipan</blockquote>"
        '<table><thead><tr><th scope="col">Desa</th></tr></thead>'
        "<tbody><tr><td>Bantan</td></tr></tbody></table>"
        '<p><img src="/media/photos/2024/01/foto.jpg" alt="Foto" width="800" height="500"></p>'
    )
    cleaned = sanitize_html(html)
    for kept in (
        "<h2>",
        "<strong>",
        "<em>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        "<table>",
        '<th scope="col">',
        'src="/media/photos/2024/01/foto.jpg"',
        'alt="Foto"',
    ):
        assert kept in cleaned, kept
    assert 'href="https://bengkaliskab.go.id/"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


@pytest.mark.parametrize(
    "src, kept",
    [
        ("https://foto.example.go.id/photos/renditions/v1/ab/ab12/w960.jpg", True),
        ("https://foto.example.go.id.evil.example/x.jpg", False),
        ("https://foto.example.go.id//evil.example/x.jpg", False),
        ("https://other.example/x.jpg", False),
        ("/media/photos/a.jpg", True),
    ],
)
def test_body_images_may_come_from_the_photo_bucket_or_cdn(settings, src, kept):
    settings.MEDIA_ORIGINS = ["https://foto.example.go.id"]
    cleaned = sanitize_html(f'<p><img src="{src}" alt="Foto"></p>')
    assert (f'src="{src}"' in cleaned) is kept
