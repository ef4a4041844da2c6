"""What the two-factor tests do and read: codes, the login form, the lockout count."""

from datetime import UTC, datetime

from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-test-password"  # the factory's
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def code(device, seconds_ago: int = 0) -> str:
    """The code the authenticator app shows now (or ``seconds_ago``)."""
    if not seconds_ago:
        return f"{totp(device.bin_key):06d}"
    generator = TOTP(device.bin_key)
    generator.time = datetime.now(UTC).timestamp() - seconds_ago
    return f"{generator.token():06d}"


def wrong(device) -> str:
    return f"{(int(code(device)) + 1) % 1_000_000:06d}"


def log_in(client, username="indra", password=PASSWORD, token=None, next_url=None):
    """The admin login form, posted: the code only when ``token`` is given."""
    data = {"username": username, "password": password, "next": next_url or reverse("admin:index")}
    if token is not None:
        data["otp_token"] = token
    return client.post(reverse("admin:login"), data)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def failures(username="indra") -> int:
    return sum(a.failures_since_start for a in AccessAttempt.objects.filter(username=username))


def stored(device) -> TOTPDevice:
    """The device as the database holds it now (throttle count, last code used)."""
    return TOTPDevice.objects.get(pk=device.pk)


def code_error(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("otp_token", [])]
