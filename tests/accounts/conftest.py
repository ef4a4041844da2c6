"""Fixtures of the sign-in tests: a frozen clock, an editor, their authenticator."""

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor_steps import NOW


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
