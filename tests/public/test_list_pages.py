"""The list pages (home, all news, tag, section, person, year and month archives): each
shows exactly the published articles it should, newest first, in pages, and runs a fixed
number of queries. What they must never show is in test_nothing_unpublished_leaks.py;
their errors are in test_errors.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils.text import slugify
from pytest_django.asserts import assertContains

from articles.editorial import workflow
from articles.models import Article, Section
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, SectionFactory
from tests.public.pages import (
    assert_pages,
    card_titles,
    dated,
    get,
    link_texts,
    links,
    reads,
    release,
    texts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "small_pages")]

NOW = datetime(2023, 6, 20, 5, 0, tzinfo=UTC)  # Selasa, 20 Juni 2023, 12:00 WIB


class TestLists:
    def test_all_news_lists_every_published_article_newest_first(self, client):
        for hours in [5, 1, 7, 3, 2, 6, 4]:
            release(f"Berita {hours}", hours_ago=hours)
        titles = [f"Berita {hours}" for hours in range(1, 8)]
        assert_pages(client, "article_list", (), "Semua berita", titles)

    def test_tag_page_lists_the_articles_with_the_tag_whatever_its_case(self, client):
        for hours in [4, 1, 3, 2]:  # "Banjir" first, so the tag is named "Banjir"
            tag = "Banjir" if hours % 2 == 0 else "banjir"
            release(f"Banjir {hours}", hours_ago=hours, tags=[tag, "BPBD"])
        release("Posyandu", hours_ago=0.5, tags=["Kesehatan"])
        titles = ["Banjir 1", "Banjir 2", "Banjir 3", "Banjir 4"]
        assert_pages(client, "tag", ("banjir",), "Tag: Banjir", titles)

    def test_section_page_lists_the_articles_of_the_section(self, client):
        health, schools = SectionFactory(name="Kesehatan"), SectionFactory(name="Pendidikan")
        for hours in [2, 4, 1, 3]:
            release(f"Kesehatan {hours}", hours_ago=hours, section=health)
        release("Sekolah", hours_ago=0.5, section=schools)
        release("Tanpa rubrik", hours_ago=0.5)
        titles = [f"Kesehatan {hours}" for hours in range(1, 5)]
        assert_pages(client, "section", ("kesehatan",), "Rubrik Kesehatan", titles)

    def test_person_page_lists_their_work_with_their_roles_on_each(self, client):
        sari = PersonFactory(name="Sari Wulandari")
        release("Ditulis dan difoto", hours_ago=1, reporter=sari, photographer=sari)
        release("Disunting", hours_ago=2, editor=sari)
        release("Difoto", hours_ago=3, photographer=sari)
        release("Ditulis", hours_ago=4, reporter=sari)
        release("Orang lain", hours_ago=0.5)
        titles = ["Ditulis dan difoto", "Disunting", "Difoto", "Ditulis"]
        assert_pages(client, "person", (sari.slug,), "Sari Wulandari", titles)
        response = get(client, "person", sari.slug)
        assert list(zip(card_titles(response), texts(response, "card-roles"), strict=True)) == [
            ("Ditulis dan difoto", "Sebagai Reporter, Fotografer"),
            ("Disunting", "Sebagai Editor"),
            ("Difoto", "Sebagai Fotografer"),
        ]

    def test_year_archive_lists_the_year_and_links_its_months_by_indonesian_name(self, client):
        # By the WIB calendar: 17:30 UTC on 31 December is already 1 January.
        dated("Tahun baru", 2022, 12, 31, 17, 30)
        dated("Akhir tahun lalu", 2022, 12, 31, 16, 30)
        dated("Mei", 2023, 5, 10)
        dated("Juni", 2023, 6, 2)
        assert_pages(client, "archive_year", ("2023",), "Arsip 2023", ["Juni", "Mei", "Tahun baru"])
        assert links(get(client, "archive_year", "2023"), "archive-months") == [
            (month, reverse("articles:archive_month", args=["2023", number]))
            for month, number in [("Januari", "01"), ("Mei", "05"), ("Juni", "06")]
        ]
        assert card_titles(get(client, "archive_year", "2022")) == ["Akhir tahun lalu"]

    def test_month_archive_lists_the_month_under_its_indonesian_name(self, client):
        dated("Satu Juni WIB", 2023, 5, 31, 17, 30)
        dated("Akhir Mei", 2023, 5, 31, 16, 30)
        for day in [3, 12, 8, 15]:
            dated(f"Tanggal {day}", 2023, 6, day)
        june = ["Tanggal 15", "Tanggal 12", "Tanggal 8", "Tanggal 3", "Satu Juni WIB"]
        assert_pages(client, "archive_month", ("2023", "06"), "Arsip Juni 2023", june)
        response = get(client, "archive_month", "2023", "06")
        assertContains(response, "<title>Arsip Juni 2023")
        assert ("← Mei 2023", reverse("articles:archive_month", args=["2023", "05"])) in links(
            response, "archive-nav"
        )
        assert card_titles(get(client, "archive_month", "2023", "05")) == ["Akhir Mei"]


class TestHome:
    def test_headline_is_the_newest_and_the_latest_list_follows_it_page_by_page(self, client):
        for hours in [3, 6, 1, 4, 2, 5]:
            release(f"Berita {hours}", hours_ago=hours)
        first = get(client, "home")
        assert link_texts(first, "headline-title") == ["Berita 1"]
        assert card_titles(first) == ["Berita 2", "Berita 3"]
        second = get(client, "home", page=2)
        assert card_titles(second) == ["Berita 4", "Berita 5", "Berita 6"]
        assertContains(second, "Halaman 2 dari 2")

    def test_empty_site_says_so(self, client):
        assertContains(get(client, "home"), "Belum ada berita yang terbit.")

    def test_most_read_is_the_five_most_read_in_the_last_seven_days(self, client):
        steady, today, old = release("Tiga hari"), release("Hari ini"), release("Dulu ramai")
        for days_ago in (0, 3, 6):  # 6 days ago is still within the 7 days, today included
            reads(steady, 6, days_ago)
        reads(today, 10)
        reads(old, 1000, days_ago=7)
        reads(old, 3)
        for number in range(3):
            reads(release(f"Dua kali {number}", hours_ago=number + 1), 2)
        release("Belum dibaca", view_count=5000)
        response = get(client, "home")
        assertContains(response, "Terpopuler")
        assert link_texts(response, "popular-list") == [
            "Tiga hari", "Hari ini", "Dulu ramai", "Dua kali 0", "Dua kali 1",
        ]  # fmt: skip

    def test_most_read_is_by_total_reads_while_there_is_no_daily_history(self, client):
        release("Seratus", view_count=100)
        release("Seribu", view_count=1000)
        release("Belum dibaca", view_count=0)
        assert link_texts(get(client, "home"), "popular-list") == ["Seribu", "Seratus"]

    def test_most_read_shows_each_releases_read_count_the_indonesian_way(self, client):
        reads(release("Ramai", view_count=12_345), 5)
        reads(release("Sepi", view_count=7), 1)
        response = get(client, "home")
        assert link_texts(response, "popular-list") == ["Ramai", "Sepi"]
        assert texts(response, "popular-reads") == ["Dibaca 12.345 kali", "Dibaca 7 kali"]

    def test_most_read_figures_are_those_of_when_the_page_was_cached(self, client, clock):
        article = release("Ramai", view_count=10)
        reads(article, 10)
        assert texts(get(client, "home"), "popular-reads") == ["Dibaca 10 kali"]
        # Reads counted meanwhile start no new content version: the box keeps its figure...
        Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 5)
        assert texts(get(client, "home"), "popular-reads") == ["Dibaca 10 kali"]
        # ...until the cached page expires (the article page's own figure is always live).
        clock.shift(timedelta(seconds=settings.NEWSROOM_PAGE_CACHE_SECONDS + 1))
        assert texts(get(client, "home"), "popular-reads") == ["Dibaca 15 kali"]

    def test_photos_are_cropped_around_their_focal_point(self, client):
        release("Kartu", hours_ago=2, featured_photo=PhotoFactory(focal_x=0, focal_y=1))
        release("Utama", featured_photo=PhotoFactory(focal_x=0.28, focal_y=0.66))
        html = get(client, "home").content.decode()
        assert 'class="headline-photo focal-x3 focal-y7"' in html
        assert 'class="card-photo focal-x0 focal-y10"' in html

    def test_popular_tags_are_the_most_used_first(self, client):
        release("A", tags=["Banjir", "Posyandu", "Zakat"])
        release("B", tags=["Banjir", "Posyandu"])
        release("C", tags=["Banjir"])
        response = get(client, "home")
        assertContains(response, "Topik populer")
        assert links(response, "tag-cloud") == [
            (name, reverse("articles:tag", args=[slugify(name)]))
            for name in ["Banjir", "Posyandu", "Zakat"]
        ]


# -- a fixed number of queries ---------------------------------------------------

LIST_PAGES = [
    # URL name, arguments, and the queries it runs with an empty cache. "version": the next
    # scheduled go-live, which keys the page cache; "site": the site settings and the
    # sections, one query each; "page": the page of articles with credits and section in
    # one query, and their tags in one more; "count": the paginator's.
    # version, count, most read this week, popular tags, site, page
    pytest.param("home", (), 8, id="home"),
    # version, count, site, page
    pytest.param("article_list", (), 6, id="all-news"),
    # version, the tag, is it on a published article (else 404), count, site, page
    pytest.param("tag", ("umum",), 8, id="tag"),
    # version, the section, count, site, page
    pytest.param("section", ("kesehatan",), 7, id="section"),
    # version, the person, any published credit (else 404), count, site, page
    pytest.param("person", ("sari",), 8, id="person"),
    # version, any article that year (else 404), its months, the nearest article of the
    # years before and after (Django's date views read a whole row each), count, site, page
    pytest.param("archive_year", ("2023",), 10, id="year"),
    # the same for a month: version, any article, its days, nearest before and after,
    # count, site, page
    pytest.param("archive_month", ("2023", "06"), 10, id="month"),
]


def newsroom_of(count: int, *, daily_reads: bool = True) -> None:
    """``count`` published articles with a photo, in one section, by one reporter,
    sharing the tag "umum" and two tags of their own, read ``number + 1`` times today
    unless ``daily_reads`` is false."""
    health, sari = SectionFactory(name="Kesehatan"), PersonFactory(name="Sari")
    for number in range(count):
        tags = ["umum", f"topik-{number}", f"wilayah-{number}"]
        article = release(
            f"Berita {number}",
            hours_ago=number + 1,
            tags=tags,
            section=health,
            reporter=sari,
            with_photo=True,
        )
        if daily_reads:
            reads(article, number + 1)
    cache.clear()


@pytest.mark.parametrize(("name", "args", "queries"), LIST_PAGES)
@pytest.mark.parametrize("count", [1, 15])
def test_list_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, name, args, queries, count
):
    newsroom_of(count)
    with django_assert_num_queries(queries):
        response = get(client, name, *args)
    assertContains(response, "Berita 0")  # the newest


@pytest.mark.parametrize("count", [1, 15])
def test_home_before_any_daily_reads_runs_one_more_query_for_the_most_read(
    client, django_assert_num_queries, count
):
    newsroom_of(count, daily_reads=False)
    # as "home" above, with most read this week (none yet), then most read overall
    with django_assert_num_queries(9):
        response = get(client, "home")
    assertContains(response, "Berita 0")


def test_a_list_page_after_another_reads_the_site_configuration_from_the_cache(
    client, django_assert_num_queries
):
    newsroom_of(12)
    assert get(client, "home").status_code == 200
    # the tag, is it on a published article, count, the page, its tags: no version (the
    # home page read it), no site settings nor sections
    with django_assert_num_queries(5):
        assert get(client, "tag", "umum").status_code == 200


def test_a_list_page_seen_before_is_served_from_the_cache(client, django_assert_num_queries):
    ArticleFactory(title="Dari cache")
    get(client, "home")
    with django_assert_num_queries(0):
        assertContains(get(client, "home"), "Dari cache")


# -- a section is public only while it has a published release --------------------------


def menu(response) -> list[str]:
    return link_texts(response, "site-nav")


def section_of(name: str, **article) -> Section:
    """A section, with one release of ``article``'s status and time when given."""
    section = SectionFactory(name=name)
    if article:
        release(f"Berita {name}", section=section, **article)
    return section


