"""Fixtures of the public-site tests."""

import pytest

from articles.models import SiteSettings
from tests.factories import SectionFactory
from tests.public.pages import PAGE_SIZE, release


@pytest.fixture
def small_pages(settings):
    """List pages of PAGE_SIZE (3) articles, so that a handful of articles fills pages."""
    settings.NEWSROOM_PAGE_SIZE = PAGE_SIZE


@pytest.fixture
def site_settings(db):
    """The site's name and the office that publishes it, as feeds and metadata show them."""
    return SiteSettings.objects.create(
        site_name="Berita Bengkalis", office_name="Bagian Prokopim Setda Kabupaten Bengkalis"
    )


@pytest.fixture(params=[1, 15], ids=["one", "fifteen"])
def many_articles(request, db):
    """One or fifteen published articles with a photo, in one section, sharing the tag
    "umum" and two tags of their own: a page's queries must not grow with them."""
    section = SectionFactory(name="Kesehatan")
    for number in range(request.param):
        release(
            f"Nomor {number}",
            hours_ago=number + 1,
            with_photo=True,
            section=section,
            tags=["umum", f"tag-{number}", f"lain-{number}"],
        )
