"""Nothing unpublished leaks: one harness, every public surface x every hidden state.

A hidden article is a draft whose planned time has passed, an article in review, one
scheduled half an hour ahead, or a withdrawn release. On each surface a published article
shows, so the surface is not simply empty, and no hidden article does: neither its title,
its summary, its body, its slug nor its address. Where a page would exist only because of
hidden articles (a tag, a person, a month), it is a 404. The search runs the full-text
path on PostgreSQL and the word search on SQLite: the suite runs on both.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, shortlinks
from tests.factories import ArticleFactory, PersonFactory, SectionFactory
from tests.public.pages import (
    NS,
    absolute,
    card_titles,
    dated,
    feed_titles,
    get,
    get_xml,
    link_texts,
    links,
    reads,
    release,
    section_url,
    sitemap_locs,
    texts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "small_pages")]

NOW = datetime(2023, 6, 20, 5, 0, tzinfo=UTC)  # Selasa, 20 Juni 2023, 12:00 WIB

HIDDEN_STATES = {
    "draft": Article.Status.DRAFT,  # with a planned time that has passed
    "review": Article.Status.REVIEW,
    "scheduled": Article.Status.PUBLISHED,  # with a time still to come
    "withdrawn": Article.Status.WITHDRAWN,
}


@pytest.fixture(params=list(HIDDEN_STATES))
def hide(request):
    """``hide(**fields)``: an article the public must never see, in one hidden state,
    ``hours_ago`` before now (half an hour unless given): newer than the published
    articles of a surface, where a leak would show. A scheduled one is half an hour
    ahead. Every article made is in ``hide.made``."""
    state = request.param

    def make(hours_ago: float = 0.5, **fields) -> Article:
        ahead = timedelta(minutes=30) if state == "scheduled" else -timedelta(hours=hours_ago)
        fields.setdefault("title", f"Rahasia {state} banjir")
        article = ArticleFactory(
            status=HIDDEN_STATES[state],
            published_at=timezone.now() + ahead,
            summary=f"Ringkasan rahasia {state} banjir.",
            body=f"<p>Isi rahasia {state} tentang banjir.</p>",
            **fields,
        )
        make.made.append(article)
        return article

    make.made = []
    return make


@dataclass
class Surface:
    show: Callable  # (client, hide) -> the responses where no hidden article may show
    asks_its_address: bool = False  # the hidden article's own address, echoed as canonical


SURFACES: dict[str, Surface] = {}


def surface(show=None, /, *, name: str = "", **options):
    """Registers ``show`` as a surface, named after it (``home_latest``: home-latest)."""

    def register(show):
        SURFACES[name or show.__name__.replace("_", "-")] = Surface(show, **options)
        return show

    return register(show) if show else register


def assert_absent(response, secret: Article, *, asked_its_address: bool = False) -> None:
    """No part of ``secret`` is in ``response`` (its address and slug are, where the
    response answers that address: the canonical link repeats the address asked)."""
    hidden = [secret.title, secret.summary, strip_tags(secret.body)]
    if not asked_its_address:
        assert secret.slug
        hidden += [secret.slug, secret.get_absolute_url()]
    for text in hidden:
        assertNotContains(response, text, status_code=response.status_code)


# -- the home page ------------------------------------------------------------------


@surface
def home_latest(client, hide):
    release("Terbit 1", hours_ago=1), release("Terbit 2", hours_ago=3)
    hide(hours_ago=2)
    response = get(client, "home")
    assert card_titles(response) == ["Terbit 2"]
    return [response]


@surface
def home_headline(client, hide):
    release("Terbit")
    hide()
    response = get(client, "home")
    assert link_texts(response, "headline-title") == ["Terbit"]
    return [response]


def most_read(client, hide, *, daily_history: bool):
    public = release("Terbit", view_count=1)
    secret = hide(view_count=1_000_000)
    if daily_history:
        reads(public, 1)
        reads(secret, 50_000)
        reads(secret, 50_000, days_ago=1)
    response = get(client, "home")
    assert link_texts(response, "popular-list") == ["Terbit"]
    return [response]


@surface
def home_most_read_this_week(client, hide):
    return most_read(client, hide, daily_history=True)


@surface
def home_most_read_overall(client, hide):
    return most_read(client, hide, daily_history=False)


@surface
def home_popular_tags(client, hide):
    release("Terbit", tags=["Umum"])
    hide(tags=["Rahasia Negara"])
    response = get(client, "home")
    assert link_texts(response, "tag-cloud") == ["Umum"]
    assertNotContains(response, "Rahasia Negara")
    return [response]


# -- the list pages -------------------------------------------------------------------

LIST_PAGES = {
    # surface: its URL name and arguments, and what its published and hidden article share
    "all-news": ("article_list", (), lambda: {}),
    "tag-page": ("tag", ("banjir",), lambda: {"tags": ["banjir"]}),
    "section-page": (
        "section",
        ("kesehatan",),
        lambda: {"section": SectionFactory(name="Kesehatan")},
    ),
    "person-page": ("person", ("sari",), lambda: {"reporter": PersonFactory(name="Sari")}),
    "year-archive": ("archive_year", ("2023",), lambda: {}),
    "month-archive": ("archive_month", ("2023", "06"), lambda: {}),
}


def list_page(name: str, args: tuple, shared: Callable):
    def show(client, hide):
        fields = shared()
        release("Terbit", **fields)
        hide(**fields)
        response = get(client, name, *args)
        assert card_titles(response) == ["Terbit"]
        return [response]

    return show


for _surface, (_name, _args, _shared) in LIST_PAGES.items():
    surface(list_page(_name, _args, _shared), name=_surface)


@surface
def tag_page_of_a_tag_only_hidden_articles_carry(client, hide):
    release("Terbit", tags=["Umum"])
    hide(tags=["Rahasia Negara"])
    response = get(client, "tag", "rahasia-negara")
    assert response.status_code == 404
    return [response]


@surface
def section_with_only_hidden_articles(client, hide):
    hide(section=SectionFactory(name="Rubrik Rahasia"))
    release("Terbit")
    home, section_page = get(client, "home"), get(client, "section", "rubrik-rahasia")
    assert section_page.status_code == 404
    assertNotContains(home, "Rubrik Rahasia")  # nor in the menu
    return [home, section_page]


@surface
def person_page_of_someone_credited_only_on_hidden_articles(client, hide):
    budi = PersonFactory(name="Budi")
    hide(photographer=budi)
    release("Terbit")
    response = get(client, "person", budi.slug)
    assert response.status_code == 404
    return [response]


@surface
def archive_month_links_and_neighbouring_months(client, hide):
    dated("Mei", 2023, 5, 10)
    hide()  # in June 2023
    june = reverse("articles:archive_month", args=["2023", "06"])
    year, may = get(client, "archive_year", "2023"), get(client, "archive_month", "2023", "05")
    assert link_texts(year, "archive-months") == ["Mei"]
    assertNotContains(may, june)
    june_page = client.get(june)
    assert june_page.status_code == 404
    return [year, may, june_page]


@surface
def archive_index_counts(client, hide):
    release("Terbit")  # June 2023
    hide()  # June too: the count stays 1
    hide(hours_ago=24 * 60)  # April: a month only hidden articles have (scheduled: June)
    response = get(client, "archive_index")
    assert links(response, "archive-year") == [
        ("2023", reverse("articles:archive_year", args=["2023"])),
        ("Juni", reverse("articles:archive_month", args=["2023", "06"])),
    ]
    assert texts(response, "archive-count") == ["(1 berita)", "(1 berita)"]
    return [response]


# -- the article page -----------------------------------------------------------------


@surface
def article_read_also(client, hide):
    health = SectionFactory(name="Kesehatan")
    article = release("Induk", tags=["gizi"], section=health)
    release("Terkait", hours_ago=2, tags=["gizi"])
    hide(tags=["gizi"], section=health)
    response = client.get(article.get_absolute_url())
    assert link_texts(response, "related") == ["Terkait"]
    return [response]


@surface
def article_previous_and_next(client, hide):
    older, newer = release("Lama", hours_ago=3), release("Baru", hours_ago=1)
    hide(title="Rahasia di antara", hours_ago=2), hide(title="Rahasia baru")
    responses = []
    for article, neighbour in [(older, newer), (newer, older)]:
        response = client.get(article.get_absolute_url())
        assert [href for _text, href in links(response, "prev-next")] == [
            neighbour.get_absolute_url()
        ]
        responses.append(response)
    return responses


@surface(asks_its_address=True)
def its_own_address_and_metadata(client, hide):
    release("Terbit")
    secret = hide(with_photo=True)
    response = client.get(secret.get_absolute_url())
    assert response.status_code == (410 if secret.status == Article.Status.WITHDRAWN else 404)
    for metadata in ("application/ld+json", "NewsArticle", "og:image", 'content="article"'):
        assertNotContains(response, metadata, status_code=response.status_code)
    assertNotContains(response, secret.featured_photo.image.name, status_code=response.status_code)
    return [response]


# -- search ---------------------------------------------------------------------------


@surface
def search(client, hide):
    release("Terbit banjir", hours_ago=2)
    hide()
    response = client.get(reverse("articles:search"), {"q": "banjir"})
    assert [article.title for article in response.context["articles"]] == ["Terbit banjir"]
    return [response]


# -- feeds, sitemaps and robots.txt ---------------------------------------------------


@surface
def rss_feed(client, hide):
    release("Terbit")
    hide()
    assert feed_titles(client, reverse("articles:feed")) == ["Terbit"]
    return [client.get(reverse("articles:feed"))]


@surface
def tag_rss_feed(client, hide):
    release("Terbit", tags=["umum"])
    hide(tags=["umum"])
    url = reverse("articles:tag_feed", args=["umum"])
    assert feed_titles(client, url) == ["Terbit"]
    return [client.get(url)]


@surface
def tag_rss_feed_of_a_tag_only_hidden_articles_carry(client, hide):
    release("Terbit", tags=["umum"])
    hide(tags=["umum", "Rahasia Negara"])
    response = client.get(reverse("articles:tag_feed", args=["rahasia-negara"]))
    assert response.status_code == 404
    return [response]


@surface
def sitemap_index(client, hide):
    release("Terbit")  # saved now: the articles' and the news' last change
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        hide()  # saved later: a leak would move the last change
    root = get_xml(client, reverse("sitemap"))
    lastmods = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:sitemap", NS)
    }
    assert lastmods[absolute(section_url("berita"))] == "2023-06-20T12:00:00+07:00"
    assert lastmods[absolute(reverse("sitemap_news"))] == "2023-06-20T12:00:00+07:00"
    return [client.get(reverse("sitemap"))]


@surface
def sitemap_articles(client, hide):
    visible = release("Terbit")
    hide()
    assert sitemap_locs(client, section_url("berita")) == [absolute(visible.get_absolute_url())]
    return [client.get(section_url("berita"))]


@surface
def sitemap_sections(client, hide):
    health = SectionFactory(name="Kesehatan")
    release("Terbit", section=health)
    hide(section=SectionFactory(name="Rubrik Rahasia"))
    assert sitemap_locs(client, section_url("rubrik")) == [absolute(health.get_absolute_url())]
    return [client.get(section_url("rubrik"))]


@surface
def sitemap_tags(client, hide):
    release("Terbit", tags=["umum"])
    hide(tags=["umum", "Rahasia Negara"])
    tags = sitemap_locs(client, section_url("tag"))
    assert tags == [absolute(reverse("articles:tag", args=["umum"]))]
    return [client.get(section_url("tag"))]


@surface
def sitemap_static_pages(client, hide):
    release("Terbit")
    hide()
    assert sitemap_locs(client, section_url("halaman")) == [
        absolute(reverse("articles:home")),
        absolute(reverse("articles:article_list")),
        absolute(reverse("articles:archive_index")),
    ]
    return [client.get(section_url("halaman"))]


@surface
def google_news_sitemap(client, hide):
    visible = release("Terbit")
    hide()
    assert sitemap_locs(client, reverse("sitemap_news")) == [absolute(visible.get_absolute_url())]
    return [client.get(reverse("sitemap_news"))]


@surface
def robots_txt(client, hide):
    release("Terbit")
    hide()
    response = client.get(reverse("robots_txt"))
    assertContains(response, "Sitemap: ")
    return [response]


@surface
def short_link(client, hide):
    visible = release("Terbit")
    secret = hide()
    assert client.get(shortlinks.short_path(visible.pk)).status_code == 301
    response = client.get(shortlinks.short_path(secret.pk))
    assert response.status_code == 404
    assert not response.has_header("Location")
    return [response]


# -- the harness: registered last, once every surface above is ---------------------


@pytest.mark.parametrize("name", SURFACES)
def test_a_hidden_article_never_shows_on(client, hide, name):
    shown = SURFACES[name]
    responses = shown.show(client, hide)
    assert responses and hide.made
    for response in responses:
        for secret in hide.made:
            assert_absent(response, secret, asked_its_address=shown.asks_its_address)
