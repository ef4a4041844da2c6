"""Whom a lockout covers: one account from one source, or one source spraying many
accounts, never an account everywhere; and how an Admin lifts a lockout early.

Every attempt goes through the admin login form, with the address the project reads
(REMOTE_ADDR, or X-Forwarded-For behind a trusted proxy)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from newsroom.accounts.login_protection import source_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

PASSWORD = "a-long-test-password"  # the factory's
ATTACKER = "203.0.113.7"
EDITOR_HOME = "198.51.100.23"
OFFICE = "192.0.2.10"
PROXY = "10.0.0.2"


def log_in(username, password, ip=ATTACKER, client=None, **headers):
    """One attempt at the admin login form, in a fresh client unless one is given."""
    return (client or Client()).post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
        **headers,
    )


def spray(count, ip=ATTACKER, **headers):
    """``count`` wrong passwords from one source, each at another account name."""
    for number in range(count):
        log_in(f"tebakan{number}", "Rahasia123", ip=ip, **headers)


@pytest.fixture
def editor1(make_user):
    return make_user("Editor", "editor1")


# -- one account from one source -------------------------------------------------------------


def test_guessing_an_editors_password_from_one_address_does_not_lock_them_out_elsewhere(
    editor1,
):
    for _ in range(5):
        log_in("editor1", "wrong password", ip=ATTACKER)

    assert log_in("editor1", PASSWORD, ip=ATTACKER).status_code == 429
    client = Client()
    assert log_in("editor1", PASSWORD, ip=EDITOR_HOME, client=client).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_guessing_from_many_addresses_at_four_tries_each_locks_the_editor_out_nowhere(editor1):
    for number in range(1, 11):
        for _ in range(4):
            log_in("editor1", "wrong password", ip=f"192.0.2.{number}")

    assert log_in("editor1", PASSWORD, ip="192.0.2.1").status_code == 302
    assert log_in("editor1", PASSWORD, ip=EDITOR_HOME).status_code == 302


def test_a_lockout_of_one_account_leaves_the_other_accounts_of_that_source_open(editor1, make_user):
    make_user("Reporter", "sari")
    for _ in range(5):
        log_in("editor1", "wrong password", ip=OFFICE)

    assert log_in("editor1", PASSWORD, ip=OFFICE).status_code == 429
    assert log_in("sari", PASSWORD, ip=OFFICE).status_code == 302


def test_a_correct_login_between_guesses_does_not_reset_the_guessers_count(editor1):
    for _ in range(4):
        log_in("editor1", "wrong password")
    assert log_in("editor1", PASSWORD).status_code == 302

    log_in("editor1", "wrong password")

    assert log_in("editor1", PASSWORD).status_code == 429


# -- one source, many accounts (spraying) ----------------------------------------------------


def test_an_office_behind_one_address_is_not_locked_by_its_staffs_typos(editor1, make_user):
    for name in ("sari", "budi", "andi", "rina"):
        make_user("Reporter", name)
        for _ in range(4):
            log_in(name, "typo", ip=OFFICE)

    # 16 failures from the office: below the source limit of 20.
    assert log_in("sari", PASSWORD, ip=OFFICE).status_code == 302
    assert log_in("editor1", PASSWORD, ip=OFFICE).status_code == 302


def test_password_spraying_from_one_source_locks_that_source_at_its_higher_limit(
    editor1, frozen_time
):
    spray(19)
    assert log_in("editor1", PASSWORD, ip=ATTACKER).status_code == 302

    spray(1)

    # Every account from that source, even with the right password; nowhere else.
    assert log_in("editor1", PASSWORD, ip=ATTACKER).status_code == 429
    assert log_in("tebakan99", "another guess", ip=ATTACKER).status_code == 429
    assert log_in("editor1", PASSWORD, ip=EDITOR_HOME).status_code == 302
    frozen_time.shift(timedelta(minutes=15, seconds=1))
    assert log_in("editor1", PASSWORD, ip=ATTACKER).status_code == 302


def test_guesses_during_a_source_lockout_are_not_counted_and_do_not_extend_it(editor1, frozen_time):
    spray(20)
    frozen_time.shift(timedelta(minutes=10))
    spray(30)

    assert AccessAttempt.objects.count() == 20
    frozen_time.shift(timedelta(minutes=5, seconds=1))
    assert log_in("editor1", PASSWORD, ip=ATTACKER).status_code == 302


def test_the_source_limit_comes_from_the_settings(editor1, settings):
    settings.NEWSROOM_LOGIN_SOURCE_FAILURE_LIMIT = 8
    spray(7)
    assert log_in("editor1", PASSWORD).status_code == 302

    spray(1)

    assert log_in("editor1", PASSWORD).status_code == 429


def test_a_sprayer_cannot_escape_the_source_limit_with_a_forged_forwarded_header(editor1):
    # No proxy is trusted: X-Forwarded-For is the client's own claim and is ignored.
    for number in range(20):
        log_in(f"tebakan{number}", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    assert log_in("editor1", PASSWORD, HTTP_X_FORWARDED_FOR=EDITOR_HOME).status_code == 429


def test_behind_the_trusted_proxy_the_source_is_the_address_the_proxy_saw(editor1, settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    # The attacker puts forged addresses first; the proxy appends the one it saw.
    for number in range(20):
        forged = f"192.0.2.{number}, {ATTACKER}"
        log_in(f"tebakan{number}", "guess", ip=PROXY, HTTP_X_FORWARDED_FOR=forged)

    blocked = log_in("editor1", PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    allowed = log_in("editor1", PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR=EDITOR_HOME)
    assert (blocked.status_code, allowed.status_code) == (429, 302)


# -- lifting a lockout early -----------------------------------------------------------------


def test_an_admin_unlocks_an_account_with_axes_reset_username(editor1):
    for _ in range(5):
        log_in("editor1", "wrong password")
    assert log_in("editor1", PASSWORD).status_code == 429

    call_command("axes_reset_username", "editor1")

    assert log_in("editor1", PASSWORD).status_code == 302


def test_an_admin_unlocks_a_source_by_its_client_address_with_axes_reset_ip(editor1):
    spray(20)
    spray(20, ip=OFFICE)

    call_command("axes_reset_ip", ATTACKER)

    assert log_in("editor1", PASSWORD, ip=ATTACKER).status_code == 302
    # Only that source: the other one stays locked, and no raw address was stored.
    assert log_in("editor1", PASSWORD, ip=OFFICE).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {source_of(OFFICE)}


def test_axes_reset_ip_also_takes_the_hashed_source_shown_in_the_admin(editor1):
    spray(20)

    call_command("axes_reset_ip", source_of(ATTACKER))

    assert log_in("editor1", PASSWORD).status_code == 302


def test_axes_reset_ip_username_lifts_one_pair_only(editor1, make_user):
    make_user("Reporter", "sari")
    for name in ("editor1", "sari"):
        for _ in range(5):
            log_in(name, "wrong password")

    call_command("axes_reset_ip_username", ATTACKER, "editor1")

    assert log_in("editor1", PASSWORD).status_code == 302
    assert log_in("sari", PASSWORD).status_code == 429


def test_axes_reset_lifts_every_lockout(editor1):
    spray(20)
    for _ in range(5):
        log_in("editor1", "wrong password", ip=OFFICE)

    call_command("axes_reset")

    assert log_in("editor1", PASSWORD, ip=ATTACKER).status_code == 302
    assert log_in("editor1", PASSWORD, ip=OFFICE).status_code == 302


@pytest.mark.parametrize("value", ["not-an-address", "203.0.113.7'; DROP TABLE x;--", ""])
def test_a_reset_with_something_that_is_not_an_address_removes_nothing(editor1, value):
    spray(3)

    call_command("axes_reset_ip", value)

    assert AccessAttempt.objects.count() == 3


def test_a_superuser_unlocks_by_deleting_the_attempts_in_the_admin(editor1):
    for _ in range(5):
        log_in("editor1", "wrong password")
    admin_client = Client()
    admin_client.force_login(UserFactory(username="kepala", is_staff=True, is_superuser=True))
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))

    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in("editor1", PASSWORD).status_code == 302


def test_an_editor_cannot_see_or_delete_the_attempts_in_the_admin(editor1, make_user):
    for _ in range(5):
        log_in("sari", "wrong password")
    editor_client = Client()
    editor_client.force_login(editor1)
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))

    listing = editor_client.get(reverse("admin:axes_accessattempt_changelist"))
    deletion = editor_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )

    assert (listing.status_code, deletion.status_code) == (403, 403)
    assert AccessAttempt.objects.count() == 1
