"""The uploaded media folder (``MEDIA_ROOT``) as a ``media.tar.gz``.

A media archive is checked member by member before anything is written: a member
whose name is absolute (``/etc/x``) or has a ``..`` part, or that is anything but a
plain file or folder (a symbolic or hard link, wherever it points; a device), makes the
whole archive refused, even when tarfile would have written it inside the folder (it
strips a leading ``/``). ``backup_site`` writes none of these. Extraction itself also
uses tarfile's ``data`` filter, so even a missed case cannot write outside the folder.
"""

import os
import re
import tarfile
import zlib
from pathlib import Path

from django.conf import settings

from newsroom.backups.archive import BackupError


def media_bucket() -> str:
    """The S3 bucket holding the media, or ``""`` when media is on the local disk.

    Read from the setting ``S3_BUCKET`` when the settings define it, else from the
    environment variable of that name.
    """
    return getattr(settings, "S3_BUCKET", None) or os.environ.get("S3_BUCKET", "")


def pack(media_root: Path, destination: Path) -> dict[str, int]:
    """Write every regular file under ``media_root`` to a gzipped tar at ``destination``
    (paths relative to the folder; symbolic links are left out). Returns the number of
    files and their total size. A missing folder gives an empty archive."""
    files = size = 0
    with tarfile.open(destination, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=path.relative_to(media_root).as_posix())
                    files += 1
                    size += path.stat().st_size
    return {"files": files, "bytes": size}


def check(archive: Path, media_root: Path) -> None:
    """Raise ``BackupError`` unless every member of ``archive`` is a plain file or folder
    that stays inside ``media_root``, and the whole archive reads to its end."""
    destination = str(media_root.resolve())
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if reason := _unsafe_name(member.name):
                    raise BackupError(
                        f"The media archive has an unsafe member {member.name!r} ({reason}); "
                        "nothing was restored."
                    )
                try:
                    tarfile.data_filter(member, destination)
                except tarfile.FilterError as error:
                    raise BackupError(
                        f"The media archive has an unsafe member {member.name!r} ({error}); "
                        "nothing was restored."
                    ) from error
                if not (member.isfile() or member.isdir()):
                    raise BackupError(
                        f"The media archive member {member.name!r} is not a plain file or "
                        "folder (a link or device); nothing was restored."
                    )
                if member.isfile():
                    with tar.extractfile(member) as stream:
                        while stream.read(1024 * 1024):
                            pass
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"The media archive is not readable: {error}") from error


def _unsafe_name(name: str) -> str:
    """Why a member name is refused, or ``""`` when it is a plain relative path.

    Both separators count: a name is checked as any system might read it."""
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return "an absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "a '..' part"
    return ""


def unpack(archive: Path, media_root: Path) -> int:
    """Write the files of a checked ``archive`` into ``media_root``; returns their number.

    Files of the same name are replaced; files that are not in the archive stay.
    """
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, mode="r:gz") as tar:
        tar.extractall(media_root, filter="data")
        return sum(1 for member in tar.getmembers() if member.isfile())
