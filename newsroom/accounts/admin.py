"""Staff accounts in the admin: Django's user admin, plus the two-factor state and its reset.

An Admin (``auth.change_user``) resets the authenticator of someone who lost their
phone; that person then logs in with the password alone, and enrols again (at once,
when ``NEWSROOM_REQUIRE_2FA`` applies to them). django-otp's own device admin is
removed: devices are made only on the enrolment page, by their owner.
"""

import logging

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.accounts import two_factor

logger = logging.getLogger("newsroom.auth")
User = get_user_model()


class NewsroomUserAdmin(UserAdmin):
    list_display = (*UserAdmin.list_display, "has_two_factor")
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor_on=Exists(confirmed))

    @admin.display(description=_("verifikasi dua langkah"), boolean=True, ordering="two_factor_on")
    def has_two_factor(self, user) -> bool:
        return user.two_factor_on

    @admin.action(
        description=_("Atur ulang verifikasi dua langkah (ponsel hilang)"), permissions=["change"]
    )
    def reset_two_factor(self, request, queryset):
        reset = []
        for user in queryset:
            if two_factor.remove_devices(user):
                reset.append(user.get_username())
                logger.warning(
                    "Two-factor device reset for %s by %s",
                    user.get_username(),
                    request.user.get_username(),
                )
        if reset:
            self.message_user(
                request,
                _(
                    "Verifikasi dua langkah diatur ulang untuk: %(names)s. Mereka masuk dengan "
                    "kata sandi saja, lalu mendaftarkan aplikasi autentikator lagi."
                )
                % {"names": ", ".join(reset)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("Tidak ada pengguna terpilih yang memakai verifikasi dua langkah."),
                messages.WARNING,
            )


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
