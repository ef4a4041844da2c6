"""Two-factor enrolment, removing one's own device, and an Admin resetting a lost phone."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.accounts.two_factor_steps import (
    code,
    code_error,
    log_in,
    logged_in,
)

pytestmark = pytest.mark.django_db

WRONG_CODE_MESSAGE = "Kode verifikasi salah atau sudah tidak berlaku"
CODE_REQUIRED_MESSAGE = "Akun ini memakai verifikasi dua langkah"
EVIL = "https://evil.example/admin/"


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
    response = log_in(client)
    assert CODE_REQUIRED_MESSAGE in code_error(response)[0]
    assert not logged_in(client)
    frozen_time.shift(timedelta(seconds=30))  # the app's next code
    assertRedirects(log_in(client, token=code(device)), reverse("admin:index"))


def test_removing_ones_device_needs_a_current_code(client, editor, device, frozen_time):
    log_in(client, token=code(device))
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
    second = code(device)
    log_in(client, token=second)

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
