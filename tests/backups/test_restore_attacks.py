"""`restore_site` against crafted archives and a site still serving: each is refused with
a clear error, and neither the database nor the media folder changes.

The archives are real backups of the test newsroom whose media archive (or outer tar)
was rebuilt with one hostile member, the manifest's checksums updated so that only the
member itself can be the reason for the refusal."""

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from articles.models import Article
from newsroom.backups.archive import file_digest
from newsroom.backups.service import create_backup, database_is_empty
from tests.backups.contents import postgresql_admin, repack, unpack_raw

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def backup(newsroom, tmp_path):
    return create_backup(output_dir=tmp_path / "backups").path


@pytest.fixture
def restore_into(restore_target, restored_media, settings):
    """Run `restore_site` as an operator who stopped the site, into the empty target."""
    settings.MEDIA_ROOT = restored_media

    def restore(archive, **options):
        options = {"site_stopped": True, "database": restore_target, **options}
        call_command("restore_site", str(archive), stdout=io.StringIO(), **options)

    return restore


def file_member(name, data=b"evil"):
    member = tarfile.TarInfo(name)
    member.size = len(data)
    return member, io.BytesIO(data)


def link_member(name, target, kind=tarfile.SYMTYPE):
    member = tarfile.TarInfo(name)
    member.type, member.linkname = kind, target
    return member, None


def with_media_members(backup, tmp_path, *members):
    """The backup with a media archive of one harmless photo and ``members``."""
    folder, manifest = unpack_raw(backup, tmp_path / "unpacked")
    with tarfile.open(folder / "media.tar.gz", "w:gz", format=tarfile.PAX_FORMAT) as media:
        for member, data in [file_member("photos/aman.jpg", b"jpeg"), *members]:
            media.addfile(member, data)
    manifest["files"]["media.tar.gz"] = file_digest(folder / "media.tar.gz")
    return repack(folder, manifest, tmp_path / "crafted.tar")


def assert_nothing_restored(restore_target, restored_media):
    assert database_is_empty(restore_target)
    assert not restored_media.exists()


# -- hostile members of the media archive ----------------------------------------------------


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (file_member("/etc/cron.d/newsroom"), "an absolute path"),
        (file_member("/photos/aman.jpg"), "an absolute path"),
        (file_member("//photos/ganda.jpg"), "an absolute path"),
        (file_member("../../etc/x"), "a '..' part"),
        (file_member("photos/../../../x"), "a '..' part"),
        (file_member("photos/../aman-lagi.jpg"), "a '..' part"),
        (file_member("photos/..\\..\\x"), "a '..' part"),
        (file_member("C:/Windows/x"), "an absolute path"),
    ],
)
def test_a_media_member_with_an_absolute_path_or_dot_dot_is_refused_and_nothing_restored(
    backup, tmp_path, restore_into, restore_target, restored_media, member, reason
):
    crafted = with_media_members(backup, tmp_path, member)

    with pytest.raises(CommandError, match=f"unsafe member .*{reason}.*nothing was restored"):
        restore_into(crafted)

    assert_nothing_restored(restore_target, restored_media)
    assert not (tmp_path / "etc").exists() and not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "member",
    [
        link_member("photos/passwd.jpg", "/etc/passwd"),
        link_member("photos/naik.jpg", "../../../../etc/passwd"),
        link_member("photos/keras.jpg", "/etc/passwd", kind=tarfile.LNKTYPE),
        # Even a link that stays inside: backups never hold links.
        link_member("photos/salinan.jpg", "aman.jpg"),
        link_member("photos/keras-dalam.jpg", "photos/aman.jpg", kind=tarfile.LNKTYPE),
    ],
)
def test_a_media_member_that_is_a_link_is_refused_and_nothing_restored(
    backup, tmp_path, restore_into, restore_target, restored_media, member
):
    crafted = with_media_members(backup, tmp_path, member)

    with pytest.raises(CommandError, match="(unsafe member|not a plain file).*nothing"):
        restore_into(crafted)

    assert_nothing_restored(restore_target, restored_media)


def test_a_media_member_that_is_a_device_is_refused(
    backup, tmp_path, restore_into, restore_target, restored_media
):
    device, _data = link_member("photos/null", "")
    device.type, device.devmajor, device.devminor = tarfile.CHRTYPE, 1, 3

    with pytest.raises(CommandError, match="(unsafe member|not a plain file).*nothing"):
        restore_into(with_media_members(backup, tmp_path, (device, None)))

    assert_nothing_restored(restore_target, restored_media)