MENU_WITH = ["Beranda", "Semua berita"]


def test_sections_without_a_published_release_are_neither_in_the_menu_nor_public(client):
    section_of("Kesehatan", hours_ago=2)
    hidden = [
        section_of("Kosong"),
        section_of("Pendidikan", status=Article.Status.DRAFT),
        section_of("Pertanian", status=Article.Status.REVIEW),
        section_of("Olahraga", status=Article.Status.WITHDRAWN),
        section_of("Pariwisata", hours_ago=-1),  # scheduled in an hour
    ]
    visible = release("Terbaru")
    for page in (
        get(client, "home"),
        get(client, "section", "kesehatan"),
        client.get(visible.get_absolute_url()),
    ):
        assert menu(page) == [*MENU_WITH, "Kesehatan"]
    for section in hidden:
        for query in ({}, {"page": 1}, {"page": "last"}, {"utm_source": "wa"}):
            assert get(client, "section", section.slug, **query).status_code == 404
    assert get(client, "section", "tidak-ada").status_code == 404


def test_a_scheduled_release_shows_its_section_only_once_it_goes_live(client, clock):
    section_of("Pariwisata", hours_ago=-1)
    release("Sudah terbit")
    assert menu(get(client, "home")) == MENU_WITH  # the home page and the menu now cached
    assert get(client, "section", "pariwisata").status_code == 404
    clock.shift(timedelta(minutes=59))
    assert menu(get(client, "home")) == MENU_WITH
    clock.shift(timedelta(minutes=1, seconds=1))
    assert menu(get(client, "home")) == [*MENU_WITH, "Pariwisata"]
    assert card_titles(get(client, "section", "pariwisata")) == ["Berita Pariwisata"]


