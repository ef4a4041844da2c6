"""Optional two-factor login (TOTP) for the admin: enrolment, the code step, enforcement."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # the factory's
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
WRONG_CODE_MESSAGE = "Kode verifikasi salah atau sudah tidak berlaku"


@pytest.fixture
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "indra")


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="Aplikasi autentikator", confirmed=True)


def code(device, seconds_ago: int = 0) -> str:
    """The code the authenticator app shows now (or ``seconds_ago``)."""
    if not seconds_ago:
        return f"{totp(device.bin_key):06d}"
    generator = TOTP(device.bin_key)
    generator.time = datetime.now(UTC).timestamp() - seconds_ago
    return f"{generator.token():06d}"


def log_in(client, username="indra", password=PASSWORD, next_url=None):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": next_url or reverse("admin:index")},
    )


def enter_code(client, token):
    return client.post(reverse("admin:two_factor_verify"), {"otp_token": token})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def failures(username="indra") -> int:
    return sum(a.failures_since_start for a in AccessAttempt.objects.filter(username=username))


# -- login with a device ----------------------------------------------------------------------


def test_the_password_alone_does_not_log_in_a_user_with_a_device(
    client, device, frozen_time, caplog
):
    caplog.set_level(logging.INFO, logger="newsroom.auth")

    response = log_in(client)

    assertRedirects(response, reverse("admin:two_factor_verify"))
    assert not logged_in(client)
    assert "Password accepted for indra; waiting for the one-time code" in caplog.text
    assert "Login succeeded" not in caplog.text
    page = client.get(reverse("admin:two_factor_verify"))
    assertContains(page, "kode 6 angka")
    assertContains(page, 'autocomplete="one-time-code"')
    # The admin itself is still closed.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_right_code_completes_the_login_and_goes_to_next(client, device, frozen_time):
    next_url = reverse("admin:articles_article_changelist")
    log_in(client, next_url=next_url)

    response = enter_code(client, code(device))

    assertRedirects(response, next_url, fetch_redirect_response=False)
    assert logged_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(next_url).status_code == 200


def test_a_wrong_code_is_refused_in_indonesian_and_counted_as_a_failed_login(
    client, device, frozen_time, caplog
):
    caplog.set_level(logging.INFO, logger="newsroom.auth")
    log_in(client)
    right = code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = enter_code(client, wrong)

    assertContains(response, WRONG_CODE_MESSAGE)
    assert not logged_in(client)
    assert failures() == 1
    assert "Login failed for indra: wrong one-time code" in caplog.text
    # Neither the log nor axes' record holds the code.
    attempt = AccessAttempt.objects.get()
    assert wrong not in caplog.text
    assert wrong not in attempt.post_data


def test_an_old_code_is_refused(client, device, frozen_time):
    log_in(client)

    response = enter_code(client, code(device, seconds_ago=120))

    assertContains(response, WRONG_CODE_MESSAGE)
    assert not logged_in(client)
    assert failures() == 1


def test_a_code_cannot_be_used_twice(device, frozen_time):
    first, second = Client(), Client()
    token = code(device)
    log_in(first)
    assert enter_code(first, token).status_code == 302

    log_in(second)
    response = enter_code(second, token)

    assertContains(response, WRONG_CODE_MESSAGE)
    assert not logged_in(second)


def test_a_code_that_is_not_six_digits_is_refused_without_counting(client, device, frozen_time):
    log_in(client)

    response = enter_code(client, "12ab")

    assertContains(response, "Masukkan 6 angka")
    assert failures() == 0


def test_a_right_code_right_after_a_wrong_one_waits_for_the_throttle(client, device, frozen_time):
    log_in(client)
    enter_code(client, code(device, seconds_ago=300))

    response = enter_code(client, code(device))
    assertContains(response, "Tunggu 1 detik")
    assert not logged_in(client)
    assert failures() == 1  # the throttled attempt checked nothing and is not counted

    frozen_time.shift(timedelta(seconds=2))
    assert enter_code(client, code(device)).status_code == 302
    assert logged_in(client)


def test_five_wrong_codes_lock_the_account_out_like_wrong_passwords(client, device, frozen_time):
    log_in(client)
    for _ in range(5):
        frozen_time.shift(timedelta(seconds=20))  # past django-otp's own throttle
        response = enter_code(client, code(device, seconds_ago=300))

    assert response.status_code == 429
    assertContains(response, "dikunci sementara", status_code=429)
    # Even the right code, and then the right password, are refused during the lockout.
    assert enter_code(client, code(device)).status_code == 429
    assert log_in(Client()).status_code == 429
    assert not logged_in(client)


def test_the_code_step_expires_after_five_minutes(client, device, frozen_time):
    log_in(client)
    frozen_time.shift(timedelta(minutes=5, seconds=1))

    response = enter_code(client, code(device))

    assertRedirects(response, reverse("admin:login"))
    assert not logged_in(client)


def test_the_code_step_keeps_csrf_protection(device, frozen_time):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("admin:login"))
    token = page.cookies["csrftoken"].value
    client.post(
        reverse("admin:login"),
        {"username": "indra", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    response = enter_code(client, code(device))

    assert response.status_code == 403
    assert not logged_in(client)


def test_the_code_page_without_a_password_step_goes_back_to_login(client, device):
    assertRedirects(enter_code(client, "123456"), reverse("admin:login"))


def test_a_session_that_never_gave_the_code_is_sent_to_the_login(client, editor, device):
    client.force_login(editor)  # e.g. a session opened before the device was enrolled

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# -- users without a device, and REQUIRE_2FA -------------------------------------------------


def test_without_a_device_the_password_logs_in_as_before(client, editor, settings):
    assert settings.NEWSROOM_REQUIRE_2FA is False

    response = log_in(client)

    assertRedirects(response, reverse("admin:index"))
    assert logged_in(client)


def test_require_2fa_defaults_off_and_is_read_from_the_environment():
    from tests.subprocesses import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.NEWSROOM_REQUIRE_2FA)",
        DEBUG="1",
        REQUIRE_2FA="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "True"


def test_with_require_2fa_an_editor_without_a_device_must_enrol_first(client, editor, settings):
    settings.NEWSROOM_REQUIRE_2FA = True

    response = log_in(client)
    assert logged_in(client)
    assertRedirects(response, reverse("admin:index"), fetch_redirect_response=False)

    for url in (reverse("admin:index"), reverse("admin:articles_article_changelist")):
        assertRedirects(client.get(url), reverse("admin:two_factor"))
    page = client.get(reverse("admin:two_factor"))
    assertContains(page, "wajib memakai verifikasi dua langkah")
    # Logging out still works.
    client.post(reverse("admin:logout"))
    assert not logged_in(client)


@pytest.mark.parametrize("role", ["Admin", "superuser"])
def test_with_require_2fa_admins_and_superusers_must_enrol_too(client, make_user, settings, role):
    settings.NEWSROOM_REQUIRE_2FA = True
    user = make_user(None if role == "superuser" else role, "kepala")
    user.is_superuser = role == "superuser"
    user.save()
    client.force_login(user)

    assertRedirects(client.get(reverse("admin:index")), reverse("admin:two_factor"))


@pytest.mark.parametrize("role", ["Reporter", "Fotografer"])
def test_with_require_2fa_reporters_and_photographers_are_not_forced(
    client, make_user, settings, role
):
    settings.NEWSROOM_REQUIRE_2FA = True
    client.force_login(make_user(role, "sari"))

    assert client.get(reverse("admin:index")).status_code == 200


def test_with_require_2fa_an_enrolled_editor_uses_the_admin_after_enrolling(
    client, editor, settings, frozen_time
):
    settings.NEWSROOM_REQUIRE_2FA = True
    log_in(client)
    client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=editor)

    client.post(reverse("admin:two_factor"), {"otp_token": code(device)})

    assert client.get(reverse("admin:index")).status_code == 200


# -- enrolment --------------------------------------------------------------------------------


def test_the_enrolment_page_shows_the_qr_code_inline_and_the_secret(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:two_factor"))

    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assertContains(response, "<svg")
    assertNotContains(response, "<?xml")
    secret = re.search(r'<code class="two-factor-secret">([A-Z2-7 ]+)</code>', response.text)
    assert secret is not None
    assert device.config_url.split("secret=")[1].split("&")[0] == secret[1].replace(" ", "")
    assert "otpauth://totp/Berita%20PROKOPIM%3Aindra" in device.config_url
    # Only our own scripts: the page has no inline script.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    # Reloading keeps the secret an app may already have scanned.
    client.get(reverse("admin:two_factor"))
    assert TOTPDevice.objects.get(user=editor).key == device.key


def test_enrolment_confirms_only_with_a_valid_code(client, editor, frozen_time):
    client.force_login(editor)
    client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=editor)

    response = client.post(reverse("admin:two_factor"), {"otp_token": code(device, 300)})
    assertContains(response, "Kode salah atau sudah tidak berlaku")
    device.refresh_from_db()
    assert not device.confirmed

    frozen_time.shift(timedelta(seconds=2))
    response = client.post(reverse("admin:two_factor"), {"otp_token": code(device)})
    assertRedirects(response, reverse("admin:two_factor"))
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assertContains(client.get(reverse("admin:two_factor")), "Verifikasi dua langkah aktif")


def test_after_enrolling_the_next_login_asks_for_the_code(editor, frozen_time):
    desk = Client()
    desk.force_login(editor)
    desk.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=editor)
    desk.post(reverse("admin:two_factor"), {"otp_token": code(device)})

    client = Client()
    assertRedirects(log_in(client), reverse("admin:two_factor_verify"))
    assert not logged_in(client)


def test_removing_ones_device_needs_a_current_code(client, editor, device, frozen_time):
    log_in(client)
    enter_code(client, code(device))
    frozen_time.shift(timedelta(seconds=30))

    client.post(reverse("admin:two_factor_remove"), {"otp_token": code(device, 300)})
    assert TOTPDevice.objects.filter(user=editor).exists()

    frozen_time.shift(timedelta(seconds=30))
    response = client.post(reverse("admin:two_factor_remove"), {"otp_token": code(device)})

    assertRedirects(response, reverse("admin:two_factor"), fetch_redirect_response=False)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert client.get(reverse("admin:index")).status_code == 200
    # The next login is the password alone again.
    other = Client()
    assertRedirects(log_in(other), reverse("admin:index"))


def test_the_secret_and_codes_never_reach_the_log(client, editor, frozen_time, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(editor)
    client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=editor)
    token = code(device)
    client.post(reverse("admin:two_factor"), {"otp_token": token})
    client.post(reverse("admin:logout"))
    frozen_time.shift(timedelta(seconds=30))
    log_in(client)
    second = code(device)
    enter_code(client, second)

    assert "Two-factor device confirmed for indra" in caplog.text
    assert "Login succeeded for indra" in caplog.text
    secret = device.config_url.split("secret=")[1].split("&")[0]
    for sensitive in (device.key, secret, token, second):
        assert sensitive not in caplog.text


# -- an admin resets a lost phone ---------------------------------------------------------------


def test_an_admin_resets_another_users_device_from_the_user_list(
    client, make_user, editor, device, caplog
):
    caplog.set_level(logging.INFO, logger="newsroom.auth")
    client.force_login(make_user("Admin", "kepala"))
    changelist = reverse("admin:auth_user_changelist")

    response = client.post(
        changelist, {"action": "reset_two_factor", "_selected_action": [editor.pk]}
    )

    assertRedirects(response, changelist, fetch_redirect_response=False)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert "Two-factor device reset for indra by kepala" in caplog.text
    assertRedirects(log_in(Client()), reverse("admin:index"))


def test_the_user_list_shows_who_uses_two_factor(client, make_user, editor, device):
    client.force_login(make_user("Admin", "kepala"))

    response = client.get(reverse("admin:auth_user_changelist"))

    assertContains(response, "verifikasi dua langkah")
    assertContains(response, "reset_two_factor")


def test_an_editor_cannot_reset_anyones_device(client, make_user, editor, device):
    other = make_user("Editor", "budi")
    other.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(other)

    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [editor.pk]},
    )

    assert TOTPDevice.objects.filter(user=editor).exists()


def test_the_reset_command_removes_the_device(editor, device, capsys):
    call_command("reset_two_factor", "indra")

    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert "reset for indra" in capsys.readouterr().out
