"""One article's reads over the last 30 days, at a glance: a week-over-week summary and a
server-rendered bar chart with dated axes (SVG, no JavaScript, no CDN).

Days are Asia/Jakarta days: ``DailyViews.date`` is the local date a read was counted on,
and "today" is ``timezone.localdate()``.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from articles.models import Article, DailyViews

DAYS = 30
WEEK = 7
MAX_TICKS = 4  # intervals on the y-axis, at most: 0 and four round figures above it
NICE_STEPS = (1, 2, 5)  # y-axis steps are these times a power of ten


@dataclass(frozen=True)
class DayReads:
    """One day's reads of one article: counted, and left out of the count and why."""

    day: date
    counted: int = 0
    bot_reads: int = 0
    other_excluded: int = 0

    @property
    def excluded(self) -> int:
        return self.bot_reads + self.other_excluded

    @property
    def total(self) -> int:
        return self.counted + self.excluded


def daily_reads(article: Article, *, days: int = DAYS) -> list[DayReads]:
    """The last ``days`` Jakarta days up to and including today, oldest first, one entry
    per day: a day nobody read the article is there, with zeros. One query."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    rows = {
        row.date: row
        for row in DailyViews.objects.filter(article=article, date__gte=first, date__lte=today)
    }
    result = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        row = rows.get(day)
        result.append(
            DayReads(day, row.counted, row.bot_reads, row.other_excluded) if row else DayReads(day)
        )
    return result


# -- the summary ----------------------------------------------------------------------


class Trend(enum.Enum):
    RISE = "rise"
    FALL = "fall"
    SAME = "same"
    NO_BASELINE = "no-baseline"  # nobody read it the 7 days before: no percentage to give


@dataclass(frozen=True)
class ReadSummary:
    """Counted reads of the last 7 days against the 7 days before, and of all 30 days."""

    last_week: int
    previous_week: int
    last_30_days: int
    trend: Trend
    percent: int | None  # the change, rounded half up; None without a previous week

    @property
    def week_text(self) -> str:
        """E.g. "7 hari terakhir: 1.204 pembaca, naik 12%"."""
        values = {"reads": _number(self.last_week), "percent": self.percent}
        if self.trend is Trend.NO_BASELINE:
            return _("7 hari terakhir: %(reads)s pembaca, belum ada pembanding") % values
        if self.trend is Trend.SAME:
            return _("7 hari terakhir: %(reads)s pembaca, sama dengan 7 hari sebelumnya") % values
        if self.percent == 0:  # a change too small to show as a whole percentage
            if self.trend is Trend.RISE:
                return _("7 hari terakhir: %(reads)s pembaca, naik kurang dari 1%%") % values
            return _("7 hari terakhir: %(reads)s pembaca, turun kurang dari 1%%") % values
        if self.trend is Trend.RISE:
            return _("7 hari terakhir: %(reads)s pembaca, naik %(percent)d%%") % values
        return _("7 hari terakhir: %(reads)s pembaca, turun %(percent)d%%") % values

    @property
    def previous_week_text(self) -> str:
        return _("7 hari sebelumnya: %(reads)s pembaca") % {"reads": _number(self.previous_week)}

    @property
    def month_text(self) -> str:
        return _("30 hari terakhir: %(reads)s pembaca") % {"reads": _number(self.last_30_days)}


def summarize(days: Sequence[DayReads]) -> ReadSummary:
    """The summary of ``days`` as ``daily_reads`` returns them (oldest first, one per day,
    ending today): the last 7 against the 7 before, and the total of them all."""
    counted = [day.counted for day in days]
    last_week = sum(counted[-WEEK:])
    previous_week = sum(counted[-2 * WEEK : -WEEK])
    if previous_week == 0:
        trend, percent = Trend.NO_BASELINE, None
    else:
        change = last_week - previous_week
        trend = Trend.RISE if change > 0 else Trend.FALL if change < 0 else Trend.SAME
        percent = (abs(change) * 200 + previous_week) // (2 * previous_week)
    return ReadSummary(last_week, previous_week, sum(counted), trend, percent)


def read_summary(article: Article) -> ReadSummary:
    """``summarize`` of the article's last 30 days."""
    return summarize(daily_reads(article))


def _number(value: int) -> str:
    """A whole number the Indonesian way, with "." between thousands."""
    return number_format(value, force_grouping=True)


# -- the chart -------------------------------------------------------------------------
# Positions in the plot are percentages of its width and height, so the one SVG fits a
# phone and a desktop alike while its text keeps its size; the axis labels sit outside
# the plot, in the room its stylesheet leaves around it (the SVG's overflow is visible).


@dataclass(frozen=True)
class Bar:
    """A day's stacked bar: counted reads at the bottom, then what was left out."""

    reads: DayReads
    x: float
    width: float
    counted_y: float
    counted_height: float
    excluded_y: float
    excluded_height: float


@dataclass(frozen=True)
class Tick:
    """A label on an axis: the value (a figure or a day) and where it sits, in percent."""

    value: int | date
    position: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    y_ticks: list[Tick]  # from 0 up; position from the top of the plot
    x_ticks: list[Tick]  # a day a week, the last one today; position is the bar's centre
    peak: DayReads | None  # the day with the most counted reads, if anyone read it


def y_axis(peak: int, *, max_ticks: int = MAX_TICKS) -> list[int]:
    """Round figures from 0 to at least ``peak``, a step of 1, 2 or 5 times a power of ten
    apart, at most ``max_ticks`` steps: 0, 50, 100, 150 for a peak of 120."""
    peak = max(peak, 1)
    magnitude = 1
    while True:
        for multiple in NICE_STEPS:
            step = multiple * magnitude
            steps = -(-peak // step)  # ceiling division
            if steps <= max_ticks:
                return [step * i for i in range(steps + 1)]
        magnitude *= 10


def chart(days: Sequence[DayReads]) -> Chart:
    """The bar chart of ``days`` (oldest first): one bar a day on a y-axis of round
    figures, and a date under the last day and every seventh day before it."""
    ticks = y_axis(max((day.total for day in days), default=0))
    top = ticks[-1]
    slot = 100 / len(days)

    def height(value: int) -> float:
        return 100 * value / top

    bars = []
    for index, day in enumerate(days):
        counted_height, excluded_height = height(day.counted), height(day.excluded)
        bars.append(
            Bar(
                reads=day,
                x=slot * (index + 0.15),
                width=slot * 0.7,
                counted_y=100 - counted_height,
                counted_height=counted_height,
                excluded_y=100 - counted_height - excluded_height,
                excluded_height=excluded_height,
            )
        )
    last = len(days) - 1
    busiest = max(days, key=lambda day: day.counted, default=None)
    return Chart(
        bars=bars,
        y_ticks=[Tick(value, 100 - height(value)) for value in ticks],
        x_ticks=[
            Tick(days[index].day, slot * (index + 0.5))
            for index in range(last, -1, -WEEK)
            if index > 0  # the first day's label would stand under the y-axis labels
        ][::-1],
        peak=busiest if busiest and busiest.counted else None,
    )
