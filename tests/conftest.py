import pytest
import time_machine

from tests import settings as test_settings
from tests.factories import ArticleFactory, PersonFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (cached pages, site configuration), and
    with no page kept in this process."""
    from django.core.cache import cache

    from articles.public.caching import forget_local_pages

    cache.clear()
    forget_local_pages()


@pytest.fixture(autouse=True)
def redis_breakers_closed():
    """Each test starts with every Redis server taken as up (newsroom/redis_guard.py)."""
    from newsroom import redis_guard

    redis_guard.reset()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of each test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clock(request):
    """The clock stopped at the test module's ``NOW``, as a time_machine traveller
    (``clock.shift(...)``, ``clock.move_to(...)``). A module whose every test needs it says
    ``pytestmark = pytest.mark.usefixtures("clock")``."""
    with time_machine.travel(request.module.NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def person_factory(db):
    return PersonFactory


@pytest.fixture
def article_factory(db):
    return ArticleFactory


@pytest.fixture
def staff_client(client, db):
    """A client logged in as staff holding every permission of the articles app."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="redaktur", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    client.force_login(user)
    return client


@pytest.fixture
def roles(db):
    """The role groups, recreated if a transactional test flushed them."""
    from django.contrib.auth.models import Group

    from newsroom.accounts.roles import ROLE_PERMISSIONS, sync_roles

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


# The newsroom's people, for tests of what they do.
@pytest.fixture
def reporter(make_user):
    return make_user("Reporter", "sari")


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "budi")


@pytest.fixture
def photographer(make_user):
    return make_user("Fotografer", "dedi")


@pytest.fixture
def bot_rules(db):
    """The seeded bot and link-preview rules, recreated if a transactional test flushed them."""
    import importlib

    from django.apps import apps

    seed = importlib.import_module("articles.migrations.0005_seed_bot_rules_and_roles")
    seed.seed_rules(apps, None)


# The Redis-mode tests empty this whole database (see tests/settings.py).
TEST_REDIS_URL = test_settings.TEST_REDIS_URL


@pytest.fixture
def redis_mode(settings):
    """Reads buffered in Redis at TEST_REDIS_URL (database 5 unless set), emptied before
    and after the test.

    Yields a client of that database. Skipped when no Redis answers there.
    """
    import redis

    url = TEST_REDIS_URL
    client = redis.Redis.from_url(url, decode_responses=True)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not running at {TEST_REDIS_URL}")
    settings.REDIS_URL = url
    yield client
    client.flushdb()
    client.close()
