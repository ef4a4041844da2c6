"""Optional two-factor login (TOTP) for the admin: the code on the login page, and
``REQUIRE_2FA``."""

import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.accounts.two_factor_steps import (
    NOW,
    PASSWORD,
    code,
    code_error,
    failures,
    log_in,
    logged_in,
    stored,
    wrong,
)
from tests.subprocesses import run_manage

pytestmark = pytest.mark.django_db

WRONG_CODE_MESSAGE = "Kode verifikasi salah atau sudah tidak berlaku"
CODE_REQUIRED_MESSAGE = "Akun ini memakai verifikasi dua langkah"
EVIL = "https://evil.example/admin/"


# -- login with a device ----------------------------------------------------------------------


def test_the_login_page_has_the_code_field(client):
    page = client.get(reverse("admin:login"))

    assertContains(page, 'name="otp_token"')
    assertContains(page, 'autocomplete="one-time-code"')
    assertContains(page, 'inputmode="numeric"')
    assertContains(page, "Kode verifikasi")
    assertContains(page, "Hanya jika verifikasi dua langkah aktif untuk akun Anda")
    assertContains(page, 'aria-describedby="id_otp_token_helptext"')
    # No device list and no challenge button (django-otp's generic form has both).
    assertNotContains(page, "otp_device")
    assertNotContains(page, "otp_challenge")


def test_the_password_alone_does_not_log_in_a_user_with_a_device(
    client, device, frozen_time, caplog
):
    caplog.set_level(logging.INFO, logger="newsroom.auth")

    response = log_in(client)

    assert response.status_code == 200
    assert CODE_REQUIRED_MESSAGE in code_error(response)[0]
    assertContains(response, 'autocomplete="one-time-code"')
    assertContains(response, 'aria-invalid="true"')
    assert not logged_in(client)
    assert "Password accepted for indra; the one-time code is missing" in caplog.text
    assert "Login succeeded" not in caplog.text
    # Not a wrong code: nothing counted, nothing checked.
    assert failures() == 0
    assert stored(device).throttling_failure_count == 0
    # The password is not written back into the page.
    assertNotContains(response, PASSWORD)
    # The admin itself is still closed.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_right_code_completes_the_login_and_goes_to_next(client, device, frozen_time):
    next_url = reverse("admin:articles_article_changelist")

    response = log_in(client, token=code(device), next_url=next_url)

    assertRedirects(response, next_url, fetch_redirect_response=False)
    assert logged_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(next_url).status_code == 200
    used = stored(device)
    assert used.last_used_at == NOW
    assert used.last_t == int(NOW.timestamp()) // 30


def test_a_code_typed_with_spaces_is_accepted(client, device, frozen_time):
    token = code(device)

    response = log_in(client, token=f" {token[:3]} {token[3:]} ")

    assertRedirects(response, reverse("admin:index"), fetch_redirect_response=False)
    assert logged_in(client)


def test_a_wrong_code_is_refused_in_indonesian_and_counted_as_a_failed_login(
    client, device, frozen_time, caplog
):
    caplog.set_level(logging.INFO, logger="newsroom.auth")
    bad = wrong(device)

    response = log_in(client, token=bad)

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in code_error(response)[0]
    assertContains(response, WRONG_CODE_MESSAGE)
    assert not logged_in(client)
    assert failures() == 1
    assert stored(device).throttling_failure_count == 1
    assert "Login failed for indra: wrong one-time code" in caplog.text
    # Neither the log, nor axes' record, nor the page holds the code or the password.
    attempt = AccessAttempt.objects.get()
    assert bad not in caplog.text
    assert bad not in attempt.post_data
    assert PASSWORD not in attempt.post_data
    assertNotContains(response, PASSWORD)
    assertNotContains(response, bad)


def test_a_wrong_password_with_a_code_is_a_wrong_password_and_checks_no_code(
    client, device, frozen_time, caplog
):
    caplog.set_level(logging.INFO, logger="newsroom.auth")

    response = log_in(client, password="not the password", token=code(device))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert code_error(response) == []
    assert not logged_in(client)
    assert failures() == 1
    assert "Login failed for indra" in caplog.text
    assert "wrong one-time code" not in caplog.text
    unused = stored(device)
    assert (unused.last_t, unused.throttling_failure_count) == (-1, 0)


def test_an_old_code_is_refused(client, device, frozen_time):
    response = log_in(client, token=code(device, seconds_ago=120))

    assertContains(response, WRONG_CODE_MESSAGE)
    assert not logged_in(client)
    assert failures() == 1


def test_a_code_cannot_be_used_twice(device, frozen_time):
    first, second = Client(), Client()
    token = code(device)
    assert log_in(first, token=token).status_code == 302

    response = log_in(second, token=token)

    assertContains(response, WRONG_CODE_MESSAGE)
    assert not logged_in(second)
    assert failures() == 1


def test_a_code_that_is_not_six_digits_is_refused_without_counting(client, device, frozen_time):
    response = log_in(client, token="12ab")

    assertContains(response, "Masukkan 6 angka")
    assert not logged_in(client)
    assert failures() == 0
    assert stored(device).throttling_failure_count == 0


