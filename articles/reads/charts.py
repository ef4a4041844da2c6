"""A small server-rendered bar chart of daily reads (SVG, no JavaScript, no CDN)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from articles.models import Article, DailyViews

WIDTH, HEIGHT, PADDING = 720, 200, 24


@dataclass(frozen=True)
class Bar:
    day: date
    counted: int
    bot_reads: int
    other_excluded: int
    x: float
    width: float
    counted_y: float
    counted_height: float
    excluded_y: float
    excluded_height: float


def daily_bars(article: Article, days: int = 30) -> list[Bar]:
    """One stacked bar per day for the last ``days`` days: counted reads, then exclusions."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    rows = {
        row.date: row
        for row in DailyViews.objects.filter(article=article, date__gte=first, date__lte=today)
    }
    totals = [
        (row.counted + row.bot_reads + row.other_excluded) if (row := rows.get(day)) else 0
        for day in (first + timedelta(days=i) for i in range(days))
    ]
    peak = max([*totals, 1])
    scale = (HEIGHT - 2 * PADDING) / peak
    slot = (WIDTH - 2 * PADDING) / days
    bars = []
    for i in range(days):
        day = first + timedelta(days=i)
        row = rows.get(day)
        counted = row.counted if row else 0
        bots = row.bot_reads if row else 0
        other = row.other_excluded if row else 0
        counted_height = counted * scale
        excluded_height = (bots + other) * scale
        base = HEIGHT - PADDING
        bars.append(
            Bar(
                day=day,
                counted=counted,
                bot_reads=bots,
                other_excluded=other,
                x=PADDING + i * slot + slot * 0.1,
                width=slot * 0.8,
                counted_y=base - counted_height,
                counted_height=counted_height,
                excluded_y=base - counted_height - excluded_height,
                excluded_height=excluded_height,
            )
        )
    return bars
