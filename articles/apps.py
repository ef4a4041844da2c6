from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Berita")

    def ready(self):
        # Connect the cache invalidation receivers in every process, not only in those that
        # happen to import the views: a save from a management command or a shell (the
        # importer, a script, another app server's job) must drop the cached pages too.
        from articles.public import caching  # noqa: F401
        from articles.site import config  # noqa: F401
