"""Issue 5's lists, home page and article extras: each list shows exactly the published
articles it should, newest first, in pages; nothing unpublished shows anywhere; every list
page runs a fixed number of queries."""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import workflow
from articles.models import Article, DailyViews, Section
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2023, 6, 20, 5, 0, tzinfo=UTC)  # Selasa, 20 Juni 2023, 12:00 WIB
PAGE_SIZE = 3


@pytest.fixture(autouse=True)
def now_and_page_size(settings):
    settings.NEWSROOM_PAGE_SIZE = PAGE_SIZE
    with time_machine.travel(NOW, tick=False):
        yield


def release(title: str, *, hours_ago: float = 1, **fields) -> Article:
    """A published article, ``hours_ago`` hours before NOW."""
    return ArticleFactory(title=title, published_at=NOW - timedelta(hours=hours_ago), **fields)


def dated(title: str, *utc: int) -> Article:
    """A published article at a UTC time (year, month, day[, hour, minute])."""
    return ArticleFactory(title=title, published_at=datetime(*utc, tzinfo=UTC))


def make_section(name: str = "Kesehatan") -> Section:
    return Section.objects.create(name=name, slug=slugify(name))


def reads(article: Article, counted: int, days_ago: int = 0) -> None:
    day = timezone.localdate() - timedelta(days=days_ago)
    DailyViews.objects.create(article=article, date=day, counted=counted)


# -- the page as a reader sees it ------------------------------------------------

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Elements(HTMLParser):
    """The elements of a page with one CSS class, each as ``{"text", "links"}`` (links as
    ``(text, href)``), in page order; and the ``src`` of every script of the page."""

    def __init__(self, response, css_class: str):
        super().__init__()
        self.css_class, self.found, self.scripts = css_class, [], []
        self.open, self.link = [], None  # open elements as (tag, found element or None)
        self.feed(response.content.decode())

    def inside(self) -> list[dict]:
        return [element for _tag, element in self.open if element is not None]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "a":
            self.link = [attrs.get("href") or "", ""]
        if tag not in VOID_TAGS:
            wanted = self.css_class in (attrs.get("class") or "").split()
            self.open.append((tag, {"text": "", "links": []} if wanted else None))
            self.found += self.open[-1][1:] if wanted else []

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            for element in self.inside():
                element["links"].append((" ".join(self.link[1].split()), self.link[0]))
            self.link = None
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for element in self.inside():
            element["text"] += data
        if self.link is not None:
            self.link[1] += data


def texts(response, css_class: str) -> list[str]:
    return [" ".join(found["text"].split()) for found in Elements(response, css_class).found]


def links(response, css_class: str) -> list[tuple[str, str]]:
    return [link for found in Elements(response, css_class).found for link in found["links"]]


def link_texts(response, css_class: str) -> list[str]:
    return [text for text, _href in links(response, css_class)]


def card_titles(response) -> list[str]:
    return texts(response, "card-title")


def get(client, name: str, *args, **params):
    return client.get(reverse(f"articles:{name}", args=args), params)


def assert_pages(client, name: str, args: tuple, heading: str, titles: list[str]) -> None:
    """The list at ``name`` is headed ``heading`` and shows ``titles`` in that order,
    PAGE_SIZE a page; the page after the last is a 404."""
    pages = [titles[start : start + PAGE_SIZE] for start in range(0, len(titles), PAGE_SIZE)]
    for number, expected in enumerate(pages, start=1):
        response = get(client, name, *args, page=number)
        assert texts(response, "page-title") == [heading]
        assert card_titles(response) == expected, f"page {number}"
        if len(pages) > 1:
            assertContains(response, f"Halaman {number} dari {len(pages)}")
    assert get(client, name, *args, page=len(pages) + 1).status_code == 404


# -- the lists ------------------------------------------------------------------


class TestLists:
    def test_all_news_lists_every_published_article_newest_first(self, client):
        for hours in [5, 1, 7, 3, 2, 6, 4]:
            release(f"Berita {hours}", hours_ago=hours)
        titles = [f"Berita {hours}" for hours in range(1, 8)]
        assert_pages(client, "article_list", (), "Semua berita", titles)

    def test_tag_page_lists_the_articles_with_the_tag(self, client):
        for hours in [4, 1, 3, 2]:
            release(f"Banjir {hours}", hours_ago=hours, tags=["Banjir", "BPBD"])
        release("Posyandu", hours_ago=0.5, tags=["Kesehatan"])
        titles = ["Banjir 1", "Banjir 2", "Banjir 3", "Banjir 4"]
        assert_pages(client, "tag", ("banjir",), "Tag: Banjir", titles)

    def test_section_page_lists_the_articles_of_the_section(self, client):
        health, schools = make_section("Kesehatan"), make_section("Pendidikan")
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


