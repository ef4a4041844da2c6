"""Short links, ``/s/<code>/``: the code is the article's id in base 36; a published
release's code answers 301 to its current address, anything else 404. What the article
page says of its short link (``<link rel="shortlink">``, the WhatsApp share link) is here
too; that no hidden release answers is also in test_nothing_unpublished_leaks.py."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, shortlinks
from tests.factories import ArticleFactory
from tests.public.pages import Elements, absolute, release

NOW = datetime(2024, 5, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB


class TestCodes:
    @pytest.mark.parametrize(
        ("article_id", "code"),
        [(1, "1"), (35, "z"), (36, "10"), (1_679_615, "zzzz"), (2**63 - 1, "1y2p0ij32e8e7")],
    )
    def test_the_code_is_the_id_in_base_36(self, article_id, code):
        assert shortlinks.short_code(article_id) == code
        assert shortlinks.article_id(code) == article_id

    @given(st.integers(min_value=1, max_value=shortlinks.MAX_ID))
    def test_every_id_reads_back_from_its_code(self, article_id):
        code = shortlinks.short_code(article_id)
        assert shortlinks.article_id(code) == article_id
        assert len(code) <= 13

    @given(st.text(max_size=16))
    def test_a_string_is_a_code_only_in_the_spelling_short_code_writes(self, text):
        found = shortlinks.article_id(text)
        assert found is None or shortlinks.short_code(found) == text

    @pytest.mark.parametrize(
        "malformed",
        ["", "0", "01", "ABC", "Ab", "a-b", "a_b", "a.b", "é", "１２", "1y2p0ij32e8e8", "z" * 14],
    )
    def test_malformed_codes_are_none(self, malformed):
        assert shortlinks.article_id(malformed) is None

    def test_an_id_below_one_has_no_code(self):
        with pytest.raises(ValueError):
            shortlinks.short_code(0)

    def test_the_short_path(self):
        assert shortlinks.short_path(1_679_615) == "/s/zzzz/"
        assert reverse("articles:short_link", args=["zzzz"]) == "/s/zzzz/"


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class TestRedirect:
    def test_a_published_release_answers_301_to_its_address(self, client):
        article = release("Bupati Tinjau Banjir")
        response = client.get(shortlinks.short_path(article.pk))
        assert response.status_code == 301
        assert response["Location"] == absolute(article.get_absolute_url())
        assert response["Cache-Control"] == "public, max-age=300"

    def test_one_small_query(self, client, django_assert_num_queries):
        article = release("Bupati Tinjau Banjir")
        path = shortlinks.short_path(article.pk)
        with django_assert_num_queries(1) as captured:
            response = client.get(path)
        assert response.status_code == 301
        assert '"body"' not in captured.captured_queries[0]["sql"]

    def test_follows_a_slug_change(self, client):
        article = release("Judul awal")
        article.slug = "judul-diperbaiki"
        article.save()
        response = client.get(shortlinks.short_path(article.pk))
        assert response["Location"] == absolute(article.get_absolute_url())
        assert response["Location"].endswith("/judul-diperbaiki/")

    def test_follows_a_date_change(self, client):
        article = release("Berita", hours_ago=1)
        article.published_at = timezone.now() - timedelta(days=3)
        article.save()
        response = client.get(shortlinks.short_path(article.pk))
        assert response["Location"] == absolute(article.get_absolute_url())
        assert "/2024/04/29/" in response["Location"]

    def test_the_address_is_on_the_requests_scheme_and_host(self, client, settings):
        settings.ALLOWED_HOSTS = ["berita.bengkaliskab.go.id"]
        article = release("Berita")
        response = client.get(
            shortlinks.short_path(article.pk), HTTP_HOST="berita.bengkaliskab.go.id", secure=True
        )
        assert response["Location"] == (
            f"https://berita.bengkaliskab.go.id{article.get_absolute_url()}"
        )

    @pytest.mark.parametrize(
        ("status", "ahead"),
        [
            (Article.Status.DRAFT, -timedelta(hours=1)),
            (Article.Status.REVIEW, -timedelta(hours=1)),
            (Article.Status.PUBLISHED, timedelta(minutes=30)),  # scheduled
            (Article.Status.WITHDRAWN, -timedelta(hours=1)),
        ],
        ids=["draft", "review", "scheduled", "withdrawn"],
    )
    def test_a_release_the_public_may_not_see_is_404(self, client, status, ahead):
        hidden = ArticleFactory(status=status, published_at=timezone.now() + ahead)
        response = client.get(shortlinks.short_path(hidden.pk))
        assert response.status_code == 404
        assert not response.has_header("Location")

    def test_a_scheduled_release_answers_from_its_publication_time(self, client, clock):
        scheduled = ArticleFactory(published_at=timezone.now() + timedelta(minutes=30))
        path = shortlinks.short_path(scheduled.pk)
        assert client.get(path).status_code == 404
        clock.shift(timedelta(minutes=30))
        assert client.get(path).status_code == 301

    def test_an_id_with_no_article_is_404(self, client):
        article = release("Berita")
        assert client.get(shortlinks.short_path(article.pk + 1)).status_code == 404

    @pytest.mark.parametrize(
        "malformed", ["0", "01", "ABC", "a-b", "%C3%A9", "1y2p0ij32e8e8", "zzzzzzzzzzzzzz"]
    )
    def test_a_malformed_code_is_404_without_a_query(
        self, client, malformed, django_assert_num_queries
    ):
        release("Berita")
        client.get("/s/0/")  # the 404 page's site settings and menu, cached from then on
        with django_assert_num_queries(0):
            response = client.get(f"/s/{malformed}/")
        assert response.status_code == 404

    def test_a_code_with_leading_zero_for_a_real_id_is_404(self, client):
        article = release("Berita")
        path = reverse("articles:short_link", args=["0" + shortlinks.short_code(article.pk)])
        assert client.get(path).status_code == 404


def share_link(response) -> str:
    """The href of the article page's "Bagikan ke WhatsApp" link."""
    found = [
        href
        for text, href in Elements(response, "share").found[0]["links"]
        if text == "Bagikan ke WhatsApp"
    ]
    assert len(found) == 1
    return found[0]


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class TestOnTheArticlePage:
    def test_the_page_names_its_absolute_short_link(self, client):
        article = release("Bupati Tinjau Banjir")
        response = client.get(article.get_absolute_url())
        short_url = absolute(shortlinks.short_path(article.pk))
        assert f'<link rel="shortlink" href="{short_url}">' in response.content.decode()

    def test_the_whatsapp_link_carries_the_title_and_the_short_link(self, client):
        article = release('Bupati & Wakil "Tinjau" Banjir 100% #Bengkalis?')
        href = share_link(client.get(article.get_absolute_url()))
        address = urlsplit(href)
        assert (address.scheme, address.netloc, address.path) == ("https", "wa.me", "/")
        assert parse_qs(address.query) == {
            "text": [
                'Bupati & Wakil "Tinjau" Banjir 100% #Bengkalis?\n'
                + absolute(shortlinks.short_path(article.pk))
            ]
        }

    def test_the_whatsapp_link_opens_apart_with_noopener_and_an_accessible_name(self, client):
        article = release("Berita")
        html = client.get(article.get_absolute_url()).content.decode()
        start = html.index('<a class="share-whatsapp"')
        anchor = html[start : html.index("</a>", start)]
        assert 'rel="noopener"' in anchor
        assert anchor.endswith(">Bagikan ke WhatsApp")

    def test_the_cached_page_keeps_its_share_links(self, client):
        article = release("Berita")
        first = client.get(article.get_absolute_url()).content.decode()
        second = client.get(article.get_absolute_url()).content.decode()
        short_url = absolute(shortlinks.short_path(article.pk))
        assert short_url in first
        assert short_url in second
