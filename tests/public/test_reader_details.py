"""Small things a reader's browser or a checker tripped over (issue 15, reader side):
the site's icon, machine-readable times that HTML accepts, and renditions answering
HEAD."""

import re
from datetime import UTC, datetime

import pytest
from django.templatetags.static import static
from django.urls import reverse

from articles.photos import services as photos
from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db

# HTML's "valid global date and time string": seconds may carry at most three digits.
HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})"
)


def test_the_favicon_address_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_every_page_names_its_icon(client):
    article = ArticleFactory()
    for url in (reverse("articles:home"), article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert f'<link rel="icon" href="{static("img/favicon.svg")}"' in html


def test_times_on_list_pages_carry_no_more_than_seconds(client):
    # Saved "now" carries microseconds, which HTML's datetime attribute does not allow.
    published = datetime(2024, 5, 2, 2, 50, 0, 949724, tzinfo=UTC)
    ArticleFactory(published_at=published)
    ArticleFactory(published_at=published.replace(minute=40))  # a card after the headline
    html = client.get(reverse("articles:home")).content.decode()
    values = re.findall(r'<time datetime="([^"]+)"', html)
    assert len(values) == 2
    assert all(HTML_DATETIME.fullmatch(value) for value in values), values
    assert "2024-05-02T09:50:00+07:00" in values


def test_a_rendition_answers_a_head_request_with_its_headers(client):
    url = photos.picture(PhotoFactory()).src
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]


def test_a_rendition_still_refuses_writes(client):
    url = photos.picture(PhotoFactory()).src
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405
