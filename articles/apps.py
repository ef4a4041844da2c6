from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Berita")

    def ready(self):
        # Connect the cache invalidation receivers in every process, not only in those that
        # happen to import the views: a save from a management command or a shell (the
        # importer, a script, another app server's job) must drop the cached pages too.
        from . import auth_log, caching, site_config  # noqa: F401

        auth_log.connect()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, whose ``admin.site`` is the newsroom's (two-factor login)."""

    default_site = "articles.admin_site.NewsroomAdminSite"
    # Named in INSTALLED_APPS in place of django.contrib.admin; "articles" stays ArticlesConfig.
    default = False