def test_a_right_code_right_after_a_wrong_one_waits_for_the_throttle(client, device, frozen_time):
    log_in(client, token=code(device, seconds_ago=300))

    response = log_in(client, token=code(device))
    assertContains(response, "Tunggu 1 detik")
    assert not logged_in(client)
    assert failures() == 1  # the throttled attempt checked nothing and is not counted
    assert stored(device).throttling_failure_count == 1

    frozen_time.shift(timedelta(seconds=2))
    assert log_in(client, token=code(device)).status_code == 302
    assert logged_in(client)
    assert stored(device).throttling_failure_count == 0


def test_five_wrong_codes_lock_the_account_out_like_wrong_passwords(client, device, frozen_time):
    for _ in range(5):
        frozen_time.shift(timedelta(seconds=20))  # past django-otp's own throttle
        response = log_in(client, token=code(device, seconds_ago=300))

    assert response.status_code == 429
    assertContains(response, "dikunci sementara", status_code=429)
    assert failures() == 5
    # Even the right password with the right code is refused during the lockout,
    # and the code is not even checked.
    frozen_time.shift(timedelta(seconds=20))
    assert log_in(client, token=code(device)).status_code == 429
    assert log_in(Client()).status_code == 429
    assert not logged_in(client)
    assert stored(device).last_t == -1
    assert failures() == 5  # attempts during a lockout do not extend it


def test_a_password_without_its_code_leaves_no_login_to_finish_later(
    client, editor, device, frozen_time
):
    # What the separate code page had to expire: nothing is remembered between posts.
    log_in(client)
    remembered = [str(value) for value in client.session.values()]
    assert not any(str(editor.pk) in value or "indra" in value for value in remembered)
    frozen_time.shift(timedelta(minutes=5, seconds=1))

    # The code alone, without the password again, logs in no one...
    response = client.post(reverse("admin:login"), {"username": "indra", "otp_token": code(device)})
    assert response.status_code == 200
    assert not logged_in(client)
    # ...nor does the former code page.
    assertRedirects(
        client.post(reverse("admin:two_factor_verify"), {"otp_token": code(device)}),
        reverse("admin:login"),
    )
    assert not logged_in(client)
    assert stored(device).last_t == -1


def test_the_login_with_a_code_keeps_csrf_protection(device, frozen_time):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("admin:login"))
    token = page.cookies["csrftoken"].value
    data = {"username": "indra", "password": PASSWORD, "otp_token": code(device)}

    response = client.post(reverse("admin:login"), data)

    assert response.status_code == 403
    assert not logged_in(client)
    assert stored(device).last_t == -1  # the code was not used up
    response = client.post(reverse("admin:login"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert logged_in(client)


def test_the_former_code_page_sends_to_the_login(client, device, frozen_time):
    # The code used to have its own page after the password: its address still answers.
    assertRedirects(client.get(reverse("admin:two_factor_verify")), reverse("admin:login"))

    response = client.post(reverse("admin:two_factor_verify"), {"otp_token": code(device)})

    assertRedirects(response, reverse("admin:login"), fetch_redirect_response=False)
    assertContains(client.get(response.url), "bersama-sama di halaman masuk")
    assert not logged_in(client)
    assert stored(device).last_t == -1


def test_a_session_that_never_gave_the_code_is_sent_to_the_login(client, editor, device):
    client.force_login(editor)  # e.g. a session opened before the device was enrolled

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    # The login page asks again instead of sending back to the admin.
    assertContains(client.get(reverse("admin:login")), 'name="otp_token"')
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 302


@pytest.mark.parametrize("with_device", [True, False], ids=["with a device", "without"])
def test_next_cannot_lead_off_the_site(client, editor, frozen_time, with_device):
    device = (
        TOTPDevice.objects.create(user=editor, name="Aplikasi autentikator", confirmed=True)
        if with_device
        else None
    )
    token = code(device) if device else None
    page = client.get(reverse("admin:login"), {"next": EVIL})
    hidden_next = re.search(r'name="next" value="([^"]*)"', page.text)[1]
    assert hidden_next == reverse("admin:index")

    # Posted straight, an outside next is ignored too: the admin's home instead.
    response = log_in(client, token=token, next_url=EVIL)

    assertRedirects(response, reverse("admin:index"), fetch_redirect_response=False)
    assert logged_in(client)
    # As the page posts it: the admin's home page.
    client.post(reverse("admin:logout"))
    frozen_time.shift(timedelta(seconds=30))
    token = code(device) if device else None
    assertRedirects(
        log_in(client, token=token, next_url=hidden_next),
        reverse("admin:index"),
        fetch_redirect_response=False,
    )


# -- users without a device, and REQUIRE_2FA -------------------------------------------------


def test_without_a_device_the_password_logs_in_as_before(client, editor, settings):
    assert settings.NEWSROOM_REQUIRE_2FA is False

    response = log_in(client)

    assertRedirects(response, reverse("admin:index"))
    assert logged_in(client)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_without_a_device_whatever_is_in_the_code_field_is_ignored(client, editor):
    response = log_in(client, token="12ab")

    assertRedirects(response, reverse("admin:index"))
    assert logged_in(client)
    assert failures() == 0


def test_require_2fa_defaults_off_and_is_read_from_the_environment():
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