# -- the home page ----------------------------------------------------------------


class TestHome:
    def test_headline_is_the_newest_and_the_latest_list_follows_it_page_by_page(self, client):
        for hours in [3, 6, 1, 4, 2, 5]:
            release(f"Berita {hours}", hours_ago=hours)
        first = get(client, "home")
        assert link_texts(first, "headline-title") == ["Berita 1"]
        assert card_titles(first) == ["Berita 2", "Berita 3"]
        assert card_titles(get(client, "home", page=2)) == ["Berita 4", "Berita 5", "Berita 6"]

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


# -- the article page -------------------------------------------------------------


class TestArticlePage:
    def test_shows_its_tags_and_a_link_to_its_section(self, client):
        article = release("Posyandu", tags=["Tengkes", "Posyandu"], section=make_section())
        response = client.get(article.get_absolute_url())
        assert links(response, "article-tags") == [
            ("Posyandu", reverse("articles:tag", args=["posyandu"])),
            ("Tengkes", reverse("articles:tag", args=["tengkes"])),
        ]
        section = ("Kesehatan", reverse("articles:section", args=["kesehatan"]))
        assert links(response, "article-section") == [section]

    def test_read_also_ranks_shared_tags_then_section_then_date_five_at_most(self, client):
        health = make_section("Kesehatan")
        article = release("Induk", tags=["gizi", "tengkes", "posyandu"], section=health)
        release("Satu tag, baru", hours_ago=2, tags=["gizi"])
        release("Tiga tag", hours_ago=9, tags=["gizi", "tengkes", "posyandu"])
        release("Satu tag dan rubrik", hours_ago=8, tags=["tengkes"], section=health)
        release("Dua tag", hours_ago=7, tags=["gizi", "posyandu"])
        release("Rubrik saja, baru", hours_ago=3, section=health)
        release("Rubrik saja, lama", hours_ago=4, section=health)
        release("Lain", hours_ago=0.5, tags=["banjir"], section=make_section("Kebencanaan"))
        response = client.get(article.get_absolute_url())
        assertContains(response, "Baca juga")
        assert link_texts(response, "related") == [
            "Tiga tag", "Dua tag", "Satu tag dan rubrik", "Satu tag, baru", "Rubrik saja, baru",
        ]  # fmt: skip

    def test_share_links_carry_the_absolute_address_and_no_third_party_script(self, client):
        article = release("Bagikan & sebarkan", tags=["umum"])
        address = f"http://testserver{article.get_absolute_url()}"
        response = client.get(article.get_absolute_url())
        shared = dict(links(response, "share"))
        for name, host, parameter in [
            ("WhatsApp", "wa.me", "text"),
            ("Facebook", "www.facebook.com", "u"),
            ("X", "x.com", "url"),
            ("Telegram", "t.me", "url"),
        ]:
            href = urlsplit(shared[name])
            assert (href.scheme, href.netloc) == ("https", host), name
            assert "http://testserver" not in shared[name], f"{name}: address not URL-encoded"
            assert address in parse_qs(href.query)[parameter][0], name
        assert shared["Salin tautan"] == address
        scripts = Elements(response, "share").scripts
        assert scripts, "the copy-link script"
        assert all(urlsplit(src).netloc in ("", "testserver") for src in scripts), scripts

    def test_previous_and_next_are_the_neighbouring_published_articles(self, client):
        older = release("Sebelumnya", hours_ago=3)
        article = release("Tengah", hours_ago=2)
        newer = release("Sesudahnya", hours_ago=1)
        response = client.get(article.get_absolute_url())
        assert links(response, "prev")[0][1] == older.get_absolute_url()
        assert links(response, "next")[0][1] == newer.get_absolute_url()
        oldest = client.get(older.get_absolute_url())
        assert links(oldest, "prev") == []
        assert links(oldest, "next")[0][1] == article.get_absolute_url()

    def test_has_a_print_stylesheet(self, client):
        response = client.get(release("Cetak").get_absolute_url())
        assertContains(response, static("css/site.css"))
        with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
            assert "@media print" in stylesheet.read()


