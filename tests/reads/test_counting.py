"""Counting reads (issue 4): what counts as one read, the repeat window, privacy, the
daily tallies behind "Terpopuler", and the cache-safe beacon.

Rules that differ between counting straight into the database and buffering in Redis
run in both modes (``mode``); in Redis mode the helpers flush before looking.
"""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import models
from django.test import RequestFactory
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.models import Article, BlockedNetwork, DailyViews, RecentReader, UserAgentRule
from articles.reads import buffer as view_buffer
from articles.reads import counting, stepwise, visitors
from tests.factories import ArticleFactory
from tests.reads.reading import (
    BOT,
    BROWSER,
    COUNTED,
    EXCLUDED,
    NOTHING,
    READER_IP,
    SAME_ORIGIN,
    TODAY,
    beacon,
    read,
    tallies,
    tally,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bot_rules", "clock")]

NOW = datetime(2024, 5, 2, 5, 0, tzinfo=UTC)  # Thursday 2 May 2024, 12:00 WIB
BOTS = {
    "googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "googlebot-smartphone": "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 "
    "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "bingbot": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "whatsapp": "WhatsApp/2.23.20.0",
    "facebook": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "telegram": "TelegramBot (like TwitterBot)",
    "twitter": "Twitterbot/1.0",
    "curl": "curl/8.5.0",
}
PHONES = {
    "chrome-android": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
    "safari-iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "facebook-app-android": "Mozilla/5.0 (Linux; Android 13; SM-A515F Build/TP1A.220624.014; wv) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 "
    "Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/448.0.0.39.115;]",
    "facebook-app-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/21B101 [FBAN/FBIOS;FBAV/442.0.0.44.109;"
    "FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1.2;FBSS/3;FBID/phone;FBLC/id_ID;FBOP/5]",
    "cubot": "Mozilla/5.0 (Linux; Android 9; CUBOT_X19 Build/PPR1.180610.011) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/119.0.6045.163 Mobile Safari/537.36",
    "cubot-kingkong": "Mozilla/5.0 (Linux; Android 12; CUBOT KINGKONG 7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/118.0.0.0 Mobile Safari/537.36",
    "miui": "Mozilla/5.0 (Linux; U; Android 10; id-id; Redmi Note 9 Pro Build/QKQ1.191215.002) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/112.0.5615.136 "
    "Mobile Safari/537.36 XiaoMi/MiuiBrowser/14.4.0-g",
}


class TestWhatCountsAsARead:
    def test_an_anonymous_browser_reading_a_published_article_counts_once(
        self, client, article, mode
    ):
        assert read(client, article).status_code == 200
        assert tallies(article) == COUNTED

    def test_head_request_is_not_a_read(self, client, article, mode):
        assert client.head(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
        assert tallies(article) == NOTHING

    def test_logged_in_staff_are_not_counted(self, client, article, mode, make_user):
        client.force_login(make_user("Editor", "edi"))
        read(client, article)
        assert tallies(article) == EXCLUDED

    @pytest.mark.parametrize("user_agent", BOTS.values(), ids=BOTS.keys())
    def test_bots_and_link_preview_fetchers_are_tallied_apart(
        self, client, article, mode, user_agent
    ):
        read(client, article, ua=user_agent)
        assert tallies(article) == BOT

    @pytest.mark.parametrize("user_agent", PHONES.values(), ids=PHONES.keys())
    def test_common_mobile_browsers_are_readers(self, client, article, user_agent):
        read(client, article, ua=user_agent)
        assert tallies(article) == COUNTED

    @pytest.mark.parametrize(
        "header, value",
        [
            ("HTTP_SEC_PURPOSE", "prefetch"),
            ("HTTP_SEC_PURPOSE", "prefetch;prerender"),
            ("HTTP_PURPOSE", "prefetch"),
            ("HTTP_X_MOZ", "prefetch"),
        ],
    )
    def test_prefetch_and_prerender_are_not_reads(self, client, article, mode, header, value):
        read(client, article, **{header: value})
        assert tallies(article) == EXCLUDED

    @pytest.mark.parametrize("ip", ["203.0.113.9", "2001:db8::1"])
    def test_reads_from_a_blocked_network_are_not_counted(self, client, article, mode, ip):
        BlockedNetwork.objects.create(network="203.0.113.0/24", description="Kantor")
        BlockedNetwork.objects.create(network="2001:db8::/32")
        read(client, article, ip=ip)
        assert tallies(article) == EXCLUDED

    @pytest.mark.parametrize(
        "status, offset",
        [
            (Article.Status.DRAFT, -timedelta(hours=1)),
            (Article.Status.REVIEW, -timedelta(hours=1)),
            (Article.Status.PUBLISHED, timedelta(hours=1)),
            (Article.Status.WITHDRAWN, -timedelta(hours=1)),
        ],
        ids=["draft", "review", "scheduled", "withdrawn"],
    )
    def test_unpublished_articles_never_count(self, client, status, offset):
        hidden = ArticleFactory(status=status, published_at=timezone.now() + offset)
        assert read(client, hidden).status_code in (404, 410)
        request = RequestFactory().get("/", REMOTE_ADDR=READER_IP, HTTP_USER_AGENT=BROWSER)
        request.user = AnonymousUser()
        assert counting.record_read(request, hidden) is None
        assert tallies(hidden) == NOTHING
        assert not DailyViews.objects.exists() and not RecentReader.objects.exists()


class TestRepeatReads:
    def test_same_visitor_counts_again_only_after_the_window(self, client, article, mode, clock):
        read(client, article)
        clock.shift(timedelta(minutes=29, seconds=59))
        read(client, article)
        assert tallies(article) == tally(1, 1, other_excluded=1)
        clock.shift(timedelta(minutes=1))
        read(client, article)
        assert tallies(article) == tally(2, 2, other_excluded=1)

    def test_the_window_is_a_setting(self, client, article, mode, clock, settings):
        settings.NEWSROOM_VIEW_DEDUP_MINUTES = 5
        read(client, article)
        clock.shift(timedelta(minutes=4))
        read(client, article)
        clock.shift(timedelta(minutes=2))
        read(client, article)
        assert tallies(article) == tally(2, 2, other_excluded=1)

    def test_another_browser_or_address_is_another_visitor(self, client, article, mode):
        read(client, article)
        read(client, article, ua=BROWSER.replace("124.0", "125.0"))
        read(client, article, ip="198.51.100.11")
        assert tallies(article) == tally(3, 3)

    def test_a_repeat_read_across_jakarta_midnight_is_still_a_repeat(
        self, client, article, mode, clock
    ):
        clock.move_to(datetime(2024, 5, 2, 16, 50, tzinfo=UTC))  # 23:50 WIB
        read(client, article)
        clock.move_to(datetime(2024, 5, 2, 17, 10, tzinfo=UTC))  # 00:10 WIB, 20 minutes later
        read(client, article)
        assert tallies(article, day=date(2024, 5, 3)) == tally(1, other_excluded=1)


class TestStaffManagedRules:
    def test_a_rule_added_by_staff_takes_effect_at_once(self, client, article):
        aggregator = "AgregatorBerita/2.0 (+https://agregator.example)"
        read(client, article, ua="Agregator 1.0")  # the rules are now cached
        UserAgentRule.objects.create(pattern=r"agregator", description="Agregator berita")
        read(client, article, ua=aggregator, ip="198.51.100.11")
        assert tallies(article) == tally(1, 1, bot_reads=1)

    def test_deactivated_rules_stop_applying(self, client, article):
        network = BlockedNetwork.objects.create(network="203.0.113.0/24")
        read(client, article, ua="WhatsApp/2.23.20.0")
        read(client, article, ip="203.0.113.9")
        whatsapp = UserAgentRule.objects.get(pattern="whatsapp")
        whatsapp.is_active = network.is_active = False
        whatsapp.save()
        network.save()
        read(client, article, ua="WhatsApp/2.23.20.0")
        read(client, article, ip="203.0.113.9")
        assert tallies(article) == tally(2, 2, bot_reads=1, other_excluded=1)


class TestClientAddress:
    @pytest.mark.parametrize(
        "proxies, forwarded, expected",
        [
            (0, "192.0.2.1", "10.0.0.1"),  # no trusted proxy: the header is ignored
            (1, "192.0.2.1", "192.0.2.1"),
            (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # a forged first hop is ignored
            (2, "6.6.6.6, 192.0.2.1, 10.9.9.9", "192.0.2.1"),
            (2, "192.0.2.1", "10.0.0.1"),  # fewer hops than proxies: not trusted
            (1, "", "10.0.0.1"),
        ],
    )
    def test_client_ip_trusts_only_the_configured_proxies(
        self, settings, proxies, forwarded, expected
    ):
        settings.NEWSROOM_TRUSTED_PROXY_COUNT = proxies
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert counting.client_ip(request) == expected

    def test_behind_a_proxy_the_forwarded_address_is_the_visitor(self, client, article, settings):
        settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
        BlockedNetwork.objects.create(network="203.0.113.0/24")
        for forwarded in ["192.0.2.1", "192.0.2.2", "192.0.2.2", "203.0.113.5"]:
            read(client, article, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert tallies(article) == tally(2, 2, other_excluded=2)


class TestDisplayedFigure:
    def test_the_page_shows_the_figure_before_this_read(self, client, mode):
        article = ArticleFactory(view_count=315)
        assertContains(read(client, article), "Dibaca : 315 Kali")
        assertContains(read(client, article, ip="198.51.100.11"), "Dibaca : 316 Kali")
        assert tallies(article)["view_count"] == 317


def rows_containing(needles):
    """Every (table, column) of the database with a value that contains one of the needles."""
    text = (models.CharField, models.TextField, models.GenericIPAddressField)
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, text):
                continue
            for needle in needles:
                if model._base_manager.filter(**{f"{field.attname}__icontains": needle}).exists():
                    found.append((model._meta.db_table, field.column, needle))
    return found


def redis_values_containing(redis_client, needles):
    found = []
    for key in redis_client.scan_iter():
        kind = redis_client.type(key)
        values = {
            "string": lambda k: [redis_client.get(k)],
            "hash": lambda k: [*redis_client.hgetall(k).items()],
            "set": lambda k: redis_client.smembers(k),
        }[kind](key)
        found += [key for needle in needles if needle.lower() in f"{key} {values}".lower()]
    return found


class TestPrivacy:
    IPS = ["203.0.113.77", "198.51.100.23", "2001:db8:cafe::77"]
    USER_AGENTS = [
        "Mozilla/5.0 (X11; Linux x86_64) PembacaSetiaBengkalis/7.3 Firefox/125.0",
        "PembacaSetiaBengkalis-Pratinjau/1.0 WhatsApp/2.24",
        BROWSER,
    ]

    def test_no_raw_ip_or_user_agent_is_stored_anywhere(
        self, client, mode, make_user, request, settings
    ):
        page, beaconed = ArticleFactory(), ArticleFactory()
        for ip in self.IPS:
            for ua in self.USER_AGENTS:
                read(client, page, ip=ip, ua=ua)
                read(client, page, ip=ip, ua=ua)
                read(client, page, ip=ip, ua=ua, HTTP_SEC_PURPOSE="prefetch")
        settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
        for ip in self.IPS:
            for ua in self.USER_AGENTS:
                assert beacon(client, beaconed, ip=ip, ua=ua, **SAME_ORIGIN).status_code == 204
        needles = [*self.IPS, *self.USER_AGENTS]
        if mode == "redis":
            redis_client = request.getfixturevalue("redis_mode")
            assert view_buffer.pending(page.pk) > 0
            assert redis_values_containing(redis_client, needles) == []
            assert redis_values_containing(redis_client, [f"t:{page.pk}"])  # the scan looks
        reads = len(self.IPS) * 2  # one of the three user agents is a link-preview fetcher
        assert tallies(page) == tally(reads, reads, bot_reads=9, other_excluded=reads * 2)
        assert tallies(beaconed) == tally(reads, reads, bot_reads=3)
        assert rows_containing(needles) == []
        assert rows_containing([page.title])  # the scan does find what is stored

    def test_repeat_visitor_marks_are_forgotten_when_the_window_ends(self, client, clock):
        article = ArticleFactory()
        read(client, article)
        clock.shift(timedelta(minutes=20))
        read(client, article, ip="198.51.100.11")
        clock.shift(timedelta(minutes=11))
        assert stepwise.forget_expired_readers() == 1
        assert RecentReader.objects.count() == 1
        clock.shift(timedelta(minutes=20))
        output = io.StringIO()
        call_command("flush_view_counts", stdout=output)
        assert "Forgot 1 expired" in output.getvalue()
        assert not RecentReader.objects.exists()

    def test_the_mark_is_a_keyed_hash_that_changes_every_day(self, settings, article):
        request = RequestFactory().get("/", REMOTE_ADDR=READER_IP, HTTP_USER_AGENT=BROWSER)
        today = visitors.visitor_digests(request, article.pk, timezone.now())[0]
        tomorrow = visitors.visitor_digests(request, article.pk, timezone.now() + timedelta(1))[0]
        settings.SECRET_KEY = "another-secret-key-for-another-site-0123456789"
        elsewhere = visitors.visitor_digests(request, article.pk, timezone.now())[0]
        assert len({today, tomorrow, elsewhere}) == 3


class TestDailyHistory:
    def test_reads_on_different_jakarta_days_go_to_different_rows(self, client, mode, clock):
        clock.move_to(datetime(2024, 5, 1, 16, 30, tzinfo=UTC))  # 23:30 WIB, 1 May
        article = ArticleFactory()
        read(client, article)
        clock.move_to(datetime(2024, 5, 1, 17, 30, tzinfo=UTC))  # 00:30 WIB, 2 May
        read(client, article, ip="198.51.100.11")
        read(client, article, ua="Twitterbot/1.0")
        assert tallies(article, day=date(2024, 5, 1)) == tally(2, 1)
        assert tallies(article, day=date(2024, 5, 2)) == tally(2, 1, bot_reads=1)

    def test_popular_ranks_by_counted_reads_in_the_last_7_days(self):
        def article_read(days_ago_and_counts, **fields):
            article = ArticleFactory(**fields)
            for days_ago, counted in days_ago_and_counts:
                DailyViews.objects.create(
                    article=article, date=TODAY - timedelta(days_ago), counted=counted
                )
            return article

        steady = article_read([(0, 5), (6, 5)])
        today = article_read([(0, 20)])
        old_favourite = article_read([(7, 500), (0, 1)], view_count=90000)
        article_read([(7, 300)])  # only older reads
        article_read([(0, 900)], status=Article.Status.DRAFT)
        article_read([(0, 900)], status=Article.Status.WITHDRAWN)
        article_read([(0, 900)], published_at=timezone.now() + timedelta(hours=2))
        DailyViews.objects.create(article=ArticleFactory(), date=TODAY, bot_reads=999)
        popular = Article.objects.published().popular(days=7)
        assert [(a, a.recent_reads) for a in popular] == [
            (today, 20),
            (steady, 10),
            (old_favourite, 1),
        ]
