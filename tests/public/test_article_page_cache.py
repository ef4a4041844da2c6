"""The article page is served from a cached rendering, and is never wrong for it.

A read of a cached page costs no query and two Redis round trips (the page, the
count); a cold one at most four queries. The read count is spliced in live, every
change that shows on the page shows at once, a withdrawal is 410 on the very next
request, and a scheduled release goes live on time without any save.
"""

from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.db import connection
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import workflow
from articles.models import Article, SiteSettings
from articles.public.caching import content_version, forget_local_pages
from articles.reads.blocklists import blocklists
from articles.reads.moderation import adjust_view_count
from articles.site.config import sections, site_settings
from newsroom import redis_guard
from tests.conftest import TEST_REDIS_URL
from tests.factories import ArticleFactory, PhotoFactory, SectionFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 8, 1, 3, 0, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture
def shared_cache(settings, redis_mode):
    """Redis mode as production runs it: Redis is the cache and buffers the reads."""
    settings.CACHES = {"default": redis_guard.cache_settings(TEST_REDIS_URL, timeout_ms=1000)}
    cache.clear()
    yield redis_mode
    cache.clear()


@pytest.fixture(params=["local memory, database counting", "Redis"])
def any_cache(request):
    if request.param == "Redis":
        request.getfixturevalue("shared_cache")
    return request.param


@pytest.fixture
def round_trips(monkeypatch):
    """Counts the commands sent to Redis (each a round trip; a pipeline would be one)."""
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def send_packed_command(connection, command, check_health=True):
        sent.append(command)
        return original(connection, command, check_health)

    monkeypatch.setattr(
        redis.connection.AbstractConnection, "send_packed_command", send_packed_command
    )
    return sent


def visit(client, article, visitor: int = 1, **extra):
    """A GET of the article's page by visitor number ``visitor`` (its own address)."""
    return client.get(
        article.get_absolute_url(),
        REMOTE_ADDR=f"198.51.100.{visitor}",
        HTTP_USER_AGENT=BROWSER,
        **extra,
    )


def warm_site_caches():
    """What every page reads, cached as it is on a running site."""
    site_settings(), sections(), content_version(), blocklists()


def shown(response) -> str:
    text = response.content.decode()
    start = text.index("Dibaca : ") + len("Dibaca : ")
    return text[start : text.index(" Kali", start)]


class TestCost:
    def test_a_read_of_a_cached_page_costs_no_query_and_one_redis_round_trip(
        self, client, shared_cache, round_trips, django_assert_num_queries
    ):
        article = ArticleFactory(with_photo=True, tags=["banjir", "bantuan"])
        visit(client, article, visitor=1)  # renders and caches the page
        round_trips.clear()
        with django_assert_num_queries(0):
            response = visit(client, article, visitor=2)
        assert response.status_code == 200
        # This process kept its copy: the read's script checks it is current and counts.
        assert len(round_trips) == 1
        assert shown(response) == "1"

    def test_a_page_cached_by_another_process_costs_two_redis_round_trips(
        self, client, shared_cache, round_trips, django_assert_num_queries
    ):
        article = ArticleFactory(with_photo=True)
        visit(client, article, visitor=1)
        forget_local_pages()  # as in a process that has not served it yet
        round_trips.clear()
        with django_assert_num_queries(0):
            response = visit(client, article, visitor=2)
        assert len(round_trips) == 2  # the page from the cache, then the read
        assert shown(response) == "1"

    def test_a_cold_read_costs_at_most_four_queries(
        self, client, shared_cache, django_assert_max_num_queries
    ):
        article = ArticleFactory(with_photo=True, tags=["banjir", "bantuan"])
        ArticleFactory(published_at=article.published_at - timedelta(days=1), tags=["banjir"])
        ArticleFactory(published_at=article.published_at + timedelta(minutes=5))
        warm_site_caches()
        with django_assert_max_num_queries(4):
            response = visit(client, article)
        assert response.status_code == 200

    def test_without_redis_a_cached_read_is_one_statement_on_postgresql(
        self, client, django_assert_num_queries
    ):
        article = ArticleFactory(with_photo=True)
        visit(client, article, visitor=1)
        # PostgreSQL: checking that the article is unchanged and counting the read is
        # one statement. SQLite: the check (with its count), whether the visitor's mark
        # is open, the source's reads this hour, the mark, the counter and the day's tally.
        with django_assert_num_queries(1 if connection.vendor == "postgresql" else 6):
            response = visit(client, article, visitor=2)
        assert shown(response) == "1"
        assert Article.objects.get(pk=article.pk).view_count == 2

    def test_links_shared_with_tracking_parameters_share_one_cached_page(
        self, client, shared_cache, django_assert_num_queries
    ):
        article = ArticleFactory()
        visit(client, article, visitor=1)
        with django_assert_num_queries(0):
            response = client.get(
                article.get_absolute_url() + "?utm_source=whatsapp", REMOTE_ADDR="198.51.100.9"
            )
        assert response.status_code == 200
        assertContains(
            response, f'rel="canonical" href="http://testserver{article.get_absolute_url()}"'
        )