# -- nothing unpublished, anywhere ------------------------------------------------

HIDDEN_STATES = {
    "draft": Article.Status.DRAFT,  # with a planned time that has passed
    "review": Article.Status.REVIEW,
    "scheduled": Article.Status.PUBLISHED,  # with a time still to come
    "withdrawn": Article.Status.WITHDRAWN,
}


@pytest.fixture(params=list(HIDDEN_STATES))
def hidden(request):
    """``hidden(**fields)``: an article the public must never see, titled "Rahasia ...",
    ``hours_ago`` before now (half an hour unless given): newer than the published
    articles of a test, where a leak would show. A scheduled one is half an hour ahead."""
    state = request.param

    def make(hours_ago: float = 0.5, **fields) -> Article:
        fields.setdefault("title", f"Rahasia {state}")
        ahead = timedelta(minutes=30) if state == "scheduled" else -timedelta(hours=hours_ago)
        return ArticleFactory(status=HIDDEN_STATES[state], published_at=NOW + ahead, **fields)

    return make


def assert_not_shown(response, article: Article) -> None:
    assertNotContains(response, article.title)
    assertNotContains(response, article.get_absolute_url())


LIST_SURFACES = {
    # surface: its URL name and arguments, and what its published and hidden article share
    "all-news": ("article_list", (), lambda: {}),
    "tag": ("tag", ("banjir",), lambda: {"tags": ["banjir"]}),
    "section": ("section", ("kesehatan",), lambda: {"section": make_section()}),
    "person": ("person", ("sari",), lambda: {"reporter": PersonFactory(name="Sari")}),
    "year-archive": ("archive_year", ("2023",), lambda: {}),
    "month-archive": ("archive_month", ("2023", "06"), lambda: {}),
}


class TestNothingUnpublishedLeaks:
    def test_home_latest_list(self, client, hidden):
        release("Terbit 1", hours_ago=1), release("Terbit 2", hours_ago=3)
        secret = hidden(hours_ago=2)
        response = get(client, "home")
        assert card_titles(response) == ["Terbit 2"]
        assert_not_shown(response, secret)

    def test_home_headline(self, client, hidden):
        release("Terbit")
        secret = hidden()
        response = get(client, "home")
        assert link_texts(response, "headline-title") == ["Terbit"]
        assert_not_shown(response, secret)

    @pytest.mark.parametrize("daily_history", [True, False], ids=["this-week", "overall"])
    def test_home_most_read(self, client, hidden, daily_history):
        public = release("Terbit", view_count=1)
        secret = hidden(view_count=1_000_000)
        if daily_history:
            reads(public, 1)
            reads(secret, 50_000)
            reads(secret, 50_000, days_ago=1)
        response = get(client, "home")
        assert link_texts(response, "popular-list") == ["Terbit"]
        assert_not_shown(response, secret)

    def test_home_popular_tags(self, client, hidden):
        release("Terbit", tags=["Umum"])
        hidden(tags=["Rahasia Negara"])
        response = get(client, "home")
        assert link_texts(response, "tag-cloud") == ["Umum"]
        assertNotContains(response, "Rahasia Negara")
        assert get(client, "tag", "rahasia-negara").status_code == 404

    @pytest.mark.parametrize("surface", LIST_SURFACES)
    def test_list_page(self, client, hidden, surface):
        name, args, shared = LIST_SURFACES[surface]
        fields = shared()
        release("Terbit", **fields)
        secret = hidden(**fields)
        response = get(client, name, *args)
        assert card_titles(response) == ["Terbit"]
        assert_not_shown(response, secret)

    def test_section_with_only_unpublished_articles_lists_none(self, client, hidden):
        secret = hidden(section=make_section())
        response = get(client, "section", "kesehatan")
        assertContains(response, "Belum ada berita.")
        assert_not_shown(response, secret)

    def test_person_credited_only_on_unpublished_work_has_no_page(self, client, hidden):
        budi = PersonFactory(name="Budi")
        hidden(photographer=budi)
        release("Terbit")
        assert get(client, "person", budi.slug).status_code == 404

    def test_archive_month_links_and_neighbouring_months(self, client, hidden):
        dated("Mei", 2023, 5, 10)
        secret = hidden()  # in June 2023
        june = reverse("articles:archive_month", args=["2023", "06"])
        year, may = get(client, "archive_year", "2023"), get(client, "archive_month", "2023", "05")
        assert link_texts(year, "archive-months") == ["Mei"]
        assertNotContains(may, june)
        assert client.get(june).status_code == 404
        for response in (year, may):
            assert_not_shown(response, secret)

    def test_read_also(self, client, hidden):
        health = make_section()
        article = release("Induk", tags=["gizi"], section=health)
        release("Terkait", hours_ago=2, tags=["gizi"])
        secret = hidden(tags=["gizi"], section=health)
        response = client.get(article.get_absolute_url())
        assert link_texts(response, "related") == ["Terkait"]
        assert_not_shown(response, secret)

    def test_previous_and_next(self, client, hidden):
        older, newer = release("Lama", hours_ago=3), release("Baru", hours_ago=1)
        secrets = [hidden(title="Rahasia di antara", hours_ago=2), hidden(title="Rahasia baru")]
        for article, neighbour in [(older, newer), (newer, older)]:
            response = client.get(article.get_absolute_url())
            assert [href for _text, href in links(response, "prev-next")] == [
                neighbour.get_absolute_url()
            ]
            for secret in secrets:
                assert_not_shown(response, secret)


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


