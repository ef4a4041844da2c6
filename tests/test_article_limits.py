"""The limits of ``articles.models.limits``, checked by the model's own validation, and
the URL pattern built from the same years."""

import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from articles.models import Article
from articles.models.limits import PUBLICATION_YEARS
from articles.urls import YEAR, year_pattern
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def refusals(article) -> dict:
    try:
        article.full_clean(exclude=["reporter", "editor", "photographer"])
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1899, 12, 31, 16, 0, tzinfo=UTC),  # 23:07 in Jakarta (LMT), still 1899
        datetime(2099, 12, 31, 17, 0, tzinfo=UTC),  # midnight WIB: 2100
        datetime(2100, 12, 31, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),  # would overflow converted to WIB
    ],
    ids=str,
)
def test_a_time_without_an_address_is_refused_by_the_model(moment):
    article = ArticleFactory.build(published_at=moment)
    assert refusals(article) == {"published_at": ["Waktu terbit harus antara tahun 1900 dan 2099."]}


@pytest.mark.parametrize(
    "moment",
    [datetime(1899, 12, 31, 17, 0, tzinfo=UTC), datetime(2099, 12, 31, 16, 59, tzinfo=UTC)],
    ids=["first minute of 1900 in Jakarta", "last minute of 2099 in Jakarta"],
)
def test_the_first_and_last_valid_times_have_an_address(moment):
    article = ArticleFactory(published_at=moment)
    assert refusals(article) == {}
    assert re.match(r"^/berita/(1900/01/01|2099/12/31)/", article.get_absolute_url())


def test_the_url_pattern_accepts_exactly_the_publication_years():
    pattern = re.compile(f"^{YEAR}$")
    accepted = [year for year in range(1000, 10000) if pattern.match(str(year))]
    assert accepted == list(PUBLICATION_YEARS)
    with pytest.raises(NoReverseMatch):
        reverse("articles:archive_year", kwargs={"year": "2100"})


def test_the_pattern_of_years_must_be_whole_centuries():
    assert year_pattern(range(2000, 2200)) == r"(?P<year>(?:20|21)[0-9]{2})"
    with pytest.raises(ValueError, match="whole centuries"):
        year_pattern(range(1990, 2101))


def test_a_body_over_the_limit_is_refused_by_the_model(settings):
    settings.NEWSROOM_ARTICLE_BODY_MAX_BYTES = 100
    article = ArticleFactory.build(body="<p>" + "a" * 101 + "</p>")
    (message,) = refusals(article)["body"]
    assert message.startswith("Isi berita terlalu panjang: 108\xa0bita, paling banyak 100\xa0bita.")
    assert not Article.objects.exists()
