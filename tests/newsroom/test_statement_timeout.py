"""The public statement timeout (newsroom/middleware/statement_timeout.py): a public request's
runaway statement is cancelled and answered with an Indonesian 503 page, the connection
serves the next request, and neither the admin nor management commands are cut.

PostgreSQL only: SQLite has no statement timeout. The tests connect as a web worker
does, with the limit in the connection's start-up options (100 ms here)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertTemplateUsed

from tests.factories import ArticleFactory
from tests.subprocesses import production_env, run_manage, run_python

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
    pytest.mark.urls("tests.newsroom.slow_urls"),
]

LIMIT_MS = 100


def show_limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.fixture
def short_limit(settings, transactional_db):
    """Connections start with a 100 ms statement timeout, as the settings make them."""
    options = connection.settings_dict["OPTIONS"]
    before = options.get("options")
    settings.NEWSROOM_PUBLIC_STATEMENT_TIMEOUT_MS = LIMIT_MS
    options["options"] = f"-c statement_timeout={LIMIT_MS}"
    connection.close()
    try:
        yield
    finally:
        options["options"] = before
        connection.close()


def database_url() -> str:
    settings = connection.settings_dict
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"]
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port or 5432}/{settings['NAME']}"


def test_a_runaway_public_statement_is_cut_and_answered_with_an_indonesian_503(client, short_limit):
    response = client.get("/lambat/")
    assert response.status_code == 503
    assertTemplateUsed(response, "503.html")
    assertContains(response, "Permintaan ini terlalu lama diproses", status_code=503)
    assert response["Retry-After"] == "30"


def test_the_connection_serves_the_next_public_request_after_a_cut(client, short_limit):
    ArticleFactory(title="Bupati resmikan jembatan")
    assert client.get("/lambat/").status_code == 503
    response = client.get(reverse("articles:search"), {"q": "jembatan"})
    assert [a.title for a in response.context["articles"]] == ["Bupati resmikan jembatan"]
    assert show_limit() == f"{LIMIT_MS}ms"


def test_the_admin_is_not_cut_and_the_limit_is_back_afterwards(client, short_limit):
    response = client.get("/admin/lambat/")
    assert response.status_code == 200
    assert response.content == b"0"
    assert show_limit() == f"{LIMIT_MS}ms"
    assert client.get("/lambat/").status_code == 503


def test_a_public_request_pays_no_statement_for_the_limit(client, short_limit):
    ArticleFactory(title="Bupati resmikan jembatan")
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("articles:search"), {"q": "jembatan"})
    assert not [q for q in captured.captured_queries if "statement_timeout" in q["sql"]]


def test_a_web_process_connects_with_the_limit_from_the_environment(tmp_path, db):
    # What gunicorn's workers load: the settings, then a connection.
    snippet = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('SHOW statement_timeout'); "
        "print(cursor.fetchone()[0])"
    )
    env = production_env(
        tmp_path,
        DATABASE_URL=database_url(),
        PUBLIC_STATEMENT_TIMEOUT_MS="250",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    result = run_python("-c", snippet, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["250ms"]


def test_management_commands_run_without_the_limit(tmp_path, db):
    snippet = (
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('SELECT pg_sleep(0.3)'); cursor.execute('SHOW statement_timeout'); "
        "print(cursor.fetchone()[0])"
    )
    env = production_env(tmp_path, DATABASE_URL=database_url(), PUBLIC_STATEMENT_TIMEOUT_MS="100")
    result = run_manage("shell", "--verbosity", "0", "-c", snippet, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0"]
