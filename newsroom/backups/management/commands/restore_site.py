import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from newsroom.backups.service import BackupError, database_is_empty, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_site: the database (replaced as a whole) and the "
        "media files. Everything is checked before anything changes. Stop the site first, "
        "and say so with --site-stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The backup, e.g. backups/newsroom-….tar")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the database even though it is not empty, without asking.",
        )
        parser.add_argument(
            "--site-stopped",
            action="store_true",
            help="Confirm that the site (gunicorn and the flush_view_counts timer) is stopped; "
            "a restore is refused without it.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (checksums, database dump, media paths); change nothing.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database connection to restore into."
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        using = options["database"]
        try:
            if options["check"]:
                with tempfile.TemporaryDirectory(prefix="newsroom-check-") as work:
                    manifest = verify_backup(
                        archive, work=Path(work), engine=connections[using].vendor
                    )
                self.stdout.write(self.style.SUCCESS(f"{archive} is sound: {_summary(manifest)}."))
                return
            if not options["site_stopped"]:
                raise CommandError(
                    "Stop the site first (systemctl stop newsroom newsroom-flush-view-counts."
                    "timer), then run again with --site-stopped (make restore BACKUP=… "
                    "STOPPED=1): a site still serving would write into the database while it "
                    "is replaced. Nothing was restored."
                )
            overwrite = options["yes"]
            if not overwrite and not database_is_empty(using):
                overwrite = self._confirmed(using)
            result = restore_backup(archive=archive, using=using, overwrite=overwrite)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(f"Restored {_summary(manifest)}.")
        if not manifest.media["included"]:
            self.stdout.write(manifest.media["reason"])
        else:
            self.stdout.write(f"Wrote {result.media_files} media file(s).")
        if result.row_counts != manifest.row_counts:
            raise CommandError(
                "The restored database does not hold what the backup recorded: "
                f"{result.row_counts} instead of {manifest.row_counts}."
            )
        if result.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "The backup was made by a newer version of the site (migrations unknown "
                    f"here: {', '.join(result.unknown_migrations)}); deploy that version."
                )
            )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(result.pending_migrations)} migration(s) of "
                    "this code: run `python manage.py migrate` now."
                )
            )
        self.stdout.write(
            self.style.SUCCESS("Restore complete; the row counts match the backup's.")
        )

    def _confirmed(self, using: str) -> bool:
        name = connections[using].settings_dict["NAME"]
        if not sys.stdin.isatty():
            raise CommandError(
                f"The database {name} is not empty and would be replaced; run again with --yes "
                "(make restore BACKUP=… YES=1) to confirm. Nothing was restored."
            )
        answer = input(f"The database {name} is not empty. Replace all of it? Type 'yes': ")
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled. Nothing was restored.")
        return True


def _summary(manifest) -> str:
    counts = ", ".join(f"{count} {name}" for name, count in manifest.row_counts.items())
    return f"the {manifest.engine} backup of {manifest.created_at} ({counts})"
