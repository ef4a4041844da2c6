"""Optional two-factor sign-in (TOTP, through django-otp) for the admin.

A staff user may enrol one authenticator app (a ``TOTPDevice``). Once it is
confirmed, the admin login asks for its 6-digit code with the password, and only a
session that gave it may use the admin (see ``newsroom.accounts.admin_site`` and
``newsroom.accounts.forms``). With ``NEWSROOM_REQUIRE_2FA`` on, Editors, Admins and
superusers without a confirmed device must enrol before they can use the rest of the
admin.

The secret lives only in django-otp's table; nothing here logs it or a code.
"""

import base64
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.accounts.roles import ADMIN, EDITOR

DEVICE_NAME = "Aplikasi autentikator"
# Roles that must use a second factor when NEWSROOM_REQUIRE_2FA is on (plus superusers).
ENFORCED_ROLES = (EDITOR, ADMIN)


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


def session_owes_code(request: HttpRequest) -> bool:
    """Whether the admin needs this session to be verified by a device (django-otp's
    ``is_verified``): its user is logged in and has a confirmed authenticator.

    A user without one uses the admin with the password alone (unless they must enrol).
    The answer is kept on the request, for its user: the admin asks several times a page.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    # django-otp's middleware has already loaded the device of a verified session.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    cached = getattr(request, "_newsroom_owes_code", None)
    if cached is not None and cached[0] == user.pk:
        return cached[1]
    owes = confirmed_device(user) is not None
    request._newsroom_owes_code = (user.pk, owes)
    return owes


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
    # Imported here: only the enrolment page draws one, and web workers serving pages
    # need not carry it (about 2 MB).
    import qrcode
    import qrcode.image.svg

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
