"""Backups: what `make backup` writes and what `make restore` does with it.

Each test follows the configured database (SQLite, or PostgreSQL with DATABASE_URL) and
restores into a second, freshly created empty database (`restore_target`), never into
the test database the other tests use. That a restore refuses what is wrong, and then
changes nothing, is in test_restore_refusals.py.
"""

import io
import json
import shutil
import sqlite3
import tarfile
from contextlib import closing

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from articles.models import DailyViews
from newsroom.backups.database import sqlite_online_copy
from newsroom.backups.service import BackupError, create_backup, database_is_empty, restore_backup
from tests.backups.contents import (
    media_files,
    postgresql_admin,
    site_contents,
)

# The acceptance test.


def test_restoring_a_backup_into_an_empty_database_brings_back_every_article_revision_count_and_photo(  # noqa: E501
    newsroom, restore_target, tmp_path, media_root, restored_media
):
    before = site_contents("default")
    assert len(before["revisions"]) == 3  # two of the photo release, one of the draft
    assert database_is_empty(restore_target)

    backup = create_backup(output_dir=tmp_path / "backups")
    result = restore_backup(archive=backup.path, using=restore_target, media_root=restored_media)

    assert site_contents(restore_target) == before
    stored = media_files(media_root)  # two originals and their renditions
    assert len(stored) == 2 * (1 + 5)
    for name in stored:
        assert (restored_media / name).read_bytes() == (media_root / name).read_bytes()
    assert result.media_files == len(stored)
    assert result.row_counts == backup.manifest.row_counts
    assert result.pending_migrations == result.unknown_migrations == []


def test_the_backup_is_one_archive_with_a_manifest_of_engine_migrations_and_checksums(
    newsroom, tmp_path, media_root
):
    backup = create_backup(output_dir=tmp_path / "backups")

    assert backup.path.name.startswith("newsroom-") and backup.path.suffix == ".tar"
    assert backup.path.stat().st_mode & 0o777 == 0o600
    with tarfile.open(backup.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        database_file = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[
            connections["default"].vendor
        ]
        assert tar.getnames() == ["manifest.json", database_file, "media.tar.gz"]
    assert manifest["engine"] == connections["default"].vendor
    assert manifest["format"] == 1 and manifest["app_version"]
    assert "0009_audit_keeps_actors" in manifest["migrations"]["articles"]
    assert manifest["row_counts"]["articles"] == 2
    assert manifest["row_counts"]["revisions"] == 3
    stored = media_files(media_root)
    assert manifest["media"] == {
        "included": True,
        "files": len(stored),
        "bytes": sum((media_root / name).stat().st_size for name in stored),
    }
    assert set(manifest["files"]) == {database_file, "media.tar.gz"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())


def test_media_on_s3_is_left_out_and_the_manifest_says_where_it_is(
    newsroom, tmp_path, settings, restore_target, restored_media
):
    settings.S3_BUCKET = "berita-media"

    backup = create_backup(output_dir=tmp_path / "backups")
    result = restore_backup(archive=backup.path, using=restore_target, media_root=restored_media)

    assert backup.manifest.media["included"] is False
    assert "berita-media" in backup.manifest.media["reason"]
    assert "versioning" in backup.manifest.media["reason"]
    with tarfile.open(backup.path) as tar:
        assert "media.tar.gz" not in tar.getnames()
    assert result.media_files == 0
    assert not restored_media.exists()


def test_a_postgresql_backup_is_one_moment_of_the_database_while_the_site_writes(
    newsroom, restore_target, tmp_path, restored_media, monkeypatch
):
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only: pg_dump runs beside the site's own connection")
    from newsroom.backups import database

    real_dump = database.dump

    def dump_while_a_read_is_counted(connection, destination, snapshot):
        postgresql_admin(
            "UPDATE articles_article SET view_count = view_count + 1 WHERE id = %s", newsroom.pk
        )
        postgresql_admin(
            "INSERT INTO articles_dailyviews (article_id, date, counted, bot_reads, "
            "other_excluded) VALUES (%s, '2026-11-28', 1, 0, 0)",
            newsroom.pk,
        )
        real_dump(connection, destination, snapshot)

    monkeypatch.setattr(database, "dump", dump_while_a_read_is_counted)
    before = site_contents("default")

    backup = create_backup(output_dir=tmp_path / "backups")
    restore_backup(archive=backup.path, using=restore_target, media_root=restored_media)

    assert DailyViews.objects.count() == 3  # the read went into the site's database...
    assert site_contents(restore_target) == before  # ...after the moment of the backup
    assert backup.manifest.row_counts["daily_views"] == 2


def test_a_postgresql_backup_needs_pg_dump(newsroom, tmp_path, monkeypatch):
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite needs no client program")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on the PATH

    with pytest.raises(BackupError, match="pg_dump is not installed.*postgresql-client"):
        create_backup(output_dir=tmp_path / "backups")
    assert list((tmp_path / "backups").glob("*.tar")) == []


# SQLite: a consistent online copy, WAL included.


def test_the_sqlite_copy_includes_rows_that_are_still_only_in_the_wal(tmp_path):
    live = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(live, isolation_level=None)) as site:
        site.execute("PRAGMA journal_mode=WAL")
        site.execute("PRAGMA wal_autocheckpoint=0")  # keep every write in the WAL file
        site.execute("CREATE TABLE release (title TEXT)")
        site.execute("INSERT INTO release VALUES ('Bupati meresmikan jembatan')")
        assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0
        naive = tmp_path / "naive.sqlite3"
        shutil.copyfile(live, naive)  # a plain file copy misses what is in the WAL

        sqlite_online_copy(site, tmp_path / "copy.sqlite3")

    with closing(sqlite3.connect(naive)) as copied:
        assert copied.execute("SELECT name FROM sqlite_master").fetchall() == []
    with closing(sqlite3.connect(tmp_path / "copy.sqlite3")) as copied:
        assert copied.execute("SELECT title FROM release").fetchall() == [
            ("Bupati meresmikan jembatan",)
        ]
        assert copied.execute("PRAGMA journal_mode").fetchone() == ("delete",)


