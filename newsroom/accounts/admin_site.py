"""The newsroom's admin site: Django's, with an optional second login step (TOTP).

- Login: the password form is Django's. A user with a confirmed authenticator is
  not logged in by it; the session only remembers them for a few minutes and the
  code page (``admin:two_factor_verify``) logs them in when the code is right.
  A wrong code is a failed login for django-axes (same per-account and per-source
  counts and lockout as a wrong password); django-otp's throttle also refuses any
  code for 1, 2, 4... seconds after consecutive wrong ones.
- ``has_permission``: a session of a user who has a device but never gave its code
  is sent back to the login.
- ``admin_view``: with ``NEWSROOM_REQUIRE_2FA`` on, Editors, Admins and superusers
  without a device see only the enrolment page (and may log out).
- ``admin:two_factor``: enrol (QR code and secret, confirmed by a code), or remove
  one's own device with a current code.

The rules themselves live in ``articles.two_factor``.
"""

import logging
from functools import update_wrapper

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login

from newsroom.accounts import two_factor
from newsroom.accounts.login_protection import lockout_response

logger = logging.getLogger("newsroom.auth")

# Admin pages a user who must enrol may still open.
_OPEN_BEFORE_ENROLMENT = {"two_factor", "logout", "jsi18n"}


class OneTimeCodeForm(forms.Form):
    otp_token = forms.CharField(
        label="Kode verifikasi",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
        help_text="6 angka dari aplikasi autentikator di ponsel Anda.",
    )

    def clean_otp_token(self) -> str:
        code = "".join(self.cleaned_data["otp_token"].split())
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError("Masukkan 6 angka dari aplikasi autentikator.")
        return code


WRONG_CODE = (
    "Kode verifikasi salah atau sudah tidak berlaku. Masukkan kode yang sedang tampil di "
    "aplikasi autentikator (pastikan jam ponsel Anda tepat). Setiap kode yang salah dihitung "
    "sebagai percobaan masuk yang gagal."
)


def _throttled(seconds: int) -> str:
    return f"Terlalu cepat setelah kode yang salah. Tunggu {seconds} detik, lalu coba lagi."


class TwoStepLoginView(LoginView):
    """Django's login view, except that a user with a confirmed device still owes a code."""

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device(user) is None:
            return super().form_valid(form)
        redirect_to = self.get_redirect_url() or reverse("admin:index")
        two_factor.begin_pending_login(self.request, user=user, redirect_to=redirect_to)
        logger.info("Password accepted for %s; waiting for the one-time code", user.get_username())
        return HttpResponseRedirect(reverse("admin:two_factor_verify"))


class NewsroomAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and two_factor.session_is_verified(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def enrolment_gate(request, *args, **kwargs):
            match = request.resolver_match
            if (
                (match is None or match.url_name not in _OPEN_BEFORE_ENROLMENT)
                and self.has_permission(request)
                and two_factor.must_enrol(request.user)
            ):
                return redirect("admin:two_factor")
            return inner(request, *args, **kwargs)

        return update_wrapper(never_cache(enrolment_gate), inner)

    def get_urls(self):
        own = [
            path(
                "login/kode/",
                self.two_factor_verify,
                name="two_factor_verify",
            ),
            path(
                "verifikasi-dua-langkah/",
                self.admin_view(self.two_factor_setup),
                name="two_factor",
            ),
            path(
                "verifikasi-dua-langkah/hapus/",
                self.admin_view(self.two_factor_remove),
                name="two_factor_remove",
            ),
        ]
        # Before Django's own: those end with a catch-all.
        return own + super().get_urls()

    # -- login, step one: the password ------------------------------------------------------

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        # AdminSite.login, with the two-step view.
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        from django.contrib.admin.forms import AdminAuthenticationForm

        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return TwoStepLoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)

    # -- login, step two: the code ----------------------------------------------------------

    @method_decorator(sensitive_post_parameters("otp_token"))
    @method_decorator(csrf_protect)
    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def two_factor_verify(self, request: HttpRequest) -> HttpResponse:
        pending = two_factor.pending_login(request)
        if pending is None:
            messages.warning(request, "Waktu untuk memasukkan kode habis. Silakan masuk lagi.")
            return redirect("admin:login")
        user = pending.user
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        device = two_factor.confirmed_device(user)
        form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
        if device is None:
            # An admin reset the device since the password step: the password was enough.
            return self._complete_login(request, pending, device=None)
        if form.is_valid():
            wait = two_factor.retry_after_seconds(device)
            if wait:
                form.add_error("otp_token", _throttled(wait))
            elif verify_token(user, device.persistent_id, form.cleaned_data["otp_token"]):
                return self._complete_login(request, pending, device=device)
            else:
                # Counted by django-axes like a wrong password; the code itself is not passed.
                user_login_failed.send(
                    sender=__name__,
                    credentials={**credentials, "second_factor": "totp"},
                    request=request,
                )
                form.add_error("otp_token", WRONG_CODE)
        context = {
            **self.each_context(request),
            "title": "Verifikasi dua langkah",
            "subtitle": None,
            "form": form,
            "username": user.get_username(),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/two_factor/verify.html", context)

    def _complete_login(self, request, pending, *, device) -> HttpResponse:
        two_factor.end_pending_login(request)
        auth_login(request, pending.user, backend=pending.backend)
        if device is not None:
            otp_login(request, device)
        return HttpResponseRedirect(pending.redirect_to)

    # -- enrolment and removal --------------------------------------------------------------

    @method_decorator(sensitive_post_parameters("otp_token"))
    def two_factor_setup(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        device = two_factor.confirmed_device(user)
        form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
        enrolment = None
        if device is None:
            pending = two_factor.enrolment_device(user)
            if form.is_valid():
                wait = two_factor.retry_after_seconds(pending)
                if wait:
                    form.add_error("otp_token", _throttled(wait))
                elif two_factor.confirm_enrolment(
                    device=pending, token=form.cleaned_data["otp_token"]
                ):
                    pending.refresh_from_db()
                    otp_login(request, pending)
                    logger.info("Two-factor device confirmed for %s", user.get_username())
                    messages.success(
                        request,
                        "Verifikasi dua langkah aktif. Mulai sekarang, setelah kata sandi Anda "
                        "akan diminta kode dari aplikasi autentikator.",
                    )
                    return redirect("admin:two_factor")
                else:
                    form.add_error(
                        "otp_token",
                        "Kode salah atau sudah tidak berlaku. Pindai kode QR ini lagi dan "
                        "masukkan kode yang sedang tampil.",
                    )
            enrolment = two_factor.enrolment_for(pending)
        context = {
            **self.each_context(request),
            "title": "Verifikasi dua langkah",
            "subtitle": None,
            "device": device,
            "enrolment": enrolment,
            "form": form if device is None else OneTimeCodeForm(),
            "required": two_factor.is_enforced_for(user),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/two_factor/setup.html", context)

    @method_decorator(sensitive_post_parameters("otp_token"))
    def two_factor_remove(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return redirect("admin:two_factor")
        user = request.user
        device = two_factor.confirmed_device(user)
        form = OneTimeCodeForm(request.POST)
        if device is None:
            return redirect("admin:two_factor")
        if form.is_valid():
            wait = two_factor.retry_after_seconds(device)
            if wait:
                messages.error(request, _throttled(wait))
            elif verify_token(user, device.persistent_id, form.cleaned_data["otp_token"]):
                two_factor.remove_devices(user)
                request.session.pop(DEVICE_ID_SESSION_KEY, None)
                logger.info("Two-factor device removed by %s", user.get_username())
                messages.success(
                    request,
                    "Perangkat verifikasi dua langkah dihapus. Anda dapat mendaftarkan "
                    "aplikasi autentikator yang baru di halaman ini.",
                )
            else:
                messages.error(request, "Kode salah; perangkat tidak dihapus.")
        else:
            messages.error(request, "Masukkan 6 angka dari aplikasi autentikator.")
        return redirect("admin:two_factor")
