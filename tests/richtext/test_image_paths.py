"""Body images may only point at our own media: an address that leaves the media
folder, or could be read as another host, loses its ``src`` when the body is saved."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.richtext.sanitizer import sanitize_html
from tests.admin_forms import forged_change
from tests.factories import ArticleFactory

CDN = "https://foto.example.go.id"

# Addresses that climb out of the media folder, or that a browser or a server
# resolves somewhere else than they seem to say.
HOSTILE_SOURCES = [
    "/media/../berita/rahasia.jpg",
    "/media/./../berita/x.jpg",
    "/media/photos/../../etc/passwd",
    "/media/..",
    "/media/foto/..",
    "/media/./foto.jpg",
    "/media/foto/.",
    "/media/%2e%2e/berita/x.jpg",
    "/media/%2E%2E/berita/x.jpg",
    "/media/%2e./berita/x.jpg",
    "/media/.%2E/berita/x.jpg",
    "/media/%252e%252e/berita/x.jpg",
    "/media/%25252e%25252e/berita/x.jpg",
    "/media/%2e/foto.jpg",
    "/media/..%2fberita/x.jpg",
    "/media/..%2Fberita/x.jpg",
    "/media/%2fevil.example/x.jpg",
    "/media/..%5cberita/x.jpg",
    "/media/%5c%5cevil.example/x.jpg",
    "/media/..\\berita\\x.jpg",
    "/media\\..\\berita\\x.jpg",
    "\\\\evil.example\\x.jpg",
    "\\/evil.example/x.jpg",
    "/\\evil.example/x.jpg",
    "//evil.example/x.jpg",
    "///evil.example/x.jpg",
    "///media/x.jpg",
    "//media/x.jpg",
    "/media//evil.example/x.jpg",
    "/media/.\t./berita/x.jpg",
    "/media/.\n./berita/x.jpg",
    "/media/%09../x.jpg",
    "/media/foto.jpg?x=../../",
    "/mediax/foto.jpg",
    "/media",
    "/media/",
    "media/foto.jpg",
    "../media/foto.jpg",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "javascript:/media/foto.jpg",
    "data:image/png;base64,iVBORw0KGgo=",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///media/foto.jpg",
    "http://localhost/media/foto.jpg",
    "https://evil.example/media/foto.jpg",
    "https://evil.example/x.jpg",
    f"{CDN}.evil.example/x.jpg",
    f"{CDN}@evil.example/x.jpg",
    f"https://user@{CDN.removeprefix('https://')}/x.jpg",
    f"{CDN}:8443/x.jpg",
    f"http://{CDN.removeprefix('https://')}/x.jpg",
    f"{CDN}//evil.example/x.jpg",
    f"{CDN}/../x.jpg",
    f"{CDN}/photos/%2e%2e/x.jpg",
    f"{CDN}/photos/%252E%252E/x.jpg",
    f"{CDN}\\evil.example/x.jpg",
    f"{CDN}/",
    "https://[::1/x.jpg",
    "/media/%ff%fe.jpg",
    "/media/%c0%ae%c0%ae/x.jpg",  # overlong UTF-8 for "."
    "/media/\uff0e\uff0e/berita/x.jpg",  # full-width dots
    "/media/%EF%BC%8E%EF%BC%8E/berita/x.jpg",
    "/media/..\uff3cberita/x.jpg",  # full-width backslash
    "/media/x.jpg\u2028",
]
OWN_SOURCES = [
    "/media/photos/2024/01/foto.jpg",
    "/media/photos/renditions/v1/ab/ab12/w960.webp",
    "/media/foto%20bupati.jpg",
    f"{CDN}/photos/renditions/v1/ab/ab12/w960.jpg",
    "HTTPS://FOTO.example.go.id/photos/a.jpg",
]


def body_with(src: str) -> str:
    return f'<p>Teks.</p><p><img src="{src}" alt="Foto kegiatan"></p>'


@pytest.fixture(autouse=True)
def photo_cdn(settings):
    settings.MEDIA_URL = "/media/"
    settings.MEDIA_ORIGINS = [CDN]


@pytest.mark.parametrize("src", HOSTILE_SOURCES)
def test_an_image_address_that_leaves_the_media_folder_loses_its_src(src):
    cleaned = sanitize_html(body_with(src))
    assert "src=" not in cleaned, cleaned
    assert 'alt="Foto kegiatan"' in cleaned  # the rest of the body is kept
    assert "<p>Teks.</p>" in cleaned


@pytest.mark.parametrize(
    "escaped",
    [
        "/media/&#46;&#46;/berita/x.jpg",
        "/media/&period;&period;/berita/x.jpg",
        "/media/&#x2e;&#x2E;/berita/x.jpg",
        "/media/..&#92;berita/x.jpg",
        "&#47;&#47;evil.example/x.jpg",
        "/media/&#37;2e&#37;2e/x.jpg",
    ],
)
def test_html_entities_do_not_smuggle_a_dot_segment_past_the_check(escaped):
    cleaned = sanitize_html(body_with(escaped))
    assert "src=" not in cleaned, cleaned


@pytest.mark.parametrize("src", OWN_SOURCES)
def test_our_own_photo_addresses_are_kept(src):
    assert f'src="{src}"' in sanitize_html(body_with(src))


@pytest.mark.parametrize("src", HOSTILE_SOURCES[:10])
def test_cleaning_a_refused_image_is_stable(src):
    once = sanitize_html(body_with(src))
    assert sanitize_html(once) == once


def test_an_absolute_media_url_is_the_only_host_allowed_besides_the_origins(settings):
    settings.MEDIA_URL = "https://media.example.go.id/berkas/"
    settings.MEDIA_ORIGINS = []
    kept = sanitize_html(body_with("https://media.example.go.id/berkas/foto.jpg"))
    climbing = sanitize_html(body_with("https://media.example.go.id/berkas/../admin/x.jpg"))
    relative = sanitize_html(body_with("/berkas/foto.jpg"))
    assert 'src="https://media.example.go.id/berkas/foto.jpg"' in kept
    assert "src=" not in climbing and "src=" not in relative


@pytest.mark.django_db
class TestOnSave:
    @pytest.mark.parametrize(
        "src", ["/media/../berita/x.jpg", "/media/%2e%2e/x.jpg", "//evil.example/x.jpg"]
    )
    def test_saving_an_article_drops_a_climbing_image_address(self, src):
        article = ArticleFactory(body=body_with(src))
        article.refresh_from_db()
        assert "src=" not in article.body
        assert "Foto kegiatan" in article.body

    def test_an_editor_posting_a_climbing_image_address_in_the_admin_stores_none(
        self, client, make_user
    ):
        client.force_login(make_user("Editor", "rahmat"))
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        body = body_with("/media/../berita/x.jpg") + body_with("/media/photos/ok.jpg")
        data = forged_change(
            article, body=body, status=Article.Status.DRAFT, published_at_0="", published_at_1=""
        )

        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

        assert response.status_code == 302
        article.refresh_from_db()
        assert "/berita/" not in article.body and ".." not in article.body
        assert 'src="/media/photos/ok.jpg"' in article.body
        assert ".." not in article.history.first().body