# The management commands behind `make backup` and `make restore`.


def test_backup_site_writes_the_archive_and_prints_its_path(newsroom, tmp_path, media_root):
    output = io.StringIO()
    call_command("backup_site", output=str(tmp_path / "backups"), stdout=output)

    [archive] = (tmp_path / "backups").glob("newsroom-*.tar")
    assert str(archive) in output.getvalue()
    assert "2 articles" in output.getvalue()
    assert f"{len(media_files(media_root))} media file(s)" in output.getvalue()


def test_backup_site_says_when_media_is_in_the_s3_bucket(newsroom, tmp_path, settings):
    settings.S3_BUCKET = "berita-media"
    output = io.StringIO()

    call_command("backup_site", output=str(tmp_path / "backups"), stdout=output)

    assert "Media is in the S3 bucket 'berita-media'" in output.getvalue()


def test_restore_site_restores_into_an_empty_database_without_asking(
    newsroom, restore_target, tmp_path, settings
):
    backup = create_backup(output_dir=tmp_path / "backups")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    output = io.StringIO()

    call_command(
        "restore_site", str(backup.path), database=restore_target, site_stopped=True, stdout=output
    )

    assert "Restore complete; the row counts match the backup's." in output.getvalue()
    assert site_contents(restore_target) == site_contents("default")
    assert (tmp_path / "restored-media" / newsroom.featured_photo.image.name).is_file()


def test_restore_site_refuses_a_database_that_is_not_empty_without_yes(
    newsroom, restore_target, tmp_path, restored_media, monkeypatch
):
    backup = create_backup(output_dir=tmp_path / "backups")
    restore_backup(archive=backup.path, using=restore_target, media_root=restored_media)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: nobody to ask

    with pytest.raises(CommandError, match="not empty.*--yes"):
        call_command("restore_site", str(backup.path), database=restore_target, site_stopped=True)

    call_command(
        "restore_site", str(backup.path), database=restore_target, site_stopped=True, yes=True
    )


def test_restore_site_check_verifies_the_archive_and_changes_nothing(
    newsroom, restore_target, tmp_path
):
    backup = create_backup(output_dir=tmp_path / "backups")
    output = io.StringIO()

    call_command("restore_site", str(backup.path), check=True, stdout=output)

    assert "is sound" in output.getvalue()
    assert database_is_empty(restore_target)
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore_site", str(tmp_path / "missing.tar"), check=True)
