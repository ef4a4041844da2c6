"""The backup archive: an uncompressed tar of ``manifest.json`` and the files it lists.

The manifest records the checksum (SHA-256) and size of every other member; a member
that is missing, unexpected, of another size or checksum makes the archive unusable.
Nothing here knows about databases or Django: it packs and unpacks files.
"""

import hashlib
import json
import os
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_DATABASE = "database.sqlite3"
POSTGRESQL_DATABASE = "database.dump"
MEDIA = "media.tar.gz"
# The database file of each engine a backup can come from.
DATABASE_FILES = {"sqlite": SQLITE_DATABASE, "postgresql": POSTGRESQL_DATABASE}
KNOWN_MEMBERS = {SQLITE_DATABASE, POSTGRESQL_DATABASE, MEDIA}


class BackupError(Exception):
    """A backup cannot be made, or an archive cannot be restored; the message says why."""


@dataclass
class Manifest:
    """What a backup holds: made when, from which engine, at which migrations, and the
    checksum of each file."""

    created_at: str
    app_version: str
    engine: str
    database_file: str
    migrations: dict[str, list[str]]
    media: dict[str, Any]
    row_counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        try:
            values = json.loads(data)
            if values.get("format") != FORMAT_VERSION:
                raise BackupError(
                    f"The manifest has format {values.get('format')!r}; this version of the "
                    f"site reads format {FORMAT_VERSION} only."
                )
            manifest = cls(**values)
        except (ValueError, TypeError, AttributeError) as error:
            raise BackupError(f"The manifest is not a valid backup manifest ({error}).") from error
        if DATABASE_FILES.get(manifest.engine) != manifest.database_file:
            raise BackupError(
                f"The manifest's database {manifest.database_file!r} does not fit its "
                f"engine {manifest.engine!r}."
            )
        if manifest.database_file not in manifest.files:
            raise BackupError("The manifest lists no database file.")
        if not set(manifest.files) <= KNOWN_MEMBERS:
            raise BackupError(f"The manifest lists unknown files: {sorted(manifest.files)}.")
        return manifest


def file_digest(path: Path) -> dict[str, Any]:
    """The SHA-256 checksum and size of a file, as the manifest records them."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def write_archive(*, destination: Path, manifest: Manifest, folder: Path) -> None:
    """Write ``manifest`` and the files it lists (found in ``folder``) to ``destination``.

    The archive appears under its name only once complete (written beside it, then
    renamed), and is readable by its owner only: it holds every account's password hash.
    """
    for name in manifest.files:
        manifest.files[name] = file_digest(folder / name)
    partial = destination.with_name(destination.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            with tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as tar:
                (folder / MANIFEST).write_bytes(manifest.to_json())
                for name in [MANIFEST, *sorted(manifest.files)]:
                    info = tar.gettarinfo(folder / name, arcname=name)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    with (folder / name).open("rb") as member:
                        tar.addfile(info, member)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def unpack_archive(archive: Path, folder: Path) -> Manifest:
    """Unpack ``archive`` into ``folder`` and return its manifest, once every member is
    there with the checksum the manifest gives.

    Raises ``BackupError`` for a missing, unreadable, truncated or tampered archive.
    Only the known member names are ever written, and only into ``folder``.
    """
    if not archive.is_file():
        raise BackupError(f"There is no backup file at {archive}.")
    try:
        with tarfile.open(archive, mode="r:") as tar:
            members = {}
            for member in tar:
                if member.name != MANIFEST and member.name not in KNOWN_MEMBERS:
                    raise BackupError(f"The archive holds an unexpected member {member.name!r}.")
                if not member.isfile() or member.name in members:
                    raise BackupError(f"The archive member {member.name!r} is not a plain file.")
                members[member.name] = member
            if MANIFEST not in members:
                raise BackupError(f"{archive} is not a site backup: it has no {MANIFEST}.")
            manifest = Manifest.from_json(tar.extractfile(members[MANIFEST]).read())
            for name, expected in manifest.files.items():
                if name not in members:
                    raise BackupError(f"The archive is incomplete: {name} is missing.")
                with tar.extractfile(members[name]) as source, (folder / name).open("wb") as out:
                    while chunk := source.read(1024 * 1024):
                        out.write(chunk)
                if file_digest(folder / name) != expected:
                    raise BackupError(
                        f"{name} does not match the checksum in the manifest: the archive "
                        "is damaged or was changed. Nothing was restored."
                    )
            unlisted = set(members) - set(manifest.files) - {MANIFEST}
            if unlisted:
                raise BackupError(
                    f"The archive holds files the manifest does not list: {unlisted}."
                )
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(
            f"{archive} is not a readable backup archive (truncated or damaged?): {error}"
        ) from error
    return manifest
