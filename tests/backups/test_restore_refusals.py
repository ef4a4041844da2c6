"""Restore is safe: it checks everything first, and changes nothing (neither the database
nor the media folder) when something is wrong with the archive or the target."""

import io
import sqlite3
import tarfile
from contextlib import closing

import pytest
from django.db import connections

from articles.models import Article
from newsroom.backups.archive import file_digest
from newsroom.backups.service import BackupError, create_backup, database_is_empty, restore_backup
from tests.backups.contents import (
    repack,
    site_contents,
    unpack_raw,
)


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
