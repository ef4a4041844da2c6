from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups of the database and the media files (``backup_site``, ``restore_site``)."""

    name = "newsroom.backups"
    label = "backups"
    verbose_name = _("Cadangan")
