"""The admin login resists guessing, without storing addresses: the lockout itself, its
page, its window and its records. Which pairs and sources a lockout covers, and how an
Admin lifts one, is in test_login_limits.py."""

import ipaddress
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertTemplateUsed

from newsroom.accounts.login_protection import login_source
from tests.factories import UserFactory
from tests.subprocesses import run_manage

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # the factory's
ATTACKER = "203.0.113.7"
OTHER_SOURCE = "198.51.100.23"
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def editor():
    return UserFactory(username="indra", is_staff=True)


@pytest.fixture
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def log_in(client, username, password, ip=ATTACKER, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
        **headers,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_times(count, username="indra", ip=ATTACKER):
    for _ in range(count):
        log_in(Client(), username, "wrong password", ip=ip)


def test_defaults_five_failures_per_pair_twenty_per_source_and_fifteen_minutes(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    limits = (settings.AXES_FAILURE_LIMIT, settings.NEWSROOM_LOGIN_SOURCE_FAILURE_LIMIT)
    assert limits == (5, 20)
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_limit_and_cool_off_are_read_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.NEWSROOM_LOGIN_SOURCE_FAILURE_LIMIT, "
        "settings.AXES_COOLOFF_TIME.total_seconds())",
        DEBUG="1",
        LOGIN_FAILURE_LIMIT="7",
        LOGIN_SOURCE_FAILURE_LIMIT="40",
        LOGIN_COOLOFF_MINUTES="30",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["7", "40", "1800.0"]


@pytest.mark.parametrize(("account", "source"), [("5", "5"), ("8", "6"), ("0", "20")])
def test_a_source_limit_not_above_the_account_limit_is_refused_at_start_up(account, source):
    result = run_manage(
        "check", DEBUG="1", LOGIN_FAILURE_LIMIT=account, LOGIN_SOURCE_FAILURE_LIMIT=source
    )
    assert result.returncode != 0
    assert "LOGIN_SOURCE_FAILURE_LIMIT higher" in result.stderr


def test_a_successful_login_works_normally_and_keeps_no_access_log(client, editor):
    response = log_in(client, "indra", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 200
    assert not AccessLog.objects.exists()


def test_failures_below_the_limit_do_not_stop_the_right_password(client, editor):
    fail_times(4)
    assert log_in(client, "indra", PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_attempt_after_the_limit_is_blocked_even_with_the_right_password(
    client, editor, frozen_time
):
    fail_times(5)

    response = log_in(client, "indra", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)


def test_the_account_is_allowed_again_after_the_cool_off_window(client, editor, frozen_time):
    fail_times(5)

    frozen_time.shift(timedelta(minutes=14))
    assert log_in(client, "indra", PASSWORD).status_code == 429
    assert not logged_in(client)

    # Counted from the last failure: the refused attempt above did not extend it.
    frozen_time.shift(timedelta(minutes=1, seconds=1))
    response = log_in(client, "indra", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lockout_page_is_indonesian_in_the_admin_layout(client, editor):
    fail_times(5)

    response = log_in(client, "indra", PASSWORD)

    assert response.status_code == 429
    assertTemplateUsed(response, "admin/lockout.html")
    assertTemplateUsed(response, "admin/base_site.html")
    assertContains(response, "dikunci sementara", status_code=429)
    assertContains(response, "coba lagi setelah 15 menit", status_code=429)
    assertContains(response, reverse("admin:login"), status_code=429)


def test_the_limit_and_window_come_from_the_settings(client, editor, settings, frozen_time):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=3)
    fail_times(2)

    response = log_in(client, "indra", PASSWORD)
    assertContains(response, "coba lagi setelah 3 menit", status_code=429)

    frozen_time.shift(timedelta(minutes=3, seconds=1))
    assert log_in(client, "indra", PASSWORD).status_code == 302


def test_no_stored_row_holds_the_client_address_or_user_agent(client, editor, settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    for name in ["indra", "sari", "indra"]:
        log_in(
            Client(),
            name,
            "wrong",
            ip="10.0.0.2",
            HTTP_X_FORWARDED_FOR=ATTACKER,
            HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Ponsel-Uji",
        )
    log_in(client, "indra", PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR=OTHER_SOURCE)
    client.post(reverse("admin:logout"))

    assert AccessAttempt.objects.count() == 2
    rows = [*AccessAttempt.objects.all(), *AccessFailureLog.objects.all(), *AccessLog.objects.all()]
    for row in rows:
        stored = " ".join(str(value) for value in vars(row).values())
        for secret in (ATTACKER, OTHER_SOURCE, "10.0.0.2", "Ponsel-Uji"):
            assert secret not in stored
        assert ipaddress.ip_address(row.ip_address) in ipaddress.ip_network("fd00::/8")


def test_failed_attempts_are_deleted_once_older_than_the_cool_off(client, editor, frozen_time):
    fail_times(3)
    assert AccessAttempt.objects.count() == 1

    frozen_time.shift(timedelta(minutes=15, seconds=1))
    log_in(client, "indra", PASSWORD, ip=OTHER_SOURCE)

    assert not AccessAttempt.objects.exists()


def test_login_source_is_a_keyed_truncated_hash_of_the_client_address(settings):
    factory = RequestFactory()
    one = login_source(factory.get("/", REMOTE_ADDR=ATTACKER))

    assert one == login_source(factory.get("/", REMOTE_ADDR=ATTACKER))
    assert one != login_source(factory.get("/", REMOTE_ADDR=OTHER_SOURCE))
    assert ATTACKER not in one
    assert ipaddress.ip_address(one) in ipaddress.ip_network("fd00::/8")

    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"
    assert login_source(factory.get("/", REMOTE_ADDR=ATTACKER)) != one


@pytest.mark.parametrize(
    "unsafe_next",
    [
        "https://evil.example/admin/",
        "//evil.example/admin/",
        "/\\evil.example/",
        "https://testserver@evil.example/",
        "javascript:alert(1)",
        "",
    ],
)
def test_an_unsafe_next_after_login_lands_on_the_admin_home_not_a_404(client, editor, unsafe_next):
    response = client.post(
        f"{reverse('admin:login')}?next={unsafe_next}",
        {"username": "indra", "password": PASSWORD, "next": unsafe_next},
        REMOTE_ADDR=ATTACKER,
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(response.url).status_code == 200


def test_a_safe_next_after_login_is_followed(client, editor):
    articles = reverse("admin:articles_article_changelist")

    response = client.post(
        reverse("admin:login"),
        {"username": "indra", "password": PASSWORD, "next": articles},
        REMOTE_ADDR=ATTACKER,
    )

    assert (response.status_code, response.url) == (302, articles)


def test_login_keeps_csrf_protection(editor):
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, "indra", PASSWORD)

    assert response.status_code == 403
    assert not logged_in(client)


def test_sessions_end_when_the_browser_closes_and_after_twelve_hours(client, editor, settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    response = log_in(client, "indra", PASSWORD)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expiry_age() == 12 * 60 * 60


def test_logins_logouts_failures_and_lockouts_are_logged_without_address(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.auth")

    log_in(client, "indra", PASSWORD)
    client.post(reverse("admin:logout"))
    fail_times(5, username="sari")

    messages = [r.getMessage() for r in caplog.records if r.name == "newsroom.auth"]
    assert messages[:3] == [
        "Login succeeded for indra",
        "Logout by indra",
        "Login failed for sari",
    ]
    assert messages.count("Login failed for sari") == 5
    assert "Login locked out for sari" in messages
    assert ATTACKER not in caplog.text
