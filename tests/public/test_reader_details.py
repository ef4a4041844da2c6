"""Small things a reader's browser or a checker tripped over (issue 15, reader side):
the site's icons, machine-readable times that HTML accepts on every page, and renditions
answering HEAD."""

import os
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from PIL import Image, ImageChops, ImageDraw

from articles.editorial import workflow
from articles.models import Article
from articles.photos import services as photos
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, SectionFactory

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


# -- the icon on a phone's home screen ---------------------------------------------

TOUCH_ICON = Path(finders.find("img/apple-touch-icon.png"))
TOUCH_ICON_SIZE = 180
SVG_NS = "{http://www.w3.org/2000/svg}"


def touch_icon_from_the_favicon() -> Image.Image:
    """The favicon's design (its SVG rectangles) drawn at 180 x 180, as iOS wants its
    home-screen icon: opaque and square (iOS rounds the corners itself), drawn four times
    larger and scaled down for smooth edges. ``NEWSROOM_TOUCH_ICON=1`` makes
    static/img/apple-touch-icon.png from it again, after a change to the favicon."""
    supersample = 4
    svg = ET.parse(finders.find("img/favicon.svg")).getroot()  # noqa: S314 - our own file
    scale = TOUCH_ICON_SIZE * supersample / float(svg.get("viewBox").split()[2])
    background, *shapes = svg.iter(f"{SVG_NS}rect")
    icon = Image.new("RGB", (TOUCH_ICON_SIZE * supersample,) * 2, background.get("fill"))
    draw = ImageDraw.Draw(icon)
    for rect in shapes:
        x, y, width, height = (
            float(rect.get(name, 0)) * scale for name in ("x", "y", "width", "height")
        )
        draw.rounded_rectangle(
            (x, y, x + width - 1, y + height - 1),
            radius=float(rect.get("rx", 0)) * scale,
            fill=rect.get("fill"),
        )
    return icon.resize((TOUCH_ICON_SIZE, TOUCH_ICON_SIZE), Image.Resampling.LANCZOS)


def test_the_touch_icon_is_the_favicon_drawn_at_180_pixels():
    drawn = touch_icon_from_the_favicon()
    if os.environ.get("NEWSROOM_TOUCH_ICON") == "1":
        drawn.save(TOUCH_ICON, optimize=True)

    with Image.open(TOUCH_ICON) as stored:
        assert stored.format == "PNG"
        assert stored.size == (TOUCH_ICON_SIZE, TOUCH_ICON_SIZE)
        assert stored.mode == "RGB"  # opaque: iOS would paint transparency black
        difference = ImageChops.difference(stored, drawn).getextrema()
    assert max(high for _low, high in difference) <= 8, difference


def test_every_page_names_its_touch_icon(client):
    article = ArticleFactory()
    icon = static("img/apple-touch-icon.png")
    for url in (reverse("articles:home"), article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert f'<link rel="apple-touch-icon" href="{icon}" sizes="180x180">' in html
    assert client.get(icon).status_code == 200


# -- machine-readable times on every page -------------------------------------------

# What a page's datetime attributes may hold here: a year, a month, a date, or a moment
# to the whole second with its offset (HTML allows fractions; we never show them).
WHOLE_SECOND_VALUES = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?)?)?")


def test_every_time_on_every_public_page_is_valid_html_to_the_second(client, make_user):
    published = datetime(2024, 5, 2, 2, 50, 0, 949724, tzinfo=UTC)  # "now": microseconds
    reporter = PersonFactory(name="Sari")
    section = SectionFactory(name="Kesehatan")
    older = ArticleFactory(
        title="Posyandu lama", published_at=published.replace(day=1), tags=["gizi"]
    )
    article = ArticleFactory(
        title="Posyandu baru",
        published_at=published,
        tags=["gizi"],
        section=section,
        reporter=reporter,
        with_photo=True,
    )
    Article.objects.filter(pk=older.pk).update(section=section)
    workflow.record_correction(
        article=article, by=make_user("Editor", "indra"), note="Nama desa diperbaiki."
    )
    pages = [
        reverse("articles:home"),
        article.get_absolute_url(),  # with "Baca juga", previous and a correction
        reverse("articles:article_list"),
        reverse("articles:tag", args=["gizi"]),
        section.get_absolute_url(),
        reporter.get_absolute_url(),
        reverse("articles:archive_index"),
        reverse("articles:archive_year", args=["2024"]),
        reverse("articles:archive_month", args=["2024", "05"]),
        reverse("articles:search") + "?q=posyandu",
    ]
    seen = {}
    for url in pages:
        html = client.get(url).content.decode()
        values = re.findall(r'<time[^>]*\sdatetime="([^"]*)"', html)
        assert values, f"no <time> on {url}"
        assert all(WHOLE_SECOND_VALUES.fullmatch(value) for value in values), (url, values)
        assert len(re.findall(r"<time\b", html)) == len(values), url
        seen[url] = values
    # The article's date, its moment in WIB, the correction's and "Baca juga"'s.
    assert seen[article.get_absolute_url()][:2] == ["2024-05-02", "2024-05-02T09:50:00+07:00"]
    assert len(seen[article.get_absolute_url()]) == 4
    assert seen[reverse("articles:archive_index")] == ["2024", "2024-05"]
