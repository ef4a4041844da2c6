"""A HEAD request to any public page answers as its GET does, without the body: the same
status and headers (type and length included). A HEAD of an article page is never a read,
whether the page is rendered, in the shared cache or in this process's own copy; and a
page first asked for with HEAD is cached whole, so the GET after it gets the body."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import DailyViews
from articles.public import caching
from articles.reads import buffer as view_buffer
from tests.factories import ArticleFactory, PersonFactory, SectionFactory
from tests.reads.reading import BROWSER, READER_IP

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NOW = datetime(2024, 5, 2, 5, 0, tzinfo=UTC)  # Kamis, 2 Mei 2024, 12:00 WIB
# The headers a HEAD must repeat; Content-Length says how long the GET's body is.
SAME_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Language",
    "Cache-Control",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
)
# A reader's browser opening the page, as far as the read counter can tell.
AS_A_READER = {
    "REMOTE_ADDR": READER_IP,
    "HTTP_USER_AGENT": BROWSER,
    "HTTP_SEC_FETCH_DEST": "document",
    "HTTP_SEC_FETCH_MODE": "navigate",
}


@pytest.fixture
def article(db):
    """A published release with everything a public page can show of it, read 5 times
    (so a counted GET shows 6: the same length of page)."""
    return ArticleFactory(
        title="Banjir rob di pesisir",
        with_photo=True,
        section=SectionFactory(name="Kebencanaan"),
        reporter=PersonFactory(name="Sari"),
        tags=["banjir"],
        view_count=5,
        published_at=datetime(2024, 4, 30, 3, 0, tzinfo=UTC),
    )


PUBLIC_PAGES = {
    "home": lambda article: reverse("articles:home"),
    "article": lambda article: article.get_absolute_url(),
    "all-news": lambda article: reverse("articles:article_list"),
    "section": lambda article: article.section.get_absolute_url(),
    "tag": lambda article: reverse("articles:tag", args=["banjir"]),
    "person": lambda article: article.reporter.get_absolute_url(),
    "archive-index": lambda article: reverse("articles:archive_index"),
    "archive-year": lambda article: reverse("articles:archive_year", args=["2024"]),
    "archive-month": lambda article: reverse("articles:archive_month", args=["2024", "04"]),
    "search": lambda article: reverse("articles:search") + "?q=banjir",
    "feed": lambda article: reverse("articles:feed"),
    "tag-feed": lambda article: reverse("articles:tag_feed", args=["banjir"]),
    "sitemap-index": lambda article: reverse("sitemap"),
    "sitemap-articles": lambda article: reverse("sitemap_section", args=["berita"]),
    "news-sitemap": lambda article: reverse("sitemap_news"),
    "robots-txt": lambda article: reverse("robots_txt"),
}


def headers_of(response) -> dict[str, str | None]:
    return {name: response.get(name) for name in SAME_HEADERS}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_head_answers_as_get_does_without_the_body(client, article, name):
    url = PUBLIC_PAGES[name](article)

    head = client.head(url, **AS_A_READER)
    get = client.get(url, **AS_A_READER)

    assert get.status_code == 200
    assert head.status_code == get.status_code
    assert head.content == b""
    assert get.content
    assert headers_of(head) == headers_of(get)
    assert int(get["Content-Length"]) == len(get.content)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("home", "Banjir rob di pesisir"),
        ("tag", "Banjir rob di pesisir"),
        ("article", "Banjir rob di pesisir"),
        ("archive-index", '<time datetime="2024-04">April</time>'),
    ],
)
def test_a_page_first_asked_for_with_head_is_cached_whole(client, article, name, shown):
    url = PUBLIC_PAGES[name](article)
    client.head(url)

    page = client.get(url)

    assert page.status_code == 200
    assert shown in page.content.decode()
    assert page.content.rstrip().endswith(b"</html>")


def test_head_of_a_missing_page_is_a_404_as_its_get_is(client, article):
    url = reverse("articles:tag", args=["tidak-ada"])
    assert client.head(url).status_code == client.get(url).status_code == 404


@pytest.fixture(params=["database", "redis"])
def counted_in(request):
    """Reads counted straight into the database, and buffered in Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_mode")
    return request.param


def reads_of(article) -> tuple[int, int]:
    """The article's total and today's tallies (counted and excluded alike), flushed."""
    if settings.REDIS_URL:
        view_buffer.flush()
    article.refresh_from_db()
    today = DailyViews.objects.filter(article=article).first()
    tallied = today.counted + today.bot_reads + today.other_excluded if today else 0
    return article.view_count, tallied


def test_head_of_an_article_page_is_never_a_read(client, article, counted_in):
    url = article.get_absolute_url()
    # rendered; then from the shared cache; then from this process's own copy
    responses = [client.head(url, **AS_A_READER) for _ in range(3)]
    caching.forget_local_pages()
    responses.append(client.head(url, **AS_A_READER))

    assert [response.status_code for response in responses] == [200] * 4
    assert reads_of(article) == (5, 0)
    # The GET after them is the reader's first read.
    assert b"Dibaca : 5 Kali" in client.get(url, **AS_A_READER).content
    assert reads_of(article) == (6, 1)
