from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from newsroom.backups.service import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the media folder into one archive, "
        "backups/newsroom-YYYYmmdd-HHMMSS.tar (UTC), with a manifest of checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="backups", help="Folder for the archive (default: backups)."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database connection to back up."
        )

    def handle(self, *args, **options):
        try:
            result = create_backup(output_dir=Path(options["output"]), using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        if manifest.media["included"]:
            media = f"{manifest.media['files']} media file(s)"
        else:
            media = "no media"
            self.stdout.write(manifest.media["reason"])
        counts = ", ".join(f"{count} {name}" for name, count in manifest.row_counts.items())
        self.stdout.write(f"Backed up the {manifest.engine} database ({counts}) and {media}.")
        self.stdout.write(self.style.SUCCESS(str(result.path)))