def test_withdrawing_or_moving_the_last_release_hides_its_section_at_once(client, make_user):
    editor = make_user("Editor", "indra")
    health, farming = section_of("Kesehatan"), section_of("Pertanian")
    first, second = release("Pertama", section=health), release("Kedua", section=farming)
    assert menu(get(client, "home")) == [*MENU_WITH, "Kesehatan", "Pertanian"]
    workflow.withdraw(article=first, by=editor, reason="Data keliru")
    assert menu(get(client, "home")) == [*MENU_WITH, "Pertanian"]
    assert get(client, "section", "kesehatan").status_code == 404
    second.section = health
    second.save()
    assert menu(get(client, "home")) == [*MENU_WITH, "Kesehatan"]
    assert get(client, "section", "pertanian").status_code == 404
    second.delete()
    assert menu(get(client, "home")) == MENU_WITH


@pytest.mark.parametrize("hidden_sections", [0, 12])
def test_many_empty_sections_cost_a_list_page_no_query(
    client, django_assert_num_queries, hidden_sections
):
    newsroom_of(3)
    for number in range(hidden_sections):  # half with a draft, half with a scheduled release
        article = {"status": Article.Status.DRAFT} if number % 2 else {"hours_ago": -number - 1}
        section_of(f"Rubrik {number}", **article)
    cache.clear()
    with django_assert_num_queries(8):  # as "home" in LIST_PAGES
        response = get(client, "home")
    assert menu(response) == [*MENU_WITH, "Kesehatan"]
