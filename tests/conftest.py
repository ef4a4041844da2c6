import pytest

from tests.factories import ArticleFactory, PersonFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of each test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def person_factory(db):
    return PersonFactory


@pytest.fixture
def article_factory(db):
    return ArticleFactory
