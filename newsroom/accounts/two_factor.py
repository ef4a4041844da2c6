"""Optional two-factor sign-in (TOTP, through django-otp) for the admin.

A staff user may enrol one authenticator app (a ``TOTPDevice``). Once it is
confirmed, the admin login asks for its 6-digit code after the password, and the
session is only logged in when the code is right (see ``articles.admin_site``).
With ``NEWSROOM_REQUIRE_2FA`` on, Editors, Admins and superusers without a
confirmed device must enrol before they can use the rest of the admin.

The secret lives only in django-otp's table; nothing here logs it or a code.
"""

import base64
import math
import time
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.accounts.roles import ADMIN, EDITOR

DEVICE_NAME = "Aplikasi autentikator"
# Roles that must use a second factor when NEWSROOM_REQUIRE_2FA is on (plus superusers).
ENFORCED_ROLES = (EDITOR, ADMIN)
# The code step of a login must follow the password within this many seconds.
PENDING_LOGIN_SECONDS = 5 * 60
_PENDING_SESSION_KEY = "newsroom_2fa_pending"


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's confirmed authenticator, or ``None`` when they have not enrolled."""
    if user.pk is None:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def is_enforced_for(user: AbstractBaseUser) -> bool:
    """Whether this user must have a device when ``NEWSROOM_REQUIRE_2FA`` is on."""
    if not settings.NEWSROOM_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=ENFORCED_ROLES).exists()


def must_enrol(user: AbstractBaseUser) -> bool:
    """True when 2FA is required of this user and they have no confirmed device yet."""
    return is_enforced_for(user) and confirmed_device(user) is None


def session_is_verified(request: HttpRequest) -> bool:
    """False for a logged-in user who has a device but whose session never gave its code.

    The login only completes after the code, so this is a second line: a session opened
    in another way (or before the device was enrolled elsewhere) must log in again.
    The answer is kept on the request: the admin asks several times per page.
    """
    cached = getattr(request, "_newsroom_2fa_verified", None)
    if cached is not None:
        return cached
    user = request.user
    # is_verified comes from django-otp's middleware; a request that did not pass
    # through it (a RequestFactory request) counts as unverified.
    is_verified = getattr(user, "is_verified", None)
    session = getattr(request, "session", {})
    if not user.is_authenticated or (
        DEVICE_ID_SESSION_KEY in session and is_verified is not None and is_verified()
    ):
        verified = True
    else:
        verified = confirmed_device(user) is None
    request._newsroom_2fa_verified = verified
    return verified


# -- enrolment -----------------------------------------------------------------------------


def enrolment_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being enrolled, created with a new random secret if needed.

    Reloading the enrolment page keeps the same secret, so a code from an app that has
    already scanned it still confirms.
    """
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_enrolment(*, device: TOTPDevice, token: str) -> bool:
    """Mark ``device`` confirmed if ``token`` is its current code; replace any older device.

    Returns whether the code was right. Wrong codes are throttled by django-otp.
    """
    with transaction.atomic():
        verified = verify_token(device.user, device.persistent_id, token)
        if verified is None:
            return False
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        verified.confirmed = True
        verified.save(update_fields=["confirmed"])
    return True


def retry_after_seconds(device: TOTPDevice) -> int:
    """Seconds until django-otp's throttle lets ``device`` check a code again (0: now)."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def remove_devices(user: AbstractBaseUser) -> int:
    """Delete every authenticator of ``user`` (their own re-enrolment, or a lost phone)."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows: the otpauth:// link as a QR code and as text."""

    config_url: str
    secret: str
    qr_svg: SafeString


def enrolment_for(device: TOTPDevice) -> Enrolment:
    """The QR code (inline SVG, no script, no request to anyone) and the typed secret."""
    secret = base64.b32encode(device.bin_key).decode()
    url = device.config_url
    return Enrolment(
        config_url=url,
        # Groups of four are easier to type into a phone.
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr_svg=qr_code_svg(url),
    )


def qr_code_svg(text: str) -> SafeString:
    """``text`` as a QR code, an ``<svg>`` element to put straight into the page."""
    image = qrcode.make(
        text,
        # White behind the modules: readable in the admin's dark theme too.
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=4,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # The generator writes an XML declaration, which has no place inside HTML.
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    # Its markup is built from the bits of the code only; the text is not in it.
    return mark_safe(svg)  # noqa: S308


# -- the code step of a login ----------------------------------------------------------------


@dataclass(frozen=True)
class PendingLogin:
    user: AbstractBaseUser
    backend: str
    redirect_to: str


def begin_pending_login(request: HttpRequest, *, user: AbstractBaseUser, redirect_to: str) -> None:
    """Remember, in the session, who gave the right password and still owes a code."""
    request.session[_PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": redirect_to,
        "since": int(time.time()),
    }


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The login waiting for its code, or ``None`` (none, expired, or the user is gone)."""
    state = request.session.get(_PENDING_SESSION_KEY)
    if not state:
        return None
    if time.time() - state["since"] > PENDING_LOGIN_SECONDS:
        end_pending_login(request)
        return None
    user = get_user_model()._default_manager.filter(pk=state["user"], is_active=True).first()
    if user is None or state["backend"] not in settings.AUTHENTICATION_BACKENDS:
        end_pending_login(request)
        return None
    return PendingLogin(user=user, backend=state["backend"], redirect_to=state["next"])


def end_pending_login(request: HttpRequest) -> None:
    request.session.pop(_PENDING_SESSION_KEY, None)
