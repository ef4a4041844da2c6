"""Cached public pages stay correct: every change that shows on a list shows at once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import workflow
from articles.models import Article, SiteSettings
from articles.public.caching import PAGE_PREFIX
from newsroom import redis_guard
from tests.conftest import TEST_REDIS_URL
from tests.factories import ArticleFactory, PersonFactory, SectionFactory
from tests.public.pages import card_titles, release

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 8, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "indra")


def home(client):
    return client.get(reverse("articles:home"))


def test_publishing_shows_on_a_cached_home_page_at_once(client, editor, page_cache):
    ArticleFactory(title="Sudah lama terbit")
    assertNotContains(home(client), "Baru saja terbit")  # the home page is now cached
    draft = ArticleFactory(
        title="Baru saja terbit", status=Article.Status.REVIEW, published_at=None
    )
    assertNotContains(home(client), "Baru saja terbit")
    workflow.publish(article=draft, by=editor)
    assertContains(home(client), "Baru saja terbit")


def test_editing_a_title_shows_on_cached_lists(client, page_cache):
    article = ArticleFactory(title="Judul lama", tags=["umum"])
    tag_page = reverse("articles:tag", args=["umum"])
    assertContains(client.get(tag_page), "Judul lama")
    article.title = "Judul baru"
    article.save()
    assertContains(client.get(tag_page), "Judul baru")
    assertContains(home(client), "Judul baru")


def test_withdrawing_removes_from_cached_lists(client, editor, page_cache):
    article = ArticleFactory(title="Akan ditarik")
    assertContains(home(client), "Akan ditarik")
    workflow.withdraw(article=article, by=editor, reason="Data keliru")
    assertNotContains(home(client), "Akan ditarik")


def test_a_scheduled_article_appears_on_a_cached_page_when_its_time_comes(client, page_cache):
    with time_machine.travel(NOW, tick=False):
        ArticleFactory(title="Sudah terbit", published_at=NOW - timedelta(days=1))
        ArticleFactory(title="Terjadwal nanti", published_at=NOW + timedelta(hours=1))
        assertNotContains(home(client), "Terjadwal nanti")
    with time_machine.travel(NOW + timedelta(hours=1, seconds=1), tick=False):
        assertContains(home(client), "Terjadwal nanti")


def test_tags_added_later_show_on_cached_tag_pages(client):
    first = ArticleFactory(title="Pertama", tags=["banjir"])
    second = ArticleFactory(title="Kedua")
    tag_page = reverse("articles:tag", args=["banjir"])
    assertNotContains(client.get(tag_page), "Kedua")
    second.tags.add("banjir")
    assertContains(client.get(tag_page), "Kedua")
    first.tags.clear()
    assertNotContains(client.get(tag_page), "Pertama")


def test_site_settings_change_shows_at_once(client, page_cache):
    ArticleFactory()
    home(client)
    SiteSettings(site_name="Portal Berita Kabupaten", office_name="Bagian Humas").save()
    assertContains(home(client), "Portal Berita Kabupaten")


def test_logged_in_staff_never_get_a_cached_page(client, editor):
    article = ArticleFactory(title="Versi pertama")
    home(client)
    # A change that bypasses save() (and so the invalidation) leaves the public copy stale...
    Article.objects.filter(pk=article.pk).update(title="Versi kedua")
    assertContains(home(client), "Versi pertama")
    # ...but staff always get the page fresh.
    client.force_login(editor)
    assertContains(home(client), "Versi kedua")


def test_reads_are_still_counted_when_pages_are_cached(client):
    article = ArticleFactory(view_count=10)
    home(client)
    home(client)
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Pembaca")
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Pembaca lain")
    article.refresh_from_db()
    assert article.view_count == 12


def test_an_edited_body_shows_at_once_on_the_article_page(client):
    article = ArticleFactory(body="<p>Isi pertama.</p>")
    assertContains(client.get(article.get_absolute_url()), "Isi pertama.")
    article.body = "<p>Isi yang diperbaiki.</p>"
    article.save()
    response = client.get(article.get_absolute_url())
    assertContains(response, "Isi yang diperbaiki.")
    assertNotContains(response, "Isi pertama.")


def test_page_cache_can_be_switched_off(client, settings, django_assert_max_num_queries):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    ArticleFactory()
    home(client)
    with django_assert_max_num_queries(10) as captured:
        home(client)
    assert len(captured) > 0


def test_saves_outside_the_web_process_invalidate_too(tmp_path):
    """A process that never loads the URLconf (a management command, a shell, a job on
    another app server) must still have the invalidation receivers connected; otherwise
    its saves leave every server showing stale lists until the page cache expires.
    bench/scale_check.py shows the same end to end across two servers and Redis."""
    from tests.subprocesses import production_env, run_manage

    result = run_manage(
        "shell",
        "-v0",
        "-c",
        "import sys\n"
        "print('articles.public.caching' in sys.modules, 'articles.site.config' in sys.modules)",
        **production_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True"


# -- a page is cached once, whatever its query string says ------------------------------


@pytest.fixture(params=["local memory", "Redis"])
def page_cache(request, settings):
    """The page cache in this process's memory, then in Redis as production runs it."""
    if request.param == "Redis":
        request.getfixturevalue("redis_mode")
        settings.CACHES = {"default": redis_guard.cache_settings(TEST_REDIS_URL, timeout_ms=1000)}
    cache.clear()
    yield request.param
    cache.clear()


