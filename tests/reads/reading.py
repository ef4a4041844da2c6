"""Reading an article as a visitor and the tallies it leaves, for the read-count tests.
A plain module of helpers."""

from datetime import date

from django.conf import settings
from django.urls import reverse

from articles.models import DailyViews
from articles.reads import buffer as view_buffer

TODAY = date(2024, 5, 2)  # the day of the read-count tests' clock (their NOW), in WIB
READER_IP = "198.51.100.10"
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def tally(view_count=0, counted=0, bot_reads=0, other_excluded=0):
    return dict(
        view_count=view_count, counted=counted, bot_reads=bot_reads, other_excluded=other_excluded
    )


COUNTED, BOT, EXCLUDED, NOTHING = tally(1, 1), tally(bot_reads=1), tally(other_excluded=1), tally()


def read(client, article, *, ip=READER_IP, ua=BROWSER, **headers):
    return client.get(article.get_absolute_url(), REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **headers)


def beacon(client, article, *, ip=READER_IP, ua=BROWSER, **headers):
    url = reverse("articles:read_beacon", args=[article.pk])
    return client.post(url, REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **headers)


def tallies(article, day=TODAY):
    """The article's total and one day's tallies, from the database (after a flush)."""
    if settings.REDIS_URL:
        view_buffer.flush()
    article.refresh_from_db()
    row = DailyViews.objects.filter(article=article, date=day).first()
    counts = [row.counted, row.bot_reads, row.other_excluded] if row else [0, 0, 0]
    return tally(article.view_count, *counts)
