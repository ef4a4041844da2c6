"""The forms of the two-step sign-in: the admin login, and the code of the two-factor page.

``NewsroomLoginForm`` is django-otp's ``OTPAdminAuthenticationForm`` with the second
factor optional per account: the password, plus the 6-digit code of the account's
authenticator when it has a confirmed one; without one, the password alone logs in.
django-otp checks the code (against that device, throttled after wrong codes) and,
through Django's ``login``, marks the session as verified by the device.

A wrong code after the right password is a failed login: ``user_login_failed`` is sent
with ``second_factor`` in the credentials (and no code), so django-axes counts it
toward the same lockout as a wrong password and ``auth_log`` logs it.
"""

import logging

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from django.views.decorators.debug import sensitive_variables
from django_otp.admin import OTPAdminAuthenticationForm

from newsroom.accounts import two_factor

logger = logging.getLogger("newsroom.auth")

CODE_LENGTH = 6
CODE_FORMAT = _("Masukkan 6 angka dari aplikasi autentikator.")
WRONG_CODE = _(
    "Kode verifikasi salah atau sudah tidak berlaku. Masukkan kode yang sedang tampil di "
    "aplikasi autentikator (pastikan jam ponsel Anda tepat). Setiap kode yang salah dihitung "
    "sebagai percobaan masuk yang gagal."
)


def throttled(seconds: int) -> str:
    """The message while django-otp's throttle refuses codes after a wrong one."""
    return ngettext(
        "Terlalu cepat setelah kode yang salah. Tunggu %(seconds)d detik, lalu coba lagi.",
        "Terlalu cepat setelah kode yang salah. Tunggu %(seconds)d detik, lalu coba lagi.",
        seconds,
    ) % {"seconds": seconds}


def normalised_code(value: str | None) -> str:
    """The code without the spaces an app shows in it ("123 456")."""
    return "".join((value or "").split())


def is_code(value: str) -> bool:
    return len(value) == CODE_LENGTH and value.isascii() and value.isdigit()


class CodeInput(forms.TextInput):
    """The code field of the login: like the password, a code is never written back."""

    def format_value(self, value):
        return None


def _code_widget(widget=forms.TextInput, **attrs) -> forms.TextInput:
    return widget(
        attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "maxlength": 12,
            "size": 8,
            **attrs,
        }
    )


class OneTimeCodeForm(forms.Form):
    """The code alone: confirming an enrolment, removing one's own device."""

    otp_token = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=12,
        widget=_code_widget(autofocus=True),
        help_text=_("6 angka dari aplikasi autentikator di ponsel Anda."),
    )

    def clean_otp_token(self) -> str:
        code = normalised_code(self.cleaned_data["otp_token"])
        if not is_code(code):
            raise forms.ValidationError(CODE_FORMAT)
        return code


class NewsroomLoginForm(OTPAdminAuthenticationForm):
    """The admin login: username, password and, for accounts with an authenticator, its code.

    Errors about the code are shown at the code field. The password is never written
    back into the page (django-otp would, for the next try): it is typed again.
    """

    otp_token = forms.CharField(
        label=_("Kode verifikasi"),
        required=False,
        widget=_code_widget(CodeInput),
        help_text=_(
            "Hanya jika verifikasi dua langkah aktif untuk akun Anda: 6 angka dari aplikasi "
            "autentikator di ponsel Anda."
        ),
    )
    # One authenticator per account, chosen here: no device list. TOTP has no challenge.
    otp_device = None
    otp_challenge = None

    otp_error_messages = {
        "token_required": _(
            "Akun ini memakai verifikasi dua langkah. Masukkan kata sandi lagi, bersama kode "
            "6 angka yang sedang tampil di aplikasi autentikator."
        ),
        "challenge_exception": _("Tantangan tidak dapat dibuat: {0}"),
        "not_interactive": _("Perangkat ini tidak mengirim tantangan."),
        "challenge_message": _("Tantangan: {0}"),
        "invalid_token": WRONG_CODE,
        "n_failed_attempts": ngettext_lazy(
            "Pemeriksaan kode ditunda sebentar setelah %(failure_count)d kode yang salah. "
            "Coba lagi sebentar lagi.",
            "Pemeriksaan kode ditunda sebentar setelah %(failure_count)d kode yang salah. "
            "Coba lagi sebentar lagi.",
            "failure_count",
        ),
        "verification_not_allowed": _(
            "Kode verifikasi sedang tidak dapat diperiksa. Coba lagi sebentar lagi."
        ),
        "device_required": _("Aplikasi autentikator akun ini tidak ditemukan. Silakan masuk lagi."),
    }

    @sensitive_variables("token")
    def clean_otp(self, user: AbstractBaseUser | None) -> None:
        """Check the code of ``user`` (who gave the right password) if they have a device."""
        device = two_factor.confirmed_device(user) if user is not None else None
        if device is None:
            return  # two-step verification is optional: the password is enough
        token = normalised_code(self.cleaned_data.get("otp_token"))
        if not token:
            logger.info(
                "Password accepted for %s; the one-time code is missing", user.get_username()
            )
            self.add_error("otp_token", self.otp_error_messages["token_required"])
        elif not is_code(token):
            self.add_error("otp_token", CODE_FORMAT)
        elif wait := two_factor.retry_after_seconds(device):
            # Checked nothing, so not a failed login (django-otp refuses it all the same).
            self.add_error("otp_token", throttled(wait))
        else:
            self.cleaned_data.update(otp_token=token, otp_device=device.persistent_id)
            try:
                super().clean_otp(user)
            except forms.ValidationError as error:
                if error.code == "invalid_token":
                    self._wrong_code(user)
                self.add_error("otp_token", error)
        self.fields["password"].widget.render_value = False

    def _wrong_code(self, user: AbstractBaseUser) -> None:
        # Counted by django-axes like a wrong password; the code itself is not passed.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username(), "second_factor": "totp"},
            request=self.request,
        )
