"""Backups: what `make backup` writes and what `make restore` does with it.

Each test follows the configured database (SQLite, or PostgreSQL with DATABASE_URL) and
restores into a second, freshly created empty database (`restore_target`), never into
the test database the other tests use.
"""

import io
import json
import shutil
import sqlite3
import tarfile
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.utils import load_backend

from articles.models import Article, ArticlePhoto, DailyViews, Photo
from newsroom.backups.archive import file_digest
from newsroom.backups.database import sqlite_online_copy
from newsroom.backups.service import BackupError, create_backup, database_is_empty, restore_backup
from tests.factories import ArticleFactory, PhotoFactory, UserFactory, jpeg_bytes

TARGET = "restore_target"


@pytest.fixture
def restore_target(transactional_db, tmp_path):
    """A connection alias for a new, empty database of the configured engine.

    SQLite: a file in the test's folder. PostgreSQL: a database named after the test
    database plus ``_restore``, created here and dropped afterwards.
    """
    default = connections["default"].settings_dict
    target = {**default, "TEST": {**default["TEST"]}}
    if connections["default"].vendor == "postgresql":
        if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
            pytest.skip("pg_dump/pg_restore are not installed (apt-get install postgresql-client)")
        target["NAME"] = f"{default['NAME']}_restore"
        _postgresql_admin(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
        _postgresql_admin(f'CREATE DATABASE "{target["NAME"]}"')
    else:
        target["NAME"] = str(tmp_path / "restored.sqlite3")
    # Set as a connection object rather than in the settings: Django's test case then
    # allows queries to it (a connection made during the test, like a thread's).
    connections[TARGET] = load_backend(target["ENGINE"]).DatabaseWrapper(target, TARGET)
    yield TARGET
    connections[TARGET].close()
    del connections[TARGET]
    if connections["default"].vendor == "postgresql":
        _postgresql_admin(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')


def _postgresql_admin(statement: str, *arguments) -> None:
    """Run one statement in the test database on a connection of its own (autocommit)."""
    import psycopg

    params = connections["default"].get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"],
        user=params.get("user"),
        password=params.get("password"),
        host=params.get("host"),
        port=params.get("port"),
        autocommit=True,
    ) as admin:
        admin.execute(statement, arguments or None)


@pytest.fixture
def restored_media(tmp_path):
    return tmp_path / "restored-media"


@pytest.fixture
def newsroom(transactional_db):
    """Two releases: one with a photo, two revisions, a read count and daily tallies."""
    bridge = ArticleFactory(with_photo=True, title="Bupati meresmikan jembatan")
    handout = ContentFile(jpeg_bytes(colour="#aa3300"), name="istimewa.jpg")
    bridge.gallery_items.create(
        photo=PhotoFactory(image=handout, photographer=None, source="Istimewa")
    )
    bridge.title = "Bupati meresmikan jembatan Siak"
    bridge.save()
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    Article.objects.filter(pk=bridge.pk).update(view_count=315)
    Article.objects.filter(pk=draft.pk).update(view_count=7)
    DailyViews.objects.create(
        article=bridge, date=date(2026, 11, 26), counted=300, bot_reads=40, other_excluded=2
    )
    DailyViews.objects.create(article=bridge, date=date(2026, 11, 27), counted=15)
    UserFactory(username="redaktur")
    return bridge


def media_files(root) -> list[str]:
    """The files under ``root``, as paths relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def site_contents(using: str) -> dict:
    """Everything the acceptance test compares, read from one database."""
    revisions = Article.history.model.objects.using(using)
    return {
        "articles": list(
            Article.objects.using(using)
            .order_by("pk")
            .values_list("pk", "title", "status", "view_count", "featured_photo", "reporter__name")
        ),
        "photos": list(
            Photo.objects.using(using)
            .order_by("pk")
            .values_list("pk", "image", "caption", "alt_text", "source", "sha256", "width")
        ),
        "gallery": list(
            ArticlePhoto.objects.using(using).values_list("article_id", "photo_id", "position")
        ),
        "revisions": list(
            revisions.order_by("history_id").values_list(
                "history_id", "id", "title", "history_type", "history_date"
            )
        ),
        "daily_views": list(
            DailyViews.objects.using(using)
            .order_by("pk")
            .values_list("article_id", "date", "counted", "bot_reads", "other_excluded")
        ),
    }


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


# Restore is safe: it checks everything first and changes nothing when something is wrong.


def test_restore_into_a_database_that_has_tables_needs_confirmation(
    newsroom, restore_target, tmp_path, restored_media
):
    backup = create_backup(output_dir=tmp_path / "backups")
    restore_backup(archive=backup.path, using=restore_target, media_root=restored_media)
    Article.objects.using(restore_target).update(title="Diubah setelah pemulihan")

    with pytest.raises(BackupError, match="not empty"):
        restore_backup(archive=backup.path, using=restore_target, media_root=restored_media)
    assert set(Article.objects.using(restore_target).values_list("title", flat=True)) == {
        "Diubah setelah pemulihan"
    }

    restore_backup(
        archive=backup.path, using=restore_target, media_root=restored_media, overwrite=True
    )
    assert site_contents(restore_target) == site_contents("default")


def test_restore_refuses_a_file_that_does_not_exist(restore_target, tmp_path, restored_media):
    with pytest.raises(BackupError, match="no backup file"):
        restore_backup(
            archive=tmp_path / "newsroom-20260101-000000.tar",
            using=restore_target,
            media_root=restored_media,
        )
    assert database_is_empty(restore_target)


def test_restore_refuses_a_file_that_is_not_an_archive(restore_target, tmp_path, restored_media):
    junk = tmp_path / "newsroom-junk.tar"
    junk.write_bytes(b"this is not a tar archive at all\n" * 100)

    with pytest.raises(BackupError, match="not a readable backup archive"):
        restore_backup(archive=junk, using=restore_target, media_root=restored_media)
    assert database_is_empty(restore_target)
    assert not restored_media.exists()


def test_restore_refuses_a_truncated_archive(newsroom, restore_target, tmp_path, restored_media):
    backup = create_backup(output_dir=tmp_path / "backups")
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(backup.path.read_bytes()[: backup.path.stat().st_size // 2])

    with pytest.raises(BackupError, match="truncated or damaged|incomplete|checksum"):
        restore_backup(archive=truncated, using=restore_target, media_root=restored_media)
    assert database_is_empty(restore_target)
    assert not restored_media.exists()


def test_restore_refuses_a_database_file_that_does_not_match_its_checksum(
    newsroom, restore_target, tmp_path, restored_media
):
    backup = create_backup(output_dir=tmp_path / "backups")
    folder, manifest = unpack_raw(backup.path, tmp_path / "unpacked")
    damaged = folder / manifest["database_file"]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    tampered = repack(folder, manifest, tmp_path / "tampered.tar")

    with pytest.raises(BackupError, match="does not match the checksum"):
        restore_backup(archive=tampered, using=restore_target, media_root=restored_media)
    assert database_is_empty(restore_target)
    assert not restored_media.exists()


def test_a_media_member_outside_the_media_folder_is_refused_and_nothing_is_written(
    newsroom, restore_target, tmp_path, restored_media
):
    backup = create_backup(output_dir=tmp_path / "backups")
    folder, manifest = unpack_raw(backup.path, tmp_path / "unpacked")
    with tarfile.open(folder / "media.tar.gz", "w:gz") as media:
        for name in ("photos/aman.jpg", "../../etc/x"):
            member = tarfile.TarInfo(name)
            member.size = 4
            media.addfile(member, io.BytesIO(b"evil"))
    manifest["files"]["media.tar.gz"] = file_digest(folder / "media.tar.gz")
    malicious = repack(folder, manifest, tmp_path / "malicious.tar")

    with pytest.raises(BackupError, match="unsafe member '../../etc/x'"):
        restore_backup(archive=malicious, using=restore_target, media_root=restored_media)
    assert not (tmp_path / "etc").exists()
    assert not (restored_media.parent.parent / "etc").exists()
    assert not restored_media.exists()
    assert database_is_empty(restore_target)


def test_restore_refuses_a_backup_from_another_database_engine(
    newsroom, restore_target, tmp_path, restored_media
):
    backup = create_backup(output_dir=tmp_path / "backups")
    folder, manifest = unpack_raw(backup.path, tmp_path / "unpacked")
    other, other_file = {
        "sqlite": ("postgresql", "database.dump"),
        "postgresql": ("sqlite", "database.sqlite3"),
    }[manifest["engine"]]
    (folder / manifest["database_file"]).rename(folder / other_file)
    manifest["files"][other_file] = manifest["files"].pop(manifest["database_file"])
    manifest["engine"], manifest["database_file"] = other, other_file
    foreign = repack(folder, manifest, tmp_path / "foreign.tar")

    with pytest.raises(BackupError, match=f"made from a {other} database"):
        restore_backup(archive=foreign, using=restore_target, media_root=restored_media)
    assert database_is_empty(restore_target)


def test_restore_refuses_an_archive_with_unexpected_members(
    newsroom, restore_target, tmp_path, restored_media
):
    backup = create_backup(output_dir=tmp_path / "backups")
    folder, manifest = unpack_raw(backup.path, tmp_path / "unpacked")
    (folder / "evil.sh").write_text("rm -rf /")
    sneaky = repack(folder, manifest, tmp_path / "sneaky.tar", extra=["evil.sh"])

    with pytest.raises(BackupError, match="unexpected member 'evil.sh'"):
        restore_backup(archive=sneaky, using=restore_target, media_root=restored_media)
    assert database_is_empty(restore_target)


def test_restore_into_sqlite_refuses_while_the_site_still_has_the_database_open(
    newsroom, restore_target, tmp_path, restored_media
):
    if connections["default"].vendor != "sqlite":
        pytest.skip("SQLite only: the database file is swapped")
    backup = create_backup(output_dir=tmp_path / "backups")
    restore_backup(archive=backup.path, using=restore_target, media_root=restored_media)
    Article.objects.using(restore_target).update(title="Masih dipakai")
    target_file = connections[restore_target].settings_dict["NAME"]

    with closing(sqlite3.connect(target_file)) as running_site:
        running_site.execute("PRAGMA journal_mode=WAL")
        running_site.execute("SELECT count(*) FROM articles_article").fetchall()
        with pytest.raises(BackupError, match="in use.*stop the site"):
            restore_backup(
                archive=backup.path,
                using=restore_target,
                media_root=restored_media,
                overwrite=True,
            )

    assert set(Article.objects.using(restore_target).values_list("title", flat=True)) == {
        "Masih dipakai"
    }


def test_a_postgresql_backup_is_one_moment_of_the_database_while_the_site_writes(
    newsroom, restore_target, tmp_path, restored_media, monkeypatch
):
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only: pg_dump runs beside the site's own connection")
    from newsroom.backups import database

    real_dump = database.dump

    def dump_while_a_read_is_counted(connection, destination, snapshot):
        _postgresql_admin(
            "UPDATE articles_article SET view_count = view_count + 1 WHERE id = %s", newsroom.pk
        )
        _postgresql_admin(
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


def unpack_raw(archive: Path, folder: Path) -> tuple[Path, dict]:
    """The members of a backup archive, without any checking, and its manifest."""
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder, json.loads((folder / "manifest.json").read_text())


def repack(folder: Path, manifest: dict, destination: Path, extra: list[str] = ()) -> Path:
    """An archive of ``manifest`` as given (checksums unchanged) and the files it lists."""
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(destination, "w") as tar:
        for name in ["manifest.json", *manifest["files"], *extra]:
            tar.add(folder / name, arcname=name)
    return destination


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

    call_command("restore_site", str(backup.path), database=restore_target, stdout=output)

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
        call_command("restore_site", str(backup.path), database=restore_target)

    call_command("restore_site", str(backup.path), database=restore_target, yes=True)


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