class TestTheReadCount:
    def test_dibaca_moves_with_every_read_while_the_page_stays_cached(self, client, any_cache):
        article = ArticleFactory(view_count=1234)
        figures = [shown(visit(client, article, visitor=n)) for n in range(1, 4)]
        # The figure before each read, as the old site showed it; Indonesian grouping.
        assert figures == ["1.234", "1.235", "1.236"]

    def test_a_repeat_visitor_does_not_move_the_figure(self, client, any_cache):
        article = ArticleFactory(view_count=7)
        figures = [shown(visit(client, article, visitor=1)) for _ in range(3)]
        assert figures == ["7", "8", "8"]

    def test_a_corrected_count_shows_at_once(
        self, client, any_cache, make_user, django_capture_on_commit_callbacks
    ):
        article = ArticleFactory(view_count=500)
        visit(client, article, visitor=1)
        admin = make_user("Admin", "admin")
        with django_capture_on_commit_callbacks(execute=True):
            adjust_view_count(article=article, by=admin, kind="set", reason="Bot", new_value=100)
        assert shown(visit(client, article, visitor=2)) == "100"

    def test_the_page_text_around_the_figure_cannot_be_mistaken_for_it(self, client, any_cache):
        article = ArticleFactory(title="Dibaca : 99 Kali", view_count=5)
        visit(client, article, visitor=1)
        response = visit(client, article, visitor=2)
        assertContains(response, "Dibaca : 6 Kali", count=1)
        assertContains(response, "Dibaca : 99 Kali")


class TestChangesShowAtOnce:
    def test_withdrawal_is_410_on_the_very_next_request(self, client, any_cache, make_user):
        article = ArticleFactory()
        assert visit(client, article).status_code == 200
        workflow.withdraw(article=article, by=make_user("Editor", "indra"), reason="Data keliru")
        assert visit(client, article, visitor=2).status_code == 410

    def test_a_change_made_by_another_server_process_shows_without_a_shared_cache(self, client):
        # Another process's save clears only its own local cache: here, no signal at all.
        article = ArticleFactory(title="Judul lama")
        visit(client, article)
        Article.objects.filter(pk=article.pk).update(title="Judul baru", updated_at=NOW)
        assertContains(visit(client, article, visitor=2), "Judul baru")
        Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
        assert visit(client, article, visitor=3).status_code == 410

    @pytest.mark.parametrize(
        "change, shows",
        [
            (lambda a: _save(a, title="Judul baru"), "Judul baru"),
            (lambda a: _save(a.featured_photo, caption="Teks foto baru"), "Teks foto baru"),
            (lambda a: _save(a.reporter, name="Nama Reporter Baru"), "Nama Reporter Baru"),
            (lambda a: _save(a.section, name="Rubrik Baru"), "Rubrik Baru"),
            (lambda a: _save(SiteSettings.objects.get(), site_name="Situs Baru"), "Situs Baru"),
            (lambda a: _save(a.tags.get(), name="Tag Baru"), "Tag Baru"),
            (lambda a: _add_to_gallery(a, caption="Foto galeri baru"), "Foto galeri baru"),
            (lambda a: _publish_after(a, title="Berita sesudahnya"), "Berita sesudahnya"),
        ],
        ids=[
            "title",
            "photo caption",
            "person renamed",
            "section renamed",
            "site settings",
            "tag renamed",
            "gallery photo",
            "a newer release (next link)",
        ],
    )
    def test_every_change_that_shows_on_the_page(self, client, any_cache, change, shows):
        SiteSettings.objects.create(site_name="Situs Lama")
        article = ArticleFactory(
            with_photo=True, section=SectionFactory(name="Rubrik Lama"), tags=["lama"]
        )
        assertNotContains(visit(client, article), shows)
        change(article)
        assertContains(visit(client, article, visitor=2), shows)

    def test_a_correction_note_shows_at_once(self, client, any_cache, make_user):
        article = ArticleFactory()
        visit(client, article)
        workflow.record_correction(
            article=article, by=make_user("Editor", "indra"), note="Nama lokasi diperbaiki."
        )
        assertContains(visit(client, article, visitor=2), "Nama lokasi diperbaiki.")

    def test_a_scheduled_release_goes_live_on_time_without_any_save(self, client, any_cache):
        with time_machine.travel(NOW, tick=False) as clock:
            earlier = ArticleFactory(
                title="Terbit lebih dulu", published_at=NOW - timedelta(days=1)
            )
            scheduled = ArticleFactory(title="Terjadwal", published_at=NOW + timedelta(hours=1))
            assertNotContains(visit(client, earlier), "Terjadwal")
            assert visit(client, scheduled).status_code == 404
            clock.shift(timedelta(hours=1))
            assert visit(client, scheduled, visitor=2).status_code == 200
            # The cached page of the earlier release now links to it as the next one.
            assertContains(visit(client, earlier, visitor=3), "Terjadwal")


class TestWhoGetsTheCachedPage:
    def test_a_signed_in_editor_gets_a_fresh_page_and_is_not_counted(
        self, client, shared_cache, make_user
    ):
        article = ArticleFactory(view_count=10)
        visit(client, article, visitor=1)
        client.force_login(make_user("Editor", "indra"))
        Article.objects.filter(pk=article.pk).update(title="Diubah tanpa sinyal")
        response = visit(client, article, visitor=2)
        assertContains(response, "Diubah tanpa sinyal")
        client.logout()
        assert shown(visit(client, article, visitor=3)) == "11"

    def test_an_anonymous_read_sets_no_cookie_and_touches_no_session(self, client, shared_cache):
        article = ArticleFactory()
        for visitor in (1, 2):
            response = visit(client, article, visitor=visitor)
            assert response.cookies == {}
            assert "Cookie" not in response.get("Vary", "")


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def _add_to_gallery(article, caption):
    article.gallery_items.create(photo=PhotoFactory(caption=caption), position=0)


def _publish_after(article, title):
    ArticleFactory(title=title, published_at=article.published_at + timedelta(minutes=1))