@pytest.mark.parametrize(("name", "args", "queries"), LIST_PAGES)
@pytest.mark.parametrize("count", [1, 15])
def test_list_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, name, args, queries, count
):
    health, sari = make_section(), PersonFactory(name="Sari")
    for number in range(count):
        tags = ["umum", f"topik-{number}", f"wilayah-{number}"]
        article = release(
            f"Berita {number}", hours_ago=number + 1, tags=tags, section=health, reporter=sari
        )
        reads(article, number + 1)
    cache.clear()
    with django_assert_num_queries(queries):
        response = get(client, name, *args)
    assertContains(response, "Berita 0")  # the newest


# -- errors ------------------------------------------------------------------------

UNKNOWN_ADDRESSES = [
    ("tag", ("tidak-ada",)),
    ("section", ("tidak-ada",)),
    ("person", ("tidak-ada",)),
    ("archive_year", ("2019",)),  # no article that year
    ("archive_month", ("2023", "02")),  # nor that month
    ("archive_month", ("2023", "13")),
    ("archive_month", ("2023", "00")),
]


def address_id(value) -> str:
    return "/".join(value) if isinstance(value, tuple) else value


class TestErrors:
    @pytest.mark.parametrize(("name", "args", "_queries"), LIST_PAGES)
    @pytest.mark.parametrize("page", ["0", "-1", "99", "abc", "2.5", "9" * 30])
    def test_bad_page_number_is_the_friendly_404_not_a_500(
        self, client, name, args, _queries, page
    ):
        sari = PersonFactory(name="Sari")
        release("Terbit", tags=["umum"], section=make_section(), reporter=sari)
        response = get(client, name, *args, page=page)
        assertContains(response, "Halaman tidak ditemukan", status_code=404)

    @pytest.mark.parametrize(("name", "args"), UNKNOWN_ADDRESSES, ids=address_id)
    def test_unknown_address_is_the_friendly_404_in_indonesian(self, client, name, args):
        release("Terbit")
        response = get(client, name, *args)
        assertContains(
            response,
            '<h1 class="page-title">Halaman tidak ditemukan</h1>',
            count=1,
            status_code=404,
        )
        assertContains(response, '<html lang="id">', status_code=404)
        assertContains(response, "Kembali ke beranda", status_code=404)

    @pytest.mark.parametrize("year", ["0000", "0001", "1899", "2100", "9999"])
    def test_dated_address_out_of_the_years_served_is_the_friendly_404(self, client, year):
        # 1 January of year 1 in WIB is before the earliest time Python holds in UTC: on
        # SQLite /arsip/0001/ was a 500 until dated URLs took years 1900-2099 only.
        dated_urls = [
            reverse("articles:archive_year", args=["2023"]),
            reverse("articles:archive_month", args=["2023", "01"]),
            release("Terbit").get_absolute_url(),
        ]
        for url in dated_urls:
            response = client.get(url.replace("2023", year))
            assertContains(response, "Halaman tidak ditemukan", status_code=404)

    def test_withdrawn_release_is_410_gone(self, client, make_user):
        article = release("Ditarik")
        workflow.withdraw(article=article, by=make_user("Editor", "x"), reason="Data keliru.")
        response = client.get(article.get_absolute_url())
        assertContains(response, "Berita ini telah ditarik", status_code=410)
        assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
