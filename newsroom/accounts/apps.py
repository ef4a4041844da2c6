from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


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