def cached_pages() -> int:
    """How many pages the cache holds."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return sum(PAGE_PREFIX in key for key in backend._cache)
    return len(backend.keys(PAGE_PREFIX + "*"))


def get_with(client, path: str, query: str):
    """A GET of ``path`` with a raw query string, as a link or a bot would send it."""
    return client.get(f"{path}?{query}" if query else path)


def test_300_tracking_parameters_make_one_cache_entry(client, page_cache):
    ArticleFactory(title="Satu halaman")
    all_news = reverse("articles:article_list")
    queries = [f"utm={number}" for number in range(300)] + [
        "utm_source=whatsapp&utm_medium=social&utm_campaign=hut-ri",
        "fbclid=IwAR0abc",
        "gclid=Cj0KCQ",
        "msclkid=9f8e",
        "ref=beranda&_=1722481200",
        "page_size=1000",
        "q=banjir",
        "&&==&%FF=%FE",
    ]
    for query in queries:
        assertContains(get_with(client, all_news, query), "Satu halaman")
    assert cached_pages() == 1


@pytest.mark.usefixtures("small_pages")
def test_other_spellings_of_a_page_number_share_its_cache_entry(client, page_cache):
    for number in range(4):  # page 1: the three newest, page 2: the oldest
        release(f"Berita {number}", hours_ago=number + 1)
    all_news = reverse("articles:article_list")
    first_page = ["", "page=1", "page=01", "page=", "page=+1", "page=%201", "page=2&page=1"]
    second_page = ["page=2", "page=02", "page=1&page=2", "page=%2B2", "page=%202%20", "page=%D9%A2"]
    for query in first_page:
        response = get_with(client, all_news, query)
        assert card_titles(response) == ["Berita 0", "Berita 1", "Berita 2"], query
        assertContains(response, '<link rel="canonical" href="http://testserver/berita/">')
    for query in second_page:
        response = get_with(client, all_news, query + "&utm_source=wa")
        assert card_titles(response) == ["Berita 3"], query
        assertContains(response, '<link rel="canonical" href="http://testserver/berita/?page=2">')
    assert cached_pages() == 2


@pytest.mark.usefixtures("small_pages")
def test_huge_negative_or_non_numeric_page_numbers_make_no_cache_entry(client, page_cache):
    release("Satu-satunya")
    all_news = reverse("articles:article_list")
    assert get_with(client, all_news, "").status_code == 200
    bad = ["page=2", "page=999999999", f"page={'9' * 5000}", "page=0", "page=-1", "page=abc"]
    bad += ["page=1.0", "page=1e3", "page=%00", "page=last%20", "page=%EF%BC%91x"]
    for query in bad:
        assert get_with(client, all_news, query).status_code == 404, query
    assert cached_pages() == 1


LIST_PAGES = [
    ("home", ()),
    ("article_list", ()),
    ("tag", ("umum",)),
    ("section", ("kesehatan",)),
    ("person", ("sari",)),
    ("archive_year", ("2023",)),
    ("archive_month", ("2023", "06")),
]


@pytest.mark.parametrize(("name", "args"), LIST_PAGES, ids=[name for name, _args in LIST_PAGES])
def test_every_list_page_ignores_the_parameters_it_does_not_read(client, page_cache, name, args):
    ArticleFactory(
        title="Berita Juni",
        published_at=datetime(2023, 6, 15, 3, 0, tzinfo=UTC),
        section=SectionFactory(name="Kesehatan"),
        reporter=PersonFactory(name="Sari"),
        tags=["umum"],
    )
    page = reverse(f"articles:{name}", args=args)
    for query in ["", "utm_source=fb", "fbclid=a1", "gclid=b2", "page=01", "zzz=1&page=1"]:
        assertContains(get_with(client, page, query), "Berita Juni")
    assert cached_pages() == 1


def test_the_article_page_is_cached_once_whatever_its_query(client, page_cache):
    article = ArticleFactory(title="Satu berita")
    for query in ["", "utm_source=wa", "page=2", "fbclid=x&gclid=y"]:
        assertContains(get_with(client, article.get_absolute_url(), query), "Satu berita")
    assert cached_pages() == 1
