"""The archive's calendar (``/arsip/``): every year and month with published releases,
with how many each has.

Counted with the one visibility rule (``Article.objects.published()``) and by the WIB
calendar, as the year and month archive pages list them: a month's count is the number
of releases its archive page lists.
"""

from dataclasses import dataclass, field
from datetime import date

from articles.models import Article


@dataclass(frozen=True)
class ArchiveMonth:
    month: date  # its first day
    articles: int


@dataclass
class ArchiveYear:
    year: int
    months: list[ArchiveMonth] = field(default_factory=list)  # January first

    @property
    def articles(self) -> int:
        return sum(month.articles for month in self.months)


def archive_years() -> list[ArchiveYear]:
    """The years with published releases, newest first, each with its months in
    calendar order (as the year's archive page lists them) and their counts: one query."""
    years: list[ArchiveYear] = []
    for month, articles in Article.objects.published().count_by_month():
        if not years or years[-1].year != month.year:
            years.append(ArchiveYear(year=month.year))
        years[-1].months.insert(0, ArchiveMonth(month=month, articles=articles))
    return years
