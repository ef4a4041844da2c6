"""The content API's releases: every field of the list and the detail, every filter,
and the parameters it refuses."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from articles.models import ArticleEvent, ArticlePhoto
from tests.api.conftest import api_url
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 WIB
SITE = "http://testserver"


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


@pytest.fixture
def full_release(db):
    """A release with every field filled: a section, tags, a featured photo, a gallery
    of two, a correction, a body with an image and a link to the site."""
    section = SectionFactory(name="Kesehatan", description="Berita kesehatan.")
    article = ArticleFactory(
        title="Posyandu keliling",
        kicker="Bupati",
        summary="Posyandu keliling menjangkau desa terpencil.",
        body=(
            '<p>Paragraf <b>pertama</b> &amp; lanjut.</p><p><img src="/media/foto/a.jpg" '
            'alt="Foto"><a href="/berita/">Indeks</a></p>'
        ),
        dateline="BENGKALIS",
        source="PROKOPIM",
        section=section,
        published_at=hours_ago(2),
        with_photo=True,
        tags=["Kesehatan Ibu", "posyandu"],
    )
    for position, caption in enumerate(["Pertama.", "Kedua."]):
        ArticlePhoto.objects.create(
            article=article, photo=PhotoFactory(caption=caption), position=position
        )
    ArticleEvent.objects.create(
        article=article, action="corrected", note="Nama desa diperbaiki.", created_at=NOW
    )
    return article


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    code = ""
    while True:
        number, digit = divmod(number, 36)
        code = digits[digit] + code
        if not number:
            return code


def test_detail_has_every_field(get_json, full_release):
    article = full_release
    data = get_json(api_url("get_article", id=article.pk)).json()

    assert data["id"] == article.pk
    assert data["url"] == SITE + article.get_absolute_url()
    # The id in base 36, answered by /s/<code>/ with a 301 to the page.
    assert data["short_url"] == f"{SITE}/s/{base36(article.pk)}/"
    assert data["title"] == "Posyandu keliling"
    assert data["kicker"] == "Bupati"
    assert data["summary"] == "Posyandu keliling menjangkau desa terpencil."
    assert data["dateline"] == "BENGKALIS"
    assert data["source"] == "PROKOPIM"
    assert data["published_at"] == "2025-03-10T08:00:00+07:00"
    assert data["updated_at"] == "2025-03-10T10:00:00+07:00"  # saved "now", after publication
    # The body sanitised, with absolute addresses; its text without markup.
    assert f'<img src="{SITE}/media/foto/a.jpg" alt="Foto">' in data["body_html"]
    assert f'<a href="{SITE}/berita/" rel="noopener noreferrer">Indeks</a>' in data["body_html"]
    assert data["body_text"] == "Paragraf pertama & lanjut.\n\nIndeks"
    person = article.reporter
    assert data["credits"] == {
        "editor": {"name": article.editor.name, "url": SITE + article.editor.get_absolute_url()},
        "reporter": {"name": person.name, "url": SITE + person.get_absolute_url()},
        "photographer": {
            "name": article.photographer.name,
            "url": SITE + article.photographer.get_absolute_url(),
        },
    }
    assert data["section"] == {
        "slug": "kesehatan",
        "name": "Kesehatan",
        "description": "Berita kesehatan.",
        "url": SITE + reverse("articles:section", args=["kesehatan"]),
    }
    assert data["tags"] == [
        {"slug": "kesehatan-ibu", "name": "Kesehatan Ibu", "url": f"{SITE}/tag/kesehatan-ibu/"},
        {"slug": "posyandu", "name": "posyandu", "url": f"{SITE}/tag/posyandu/"},
    ]
    photo = data["photo"]
    featured = article.featured_photo
    assert photo["width"] == 800 and photo["height"] == 500
    assert photo["caption"] == featured.caption
    assert photo["credit"] == article.photographer.name
    assert photo["alt"] == featured.alt_text
    assert [(r["width"], r["format"]) for r in photo["renditions"]] == [
        (480, "jpeg"),
        (480, "webp"),
        (800, "jpeg"),
        (800, "webp"),
    ]
    assert photo["url"] == photo["renditions"][2]["url"]  # the JPEG fallback pages use
    every_url = [photo["url"], *(r["url"] for r in photo["renditions"])]
    assert all(url.startswith(f"{SITE}/media/photos/renditions/") for url in every_url)
    assert featured.image.name not in " ".join(every_url)  # never the stored upload
    assert [item["caption"] for item in data["gallery"]] == ["Pertama.", "Kedua."]
    assert data["view_count"] == 0
    correction = {"note": "Nama desa diperbaiki.", "corrected_at": "2025-03-10T10:00:00+07:00"}
    assert data["correction"] == correction
    assert data["corrections"] == [correction]


def test_list_items_are_the_detail(get_json, full_release):
    listed = get_json(api_url("list_articles")).json()
    detail = get_json(api_url("get_article", id=full_release.pk)).json()
    assert listed["count"] == 1
    assert listed["results"] == [detail]


def test_a_release_without_extras_has_nulls_and_empty_lists(get_json):
    article = ArticleFactory(editor=None, reporter=None, photographer=None, published_at=NOW)
    data = get_json(api_url("get_article", id=article.pk)).json()
    assert data["credits"] == {"editor": None, "reporter": None, "photographer": None}
    assert data["section"] is None and data["photo"] is None and data["correction"] is None
    assert data["tags"] == data["gallery"] == data["corrections"] == []


def test_a_photo_from_outside_the_newsroom_credits_its_source(get_json):
    photo = PhotoFactory(photographer=None, source="Humas Polres")
    article = ArticleFactory(photographer=None, featured_photo=photo, published_at=NOW)
    data = get_json(api_url("get_article", id=article.pk)).json()
    assert data["credits"]["photographer"] == {"name": "Humas Polres", "url": None}
    assert data["photo"]["credit"] == "Humas Polres"


def test_the_detail_counts_pending_reads_and_reading_counts_none(get_json, redis_mode):
    from articles.reads import buffer

    article = ArticleFactory(published_at=hours_ago(1))
    article.__class__.objects.filter(pk=article.pk).update(view_count=10)
    buffer.client().hincrby(buffer.LIVE, f"t:{article.pk}", 3)
    data = get_json(api_url("get_article", id=article.pk)).json()
    assert data["view_count"] == 13  # the public figure, pending reads included
    listed = get_json(api_url("list_articles")).json()
    assert listed["results"][0]["view_count"] == 10  # the stored figure
    assert buffer.pending(article.pk) == 3  # the API's reads counted nothing


def test_reads_through_the_api_are_not_counted(get_json):
    from articles.models import Article, DailyViews

    article = ArticleFactory(published_at=hours_ago(1))
    for _ in range(3):
        assert get_json(api_url("get_article", id=article.pk)).status_code == 200
    assert Article.objects.get(pk=article.pk).view_count == 0
    assert not DailyViews.objects.exists()


# -- the list: order, pages, filters ------------------------------------------------


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


def test_newest_first_in_pages_with_links(get_json):
    for number in range(5):
        ArticleFactory(title=f"Nomor {number}", published_at=hours_ago(number + 1))
    first = get_json(api_url("list_articles"), page_size=2, since="2025-01-01T00:00:00Z")
    assert titles(first) == ["Nomor 0", "Nomor 1"]
    body = first.json()
    assert body["count"] == 5 and body["previous"] is None
    assert (
        body["next"] == f"{SITE}/api/v1/articles/?page_size=2&since=2025-01-01T00%3A00%3A00Z&page=2"
    )
    second = get_json(body["next"])
    assert titles(second) == ["Nomor 2", "Nomor 3"]
    assert (
        second.json()["previous"]
        == f"{SITE}/api/v1/articles/?page_size=2&since=2025-01-01T00%3A00%3A00Z&page=1"
    )
    last = get_json(second.json()["next"])
    assert titles(last) == ["Nomor 4"] and last.json()["next"] is None


def test_an_empty_archive_is_an_empty_first_page(get_json):
    body = get_json(api_url("list_articles")).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_filter_by_tag_section_and_person(get_json):
    section = SectionFactory(name="Pendidikan")
    person = PersonFactory(name="Sari Dewi")
    ArticleFactory(title="Bertag", tags=["banjir"], published_at=hours_ago(1))
    ArticleFactory(title="Berubrik", section=section, published_at=hours_ago(2))
    ArticleFactory(title="Diliput Sari", reporter=person, published_at=hours_ago(3))
    ArticleFactory(title="Disunting Sari", editor=person, published_at=hours_ago(4))
    ArticleFactory(title="Difoto Sari", photographer=person, published_at=hours_ago(5))
    ArticleFactory(title="Lain", published_at=hours_ago(6))
    url = api_url("list_articles")

    assert titles(get_json(url, tag="banjir")) == ["Bertag"]
    assert titles(get_json(url, section="pendidikan")) == ["Berubrik"]
    assert titles(get_json(url, person="sari-dewi")) == [
        "Diliput Sari",
        "Disunting Sari",
        "Difoto Sari",
    ]
    assert titles(get_json(url, tag="banjir", section="pendidikan")) == []
    assert titles(get_json(url, tag="tidak-ada")) == []


def test_since_filters_on_the_last_visible_change(get_json, clock):
    old = ArticleFactory(title="Lama", published_at=hours_ago(30))
    clock.shift(timedelta(hours=1))  # 11:00 WIB
    ArticleFactory(title="Baru", published_at=hours_ago(20))
    # Saved at 11:00 for 12:30: changed, for a consumer, when it went out.
    ArticleFactory(title="Terjadwal", published_at=NOW + timedelta(hours=2, minutes=30))
    clock.shift(timedelta(hours=3))  # 14:00 WIB, the scheduled one is out
    url = api_url("list_articles")

    assert titles(get_json(url, since="2025-03-10T10:30:00+07:00")) == ["Terjadwal", "Baru"]
    assert titles(get_json(url, since="2025-03-10T03:30:00Z")) == ["Terjadwal", "Baru"]
    assert titles(get_json(url, since="2025-03-10T12:00:00+07:00")) == ["Terjadwal"]
    assert titles(get_json(url, since="2025-03-10T00:00:00.000001+07:00")) == [
        "Terjadwal",
        "Baru",
        "Lama",
    ]
    assert titles(get_json(url, since="1800-01-01T00:00:00z")) == ["Terjadwal", "Baru", "Lama"]
    assert titles(get_json(url, since="2025-03-10T14:00:01+07:00")) == []
    old.title = "Lama, diperbarui"
    old.save()
    assert titles(get_json(url, since="2025-03-10T14:00:00+07:00")) == ["Lama, diperbarui"]


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"since": "kemarin"}, "since"),
        ({"since": "2025-13-01"}, "since"),
        ({"since": ""}, "since"),
        ({"since": "2025-03-10"}, "since"),  # a date alone: which zone's day?
        ({"since": "2025-03-10T10:00:00"}, "since"),  # no zone
        ({"since": "2025-02-30T10:00:00Z"}, "since"),
        ({"since": "2025-03-10T10:00:00+25:00"}, "since"),
        ({"page": "0"}, "page"),
        ({"page": "dua"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"tag": "bukan slug!"}, "tag"),
        ({"section": "a\x00b"}, "section"),
        ({"person": "x" * 161}, "person"),
    ],
)
def test_a_bad_parameter_is_a_400_saying_which(get_json, params, word):
    response = get_json(api_url("list_articles"), **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert f"'{word}'" in response.json()["detail"]


def test_a_page_past_the_last_is_a_404(get_json):
    ArticleFactory(published_at=hours_ago(1))
    response = get_json(api_url("list_articles"), page=2)
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 2."}


@pytest.mark.parametrize("path", ["/api/v1/articles/0/", "/api/v1/articles/abc/"])
def test_a_bad_id_is_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "'id'" in response.json()["detail"]


def test_an_unknown_id_and_an_unknown_address_are_json_404s(client, get_json):
    response = get_json(api_url("get_article", id=999_999))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_address_without_its_slash_is_redirected(client):
    response = client.get("/api/v1/articles?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/?page=2"
