"""The newsroom's admin site: django-otp's ``OTPAdminSite``, with the second factor optional.

- Login: Django's own ``AdminSite.login`` with ``NewsroomLoginForm`` (django-otp's admin
  login form; see ``newsroom.accounts.forms``): username, password and, for an account
  with a confirmed authenticator, its 6-digit code, on one page. A wrong code is a failed
  login for django-axes (same per-account and per-source counts and lockout as a wrong
  password); django-otp's throttle also refuses any code for 1, 2, 4... seconds after
  consecutive wrong ones.
- ``has_permission``: OTPAdminSite's (a session verified by a device) for a user who has
  one; Django's for a user who has none.
- ``admin_view``: with ``NEWSROOM_REQUIRE_2FA`` on, Editors, Admins and superusers
  without a device see only the enrolment page (and may log out).
- ``admin:two_factor``: enrol (QR code and secret, confirmed by a code), or remove
  one's own device with a current code.
- ``admin:two_factor_verify``: the former separate code page; it sends to the login.

The rules themselves live in ``newsroom.accounts.two_factor``.
"""

import logging
from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.admin import OTPAdminSite

from newsroom.accounts import two_factor
from newsroom.accounts.forms import CODE_FORMAT, NewsroomLoginForm, OneTimeCodeForm, throttled

logger = logging.getLogger("newsroom.auth")

# Admin pages a user who must enrol may still open.
_OPEN_BEFORE_ENROLMENT = {"two_factor", "logout", "jsi18n"}


def boolean_icon(value: bool | None) -> str:
    """The admin's yes/no/unknown icon, whose text for screen readers is Indonesian."""
    icon, text = {
        True: ("yes", _("Ya")),
        False: ("no", _("Tidak")),
        None: ("unknown", _("Tidak diketahui")),
    }[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def name_boolean_icons() -> None:
    """Give the admin's yes/no icons Indonesian alternative text (Django writes its Python
    value, alt="True", untranslated, into every list column and read-only field that is a
    yes or no). Django's list, read-only field and value display all look the icon up in
    ``admin_list`` when they draw it (AdminConfig.ready calls this once)."""
    if not hasattr(admin_list, "_boolean_icon"):
        raise RuntimeError("Django's admin no longer has admin_list._boolean_icon to replace.")
    admin_list._boolean_icon = boolean_icon


class NewsroomAdminSite(OTPAdminSite):
    login_form = NewsroomLoginForm
    login_template = "admin/two_factor/login.html"

    def __init__(self, name: str = "admin"):
        # OTPAdminSite's default name is "otpadmin"; this site is Django's admin.site.
        super().__init__(name)

    def has_permission(self, request: HttpRequest) -> bool:
        if two_factor.session_owes_code(request):
            return super().has_permission(request)
        # No confirmed device: two-step verification is optional.
        return admin.AdminSite.has_permission(self, request)

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
            path("login/kode/", self.former_code_page, name="two_factor_verify"),
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

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def former_code_page(self, request: HttpRequest) -> HttpResponse:
        """The code used to have a page of its own after the password; it is now asked
        on the login page. Bookmarks and forms left open there lead to the login."""
        if request.method == "POST":
            messages.info(
                request,
                _("Masukkan kata sandi dan kode verifikasi bersama-sama di halaman masuk."),
            )
        return HttpResponseRedirect(reverse("admin:login", current_app=self.name))

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
                    form.add_error("otp_token", throttled(wait))
                elif two_factor.confirm_enrolment(
                    device=pending, token=form.cleaned_data["otp_token"]
                ):
                    pending.refresh_from_db()
                    otp_login(request, pending)
                    logger.info("Two-factor device confirmed for %s", user.get_username())
                    messages.success(
                        request,
                        _(
                            "Verifikasi dua langkah aktif. Mulai sekarang, halaman masuk akan "
                            "meminta kode dari aplikasi autentikator bersama kata sandi Anda."
                        ),
                    )
                    return redirect("admin:two_factor")
                else:
                    form.add_error(
                        "otp_token",
                        _(
                            "Kode salah atau sudah tidak berlaku. Pindai kode QR ini lagi dan "
                            "masukkan kode yang sedang tampil."
                        ),
                    )
            enrolment = two_factor.enrolment_for(pending)
        context = {
            **self.each_context(request),
            "title": _("Verifikasi dua langkah"),
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
                messages.error(request, throttled(wait))
            elif verify_token(user, device.persistent_id, form.cleaned_data["otp_token"]):
                two_factor.remove_devices(user)
                request.session.pop(DEVICE_ID_SESSION_KEY, None)
                logger.info("Two-factor device removed by %s", user.get_username())
                messages.success(
                    request,
                    _(
                        "Perangkat verifikasi dua langkah dihapus. Anda dapat mendaftarkan "
                        "aplikasi autentikator yang baru di halaman ini."
                    ),
                )
            else:
                messages.error(request, _("Kode salah; perangkat tidak dihapus."))
        else:
            messages.error(request, CODE_FORMAT)
        return redirect("admin:two_factor")
