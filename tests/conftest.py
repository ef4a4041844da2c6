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


@pytest.fixture
def roles(db):
    """The role groups, recreated if a transactional test flushed them."""
    from django.contrib.auth.models import Group

    from articles.roles import ROLE_PERMISSIONS, sync_roles

    sync_roles()
    return {name: Group.objects.get(name=name) for name in ROLE_PERMISSIONS}


@pytest.fixture
def make_user(roles):
    """``make_user("Reporter", "sari")``: an active staff user in a role, with a Person."""
    from tests.factories import PersonFactory, UserFactory

    def make(role: str | None, username: str, email: str = ""):
        user = UserFactory(
            username=username, is_staff=True, email=email or f"{username}@example.id"
        )
        if role:
            user.groups.add(roles[role])
        PersonFactory(name=username.capitalize(), user=user)
        return user

    return make
