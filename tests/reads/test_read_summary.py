"""The read summary and the daily chart at a glance (issue 15): the last 7 days against
the 7 before in words, the 30-day total, and a chart with dated axes. Days are WIB days."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import DailyViews
from articles.reads import buffer as view_buffer
from articles.reads import charts
from articles.reads.charts import DayReads, Trend
from tests.factories import ArticleFactory
from tests.reads.reading import read

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bot_rules", "clock")]

NOW = datetime(2024, 12, 8, 5, 0, tzinfo=UTC)  # Sunday 8 December 2024, 12:00 WIB
TODAY = date(2024, 12, 8)
LAST_WEEK = [TODAY - timedelta(days=back) for back in range(7)]  # 2-8 December
PREVIOUS_WEEK = [TODAY - timedelta(days=back) for back in range(7, 14)]  # 25 Nov-1 Dec


def wib(year, month, day, hour, minute):
    """A moment given in WIB (UTC+7), as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def spread(article, days, total, **excluded):
    """``total`` counted reads spread over ``days`` (the remainder on the first)."""
    share, rest = divmod(total, len(days))
    for index, day in enumerate(days):
        DailyViews.objects.create(
            article=article, date=day, counted=share + (rest if index == 0 else 0), **excluded
        )


@pytest.fixture
def article():
    """A release published in October, so it can be read on any day of the tests."""
    return ArticleFactory(published_at=datetime(2024, 10, 1, tzinfo=UTC))


def summary_of(article):
    return charts.read_summary(article)


class TestWeekOverWeek:
    def test_a_rise_in_words_with_the_indonesian_thousands_separator(self, article):
        spread(article, LAST_WEEK, 1204)
        spread(article, PREVIOUS_WEEK, 1075)
        summary = summary_of(article)
        assert (summary.last_week, summary.previous_week) == (1204, 1075)
        assert (summary.trend, summary.percent) == (Trend.RISE, 12)
        assert summary.week_text == "7 hari terakhir: 1.204 pembaca, naik 12%"
        assert summary.previous_week_text == "7 hari sebelumnya: 1.075 pembaca"

    def test_a_fall(self, article):
        spread(article, LAST_WEEK, 900)
        spread(article, PREVIOUS_WEEK, 1000)
        summary = summary_of(article)
        assert (summary.trend, summary.percent) == (Trend.FALL, 10)
        assert summary.week_text == "7 hari terakhir: 900 pembaca, turun 10%"

    def test_the_same_as_the_week_before(self, article):
        spread(article, LAST_WEEK, 3500)
        spread(article, PREVIOUS_WEEK, 3500)
        summary = summary_of(article)
        assert (summary.trend, summary.percent) == (Trend.SAME, 0)
        assert summary.week_text == "7 hari terakhir: 3.500 pembaca, sama dengan 7 hari sebelumnya"

    def test_no_reads_the_week_before_means_nothing_to_compare_not_a_division_by_zero(
        self, article
    ):
        spread(article, LAST_WEEK, 15)
        summary = summary_of(article)
        assert (summary.trend, summary.percent) == (Trend.NO_BASELINE, None)
        assert summary.week_text == "7 hari terakhir: 15 pembaca, belum ada pembanding"

    def test_an_article_nobody_read(self, article):
        summary = summary_of(article)
        assert (summary.last_week, summary.previous_week, summary.last_30_days) == (0, 0, 0)
        assert summary.week_text == "7 hari terakhir: 0 pembaca, belum ada pembanding"
        assert summary.month_text == "30 hari terakhir: 0 pembaca"

    @pytest.mark.parametrize(
        "last, previous, text",
        [
            (9, 8, "naik 13%"),  # 12.5% rounds half up
            (7, 8, "turun 13%"),
            (1001, 1000, "naik kurang dari 1%"),
            (999, 1000, "turun kurang dari 1%"),
            (30, 10, "naik 200%"),
            (0, 10, "turun 100%"),
        ],
    )
    def test_percentages_are_whole_and_rounded_half_up(self, article, last, previous, text):
        if last:
            spread(article, LAST_WEEK, last)
        spread(article, PREVIOUS_WEEK, previous)
        assert summary_of(article).week_text.endswith(f" pembaca, {text}")

    def test_only_counted_reads_make_the_summary(self, article):
        spread(article, LAST_WEEK, 70, bot_reads=50, other_excluded=9)
        spread(article, PREVIOUS_WEEK, 35, bot_reads=500)
        summary = summary_of(article)
        assert (summary.last_week, summary.previous_week, summary.percent) == (70, 35, 100)

    def test_the_30_day_total_takes_the_older_days_and_nothing_older(self, article):
        spread(article, LAST_WEEK, 700)
        spread(article, PREVIOUS_WEEK, 300)
        spread(article, [TODAY - timedelta(days=29)], 2000)  # 9 November: the first day
        spread(article, [TODAY - timedelta(days=30)], 5000)  # 8 November: too old
        summary = summary_of(article)
        assert summary.last_30_days == 3000
        assert summary.month_text == "30 hari terakhir: 3.000 pembaca"


