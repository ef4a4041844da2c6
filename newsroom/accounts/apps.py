from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import apps as totp_apps


class AccountsConfig(AppConfig):
    """Staff accounts: roles, sign-in with two-factor, login protection, the sign-in log."""

    name = "newsroom.accounts"
    label = "accounts"
    verbose_name = _("Akun staf")

    def ready(self):
        from newsroom.accounts import auth_log

        auth_log.connect()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, whose ``admin.site`` is the newsroom's (two-factor login)."""

    default_site = "newsroom.accounts.admin_site.NewsroomAdminSite"
    # Named in INSTALLED_APPS in place of django.contrib.admin.
    default = False

    def ready(self):
        super().ready()
        from newsroom.accounts import admin_site

        admin_site.name_boolean_icons()


class TOTPConfig(totp_apps.DefaultConfig):
    """django-otp's authenticator devices, under an Indonesian name (in permission lists)."""

    verbose_name = _("Verifikasi dua langkah")
    default = False


class AxesConfig(axes_apps.AppConfig):
    """django-axes (failed sign-ins and lockouts), under an Indonesian name in the admin."""

    verbose_name = _("Keamanan masuk")
    default = False
