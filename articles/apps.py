from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from taggit import apps as taggit_apps


class ArticlesConfig(AppConfig):
    name = "articles"
    # The admin's section; its main model is "Berita", so the breadcrumb reads
    # "Beranda › Redaksi › Berita".
    verbose_name = _("Redaksi")
    default = True

    def ready(self):
        # Connect the cache invalidation receivers in every process, not only in those that
        # happen to import the views: a save from a management command or a shell (the
        # importer, a script, another app server's job) must drop the cached pages too.
        from articles.public import caching  # noqa: F401
        from articles.site import config  # noqa: F401


class TaggitConfig(taggit_apps.TaggitAppConfig):
    """django-taggit, named in INSTALLED_APPS in place of "taggit": its admin section is
    called "Tag berita" rather than "Taggit" (the model list reads "Tag berita › Tag")."""

    verbose_name = _("Tag berita")
    default = False
