"""Cached public pages stay correct: every change that shows on a list shows at once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import workflow
from articles.models import Article, SiteSettings
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 8, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "indra")


def home(client):
    return client.get(reverse("articles:home"))


def test_publishing_shows_on_a_cached_home_page_at_once(client, editor):
    ArticleFactory(title="Sudah lama terbit")
    assertNotContains(home(client), "Baru saja terbit")  # the home page is now cached
    draft = ArticleFactory(
        title="Baru saja terbit", status=Article.Status.REVIEW, published_at=None
    )
    assertNotContains(home(client), "Baru saja terbit")
    workflow.publish(article=draft, by=editor)
    assertContains(home(client), "Baru saja terbit")


def test_editing_a_title_shows_on_cached_lists(client):
    article = ArticleFactory(title="Judul lama", tags=["umum"])
    tag_page = reverse("articles:tag", args=["umum"])
    assertContains(client.get(tag_page), "Judul lama")
    article.title = "Judul baru"
    article.save()
    assertContains(client.get(tag_page), "Judul baru")
    assertContains(home(client), "Judul baru")


def test_withdrawing_removes_from_cached_lists(client, editor):
    article = ArticleFactory(title="Akan ditarik")
    assertContains(home(client), "Akan ditarik")
    workflow.withdraw(article=article, by=editor, reason="Data keliru")
    assertNotContains(home(client), "Akan ditarik")


def test_a_scheduled_article_appears_on_a_cached_page_when_its_time_comes(client):
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


def test_site_settings_change_shows_at_once(client):
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