class TestDays:
    def test_days_without_reads_are_there_with_zeros_in_one_query(
        self, article, django_assert_num_queries
    ):
        DailyViews.objects.create(article=article, date=date(2024, 11, 20), counted=4)
        DailyViews.objects.create(article=article, date=TODAY, counted=6, bot_reads=2)
        with django_assert_num_queries(1):
            days = charts.daily_reads(article)
        assert [day.day for day in days] == [
            date(2024, 11, 9) + timedelta(days=offset) for offset in range(30)
        ]
        assert days[11] == DayReads(date(2024, 11, 20), 4, 0, 0)
        assert days[-1] == DayReads(TODAY, 6, 2, 0)
        assert sum(day.total for day in days) == 12
        assert charts.summarize(days).last_week == 6

    def test_reads_at_2359_and_0001_wib_fall_on_their_own_days(self, client, article, mode, clock):
        # 1 December 23:59 WIB and 2 December 00:01 WIB are both 1 December in UTC.
        clock.move_to(wib(2024, 12, 1, 23, 59))
        assert read(client, article, ip="198.51.100.1").status_code == 200
        clock.move_to(wib(2024, 12, 2, 0, 1))
        assert read(client, article, ip="198.51.100.2").status_code == 200
        if settings.REDIS_URL:
            view_buffer.flush()
        clock.move_to(NOW)
        days = {day.day: day.counted for day in charts.daily_reads(article)}
        assert (days[date(2024, 12, 1)], days[date(2024, 12, 2)]) == (1, 1)
        summary = summary_of(article)  # 1 December closes the week before, 2 December opens this
        assert (summary.previous_week, summary.last_week, summary.trend) == (1, 1, Trend.SAME)

    def test_just_after_midnight_wib_today_is_the_new_wib_day(self, client, article, clock):
        clock.move_to(wib(2024, 12, 9, 0, 30))  # still 8 December in UTC
        read(client, article)
        days = charts.daily_reads(article)
        assert (days[-1].day, days[-1].counted) == (date(2024, 12, 9), 1)
        assert days[0].day == date(2024, 11, 10)


class TestYAxis:
    @pytest.mark.parametrize(
        "peak, ticks",
        [
            (0, [0, 1]),
            (1, [0, 1]),
            (4, [0, 1, 2, 3, 4]),
            (5, [0, 2, 4, 6]),
            (7, [0, 2, 4, 6, 8]),
            (100, [0, 50, 100]),
            (120, [0, 50, 100, 150]),
            (1204, [0, 500, 1000, 1500]),
            (38_000, [0, 10_000, 20_000, 30_000, 40_000]),
        ],
    )
    def test_a_few_round_ticks_from_zero_to_at_least_the_peak(self, peak, ticks):
        assert charts.y_axis(peak) == ticks


class TestChart:
    def test_dates_every_week_ending_today_and_bars_on_the_round_scale(self, article):
        DailyViews.objects.create(article=article, date=TODAY, counted=90, bot_reads=30)
        DailyViews.objects.create(article=article, date=date(2024, 12, 1), counted=40)
        chart = charts.chart(charts.daily_reads(article))
        assert [tick.value for tick in chart.x_ticks] == [
            date(2024, 11, 10),
            date(2024, 11, 17),
            date(2024, 11, 24),
            date(2024, 12, 1),
            TODAY,
        ]
        assert [tick.value for tick in chart.y_ticks] == [0, 50, 100, 150]
        positions = [tick.position for tick in chart.y_ticks]
        assert positions == pytest.approx([100, 200 / 3, 100 / 3, 0])
        today = chart.bars[-1]
        assert today.counted_height == pytest.approx(60)  # 90 of 150
        assert today.excluded_y == pytest.approx(20)  # 120 of 150 from the bottom
        assert chart.x_ticks[-1].position == pytest.approx(today.x + today.width / 2)
        assert chart.peak == DayReads(TODAY, 90, 30, 0)

    def test_the_page_shows_the_summary_and_a_chart_readable_without_javascript(
        self, client, make_user, article
    ):
        spread(article, LAST_WEEK, 1204)
        spread(article, PREVIOUS_WEEK, 1075)
        client.force_login(make_user("Editor", "edi"))
        response = client.get(reverse("admin:articles_article_views", args=[article.pk]))
        assertContains(response, "7 hari terakhir: 1.204 pembaca, naik 12%")
        assertContains(response, "30 hari terakhir: 2.279 pembaca")
        html = response.content.decode()
        start = html.index('<svg class="views-chart"')
        svg = ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])  # noqa: S314
        labelled_by = svg.get("aria-labelledby").split()
        title, desc = svg.find("{*}title"), svg.find("{*}desc")
        assert [title.get("id"), desc.get("id")] == labelled_by
        assert title.text == "Jumlah dibaca per hari, 9 Nov 2024 – 8 Des 2024"
        assert "Paling banyak dihitung 172 pada 2 Desember." in desc.text
        labels = [text.text for text in svg.findall("{*}text")]
        assert labels[:5] == ["0", "50", "100", "150", "200"]
        assert labels[5:] == ["10 Nov", "17 Nov", "24 Nov", "1 Des", "8 Des"]
        assert len(svg.findall("{*}g[@class='bar']")) == 30
        assert "<script" not in html[start : html.index("</svg>", start)]

    def test_a_visitor_never_sees_the_chart(self, article):
        response = Client().get(reverse("admin:articles_article_views", args=[article.pk]))
        assert response.status_code == 302
