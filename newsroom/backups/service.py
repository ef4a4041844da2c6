"""Making a backup of the site and restoring one: the steps, in a safe order."""

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from articles.models import Article, DailyViews, Person, Photo
from newsroom.backups import database, media
from newsroom.backups.archive import (
    DATABASE_FILES,
    MEDIA,
    BackupError,
    Manifest,
    unpack_archive,
    write_archive,
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    media_files: int
    # The same counts as the manifest's, read from the restored database.
    row_counts: dict[str, int]
    # Migrations the code has and the backup had not applied: run `migrate` after.
    pending_migrations: list[str]
    # Migrations the backup had applied that this code does not know (newer code made it).
    unknown_migrations: list[str]


def create_backup(
    *, output_dir: Path, using: str = "default", media_root: Path | None = None
) -> BackupResult:
    """Back up the database of connection ``using`` and the media folder into a new
    ``newsroom-YYYYmmdd-HHMMSS.tar`` (UTC) in ``output_dir``.

    Media on S3 (``S3_BUCKET``) is not copied: the manifest says where it lives.
    """
    connection = connections[using]
    engine = database.engine_of(connection)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    created_at = datetime.now(tz=UTC)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    destination = _new_archive_path(output_dir, created_at)
    with tempfile.TemporaryDirectory(prefix=".newsroom-backup-", dir=output_dir) as work:
        folder = Path(work)
        # The counts and migrations are those of the very data in the dump.
        with database.consistent_read(connection) as snapshot:
            manifest = Manifest(
                created_at=created_at.isoformat(timespec="seconds"),
                app_version=_app_version(),
                engine=engine,
                database_file=DATABASE_FILES[engine],
                migrations=database.applied_migrations(connection),
                media={},
                row_counts=_row_counts(using),
            )
            database.dump(connection, folder / manifest.database_file, snapshot)
        manifest.files[manifest.database_file] = {}
        if bucket := media.media_bucket():
            manifest.media = {
                "included": False,
                "reason": f"Media is in the S3 bucket {bucket!r} and is backed up by the "
                "bucket's own versioning and replication; it is not in this archive.",
            }
        else:
            manifest.media = {"included": True, **media.pack(media_root, folder / MEDIA)}
            manifest.files[MEDIA] = {}
        write_archive(destination=destination, manifest=manifest, folder=folder)
    return BackupResult(path=destination, manifest=manifest)


def verify_backup(
    archive: Path, *, work: Path, media_root: Path | None = None, engine: str = ""
) -> Manifest:
    """Unpack ``archive`` into the folder ``work`` and check all of it without changing
    anything: checksums, the engine (when ``engine`` is given), the database dump, and
    that every media file stays inside the media folder. Raises ``BackupError`` with
    the reason otherwise."""
    manifest = unpack_archive(archive, work)
    if engine and manifest.engine != engine:
        raise BackupError(
            f"This backup was made from a {manifest.engine} database and this site uses "
            f"{engine}; restore it into a {manifest.engine} database (or move the data "
            "with dumpdata/loaddata). Nothing was restored."
        )
    database.check_dump(manifest.engine, work / manifest.database_file)
    if MEDIA in manifest.files:
        media.check(work / MEDIA, Path(media_root or settings.MEDIA_ROOT))
    return manifest


def database_is_empty(using: str = "default") -> bool:
    """True when the database of connection ``using`` has no table at all."""
    return database.is_empty(connections[using])


def restore_backup(
    *,
    archive: Path,
    using: str = "default",
    media_root: Path | None = None,
    overwrite: bool = False,
) -> RestoreResult:
    """Restore ``archive`` into the database of connection ``using`` and the media folder.

    Everything is checked first (see ``verify_backup``), and the backup must come from
    the same database engine. A database that has any table is replaced only with
    ``overwrite=True``. The database is restored all or nothing; media files are then
    added to the media folder (same names replaced, others kept).
    """
    connection = connections[using]
    engine = database.engine_of(connection)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as work:
        manifest = verify_backup(archive, work=Path(work), media_root=media_root, engine=engine)
        if not overwrite and not database.is_empty(connection):
            raise BackupError(
                "The database is not empty; confirm that it may be replaced (--yes). "
                "Nothing was restored."
            )
        database.restore(connection, Path(work) / manifest.database_file)
        media_files = media.unpack(Path(work) / MEDIA, media_root) if MEDIA in manifest.files else 0
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest.migrations.items() for name in names}
    return RestoreResult(
        manifest=manifest,
        media_files=media_files,
        row_counts=_row_counts(using),
        pending_migrations=sorted(f"{app}.{name}" for app, name in on_disk - applied),
        unknown_migrations=sorted(f"{app}.{name}" for app, name in applied - on_disk),
    )


def _new_archive_path(output_dir: Path, created_at: datetime) -> Path:
    stem = f"newsroom-{created_at:%Y%m%d-%H%M%S}"
    path = output_dir / f"{stem}.tar"
    number = 1
    while path.exists():
        number += 1
        path = output_dir / f"{stem}-{number}.tar"
    return path


def _app_version() -> str:
    try:
        return metadata.version("newsroom")
    except metadata.PackageNotFoundError:
        return "unknown"


def _row_counts(using: str) -> dict[str, int]:
    """A few counts to compare after a restore."""
    return {
        "articles": Article.objects.using(using).count(),
        "revisions": Article.history.model.objects.using(using).count(),
        "daily_views": DailyViews.objects.using(using).count(),
        "photos": Photo.objects.using(using).count(),
        "people": Person.objects.using(using).count(),
        "users": get_user_model().objects.using(using).count(),
    }