def test_the_hostile_member_is_refused_even_last_after_many_harmless_ones(
    backup, tmp_path, restore_into, restore_target, restored_media
):
    harmless = [file_member(f"photos/foto{number}.jpg") for number in range(50)]
    crafted = with_media_members(backup, tmp_path, *harmless, file_member("/var/www/x.php"))

    with pytest.raises(CommandError, match="'/var/www/x.php' \\(an absolute path\\)"):
        restore_into(crafted)

    assert_nothing_restored(restore_target, restored_media)


# -- hostile members of the outer archive ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/manifest.json", "unexpected member '/manifest.json'"),
        ("../database.sqlite3", "unexpected member '../database.sqlite3'"),
        ("/srv/newsroom/evil.sh", "unexpected member '/srv/newsroom/evil.sh'"),
    ],
)
def test_an_outer_member_with_an_absolute_path_or_dot_dot_is_refused(
    backup, tmp_path, restore_into, restore_target, restored_media, name, message
):
    crafted = tmp_path / "outer.tar"
    with tarfile.open(backup) as original, tarfile.open(crafted, "w") as tar:
        for member in original:
            tar.addfile(member, original.extractfile(member))
        member, data = file_member(name)
        tar.addfile(member, data)

    with pytest.raises(CommandError, match=message):
        restore_into(crafted)

    assert_nothing_restored(restore_target, restored_media)
    assert not Path("/srv/newsroom/evil.sh").exists()


def test_an_outer_database_member_that_is_a_link_is_refused(
    backup, tmp_path, restore_into, restore_target, restored_media
):
    crafted = tmp_path / "linked.tar"
    with tarfile.open(backup) as original, tarfile.open(crafted, "w") as tar:
        for member in original:
            if member.name.startswith("database."):
                member, _data = link_member(member.name, "/etc/passwd")
                tar.addfile(member)
            else:
                tar.addfile(member, original.extractfile(member))

    with pytest.raises(CommandError, match="not a plain file"):
        restore_into(crafted)

    assert_nothing_restored(restore_target, restored_media)


# -- the site must be stopped ----------------------------------------------------------------


def test_a_restore_without_saying_the_site_is_stopped_is_refused_and_changes_nothing(
    backup, restore_into, restore_target, restored_media
):
    restore_into(backup)
    Article.objects.using(restore_target).update(title="Masih melayani pembaca")
    shutil.rmtree(restored_media)

    with pytest.raises(CommandError, match="Stop the site first.*--site-stopped.*STOPPED=1"):
        restore_into(backup, site_stopped=False, yes=True)

    titles = set(Article.objects.using(restore_target).values_list("title", flat=True))
    assert titles == {"Masih melayani pembaca"}
    assert not restored_media.exists()


def test_checking_an_archive_needs_no_stopped_site(backup, restore_into, restore_target):
    restore_into(backup, site_stopped=False, check=True)

    assert database_is_empty(restore_target)


def test_a_restore_into_postgresql_is_refused_while_the_site_is_still_connected(
    backup, restore_into, restore_target, restored_media
):
    if connections[restore_target].vendor != "postgresql":
        pytest.skip("PostgreSQL only; SQLite refuses an open database file (test_restore_refusals)")
    import psycopg

    restore_into(backup)
    Article.objects.using(restore_target).update(title="Masih melayani pembaca")
    params = connections[restore_target].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)

    with psycopg.connect(**params) as still_serving:
        still_serving.execute("SELECT 1")
        with pytest.raises(CommandError, match="is in use .*stop the site.*Nothing was restored"):
            restore_into(backup, yes=True)

    titles = set(Article.objects.using(restore_target).values_list("title", flat=True))
    assert titles == {"Masih melayani pembaca"}
    restore_into(backup, yes=True)
    assert "Masih melayani pembaca" not in set(
        Article.objects.using(restore_target).values_list("title", flat=True)
    )
    postgresql_admin("SELECT 1")  # the test database itself is untouched and reachable


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        (["STOPPED=1"], '"backups/x.tar" --site-stopped'),
        (["STOPPED=1", "YES=1"], '"backups/x.tar" --site-stopped --yes'),
        ([], '"backups/x.tar"'),
    ],
)
def test_make_restore_passes_stopped_as_site_stopped(variables, expected):
    result = subprocess.run(  # noqa: S603 - make, dry run only
        ["make", "-n", "restore", "BACKUP=backups/x.tar", *variables],  # noqa: S607
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )

    [command] = [line for line in result.stdout.splitlines() if "restore_site" in line]
    assert command.split("restore_site ", 1)[1].strip() == expected
