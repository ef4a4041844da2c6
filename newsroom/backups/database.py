"""Dumping and restoring the database of one Django connection.

PostgreSQL goes through Debian's ``postgresql-client`` (``pg_dump -Fc``, ``pg_restore``),
connected with the connection's own settings (password and TLS options in the
environment, never on the command line). SQLite is copied with its online backup API,
which gives a consistent copy while the site runs, WAL included.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.recorder import MigrationRecorder

from newsroom.backups.archive import DATABASE_FILES, BackupError


def engine_of(connection: BaseDatabaseWrapper) -> str:
    """``"sqlite"`` or ``"postgresql"``; other databases cannot be backed up here."""
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def is_empty(connection: BaseDatabaseWrapper) -> bool:
    """True when the database has no table at all (a freshly created database)."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The migrations recorded as applied, by app, in order of name."""
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


@contextmanager
def consistent_read(connection: BaseDatabaseWrapper) -> Iterator[str]:
    """A read-only moment of the database: the queries made through ``connection``
    inside the block and the ``dump()`` given what it yields all see the same data,
    whatever the site writes meanwhile.

    PostgreSQL: a repeatable-read transaction whose snapshot is exported for pg_dump
    (the snapshot's id is yielded). SQLite: a read transaction on the connection, which
    the backup API reads through (yields ``""``).
    """
    if engine_of(connection) == "sqlite":
        connection.ensure_connection()
        if connection.in_atomic_block:  # already one transaction, holding the write lock
            yield ""
            return
        connection.connection.execute("BEGIN DEFERRED")
        try:
            connection.connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
            yield ""
        finally:
            connection.connection.execute("ROLLBACK")
        return
    if connection.in_atomic_block:
        raise BackupError("A PostgreSQL backup cannot be made inside a transaction.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0]


def dump(connection: BaseDatabaseWrapper, destination: Path, snapshot: str) -> None:
    """Write a copy of the connection's database to ``destination``, as it is at the
    ``snapshot`` yielded by ``consistent_read()``."""
    if engine_of(connection) == "sqlite":
        sqlite_online_copy(connection.connection, destination)
    else:
        _run_client(
            "pg_dump",
            connection,
            ["--format=custom", f"--snapshot={snapshot}", f"--file={destination}"],
        )


def check_dump(engine: str, dump_file: Path) -> None:
    """Raise ``BackupError`` unless ``dump_file`` is a readable dump of a Django database."""
    if engine == "sqlite":
        try:
            with closing(sqlite3.connect(f"file:{dump_file}?mode=ro", uri=True)) as database:
                result = database.execute("PRAGMA quick_check").fetchone()[0]
                tables = database.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'"
                ).fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"The database in the backup is not readable: {error}") from error
        if result != "ok" or not tables:
            raise BackupError(f"The database in the backup is damaged or empty ({result}).")
    else:
        listing = subprocess.run(  # noqa: S603 - fixed program, our own file
            [_client_program("pg_restore"), "--list", str(dump_file)],
            capture_output=True,
            text=True,
            check=False,
        )
        if listing.returncode != 0 or "django_migrations" not in listing.stdout:
            raise BackupError(
                f"The database in the backup is not a readable pg_dump: {listing.stderr.strip()}"
            )


def restore(connection: BaseDatabaseWrapper, dump_file: Path) -> None:
    """Replace the connection's database with the checked ``dump_file``, all or nothing.

    PostgreSQL: one ``pg_restore --single-transaction``, which rolls back on any error;
    refused while another client is connected to the database (the site still serving).
    SQLite: the copy is written beside the database and renamed over it; refused while
    another process has the file open.
    """
    if engine_of(connection) == "postgresql":
        _refuse_other_clients(connection)
    connection.close()
    if engine_of(connection) == "sqlite":
        _replace_sqlite_file(Path(connection.settings_dict["NAME"]), dump_file)
    else:
        _run_client(
            "pg_restore",
            connection,
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(dump_file),
            ],
        )


def _refuse_other_clients(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        (others,) = cursor.fetchone()
    if others:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is in use ({others} other "
            "connection(s): the site, a timer or a psql session); stop the site and try "
            "again. Nothing was restored."
        )


def sqlite_online_copy(source: sqlite3.Connection, destination: Path) -> None:
    """Copy an open SQLite database into a new single file at ``destination``.

    The backup API reads through the source connection, so rows still in the WAL file
    are included and the copy is consistent even while others write. The copy uses a
    rollback journal, so it is one self-contained file.
    """
    with closing(sqlite3.connect(destination)) as target:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")


def _replace_sqlite_file(target: Path, dump_file: Path) -> None:
    if not target.name or target.name == ":memory:" or "mode=memory" in str(target):
        raise BackupError("Cannot restore into an in-memory SQLite database.")
    staging = target.with_name(target.name + ".restoring")
    shutil.copyfile(dump_file, staging)
    with staging.open("rb") as stream:
        os.fsync(stream.fileno())
    if not target.exists():
        os.replace(staging, target)
        return
    # Leave WAL mode and hold an exclusive lock while the file is swapped: this fails
    # if the site still has the database open, and leaves no WAL file that SQLite
    # would later replay into the restored database.
    try:
        with closing(sqlite3.connect(target, timeout=5, isolation_level=None)) as current:
            mode = current.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            if mode != "delete":
                raise sqlite3.OperationalError(f"journal mode stays {mode}")
            current.execute("BEGIN EXCLUSIVE")
            os.replace(staging, target)
            current.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"The database {target} is in use ({error}); stop the site and try again."
        ) from error
    finally:
        staging.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def _client_program(name: str) -> str:
    program = shutil.which(name)
    if not program:
        raise BackupError(
            f"{name} is not installed; on Debian: apt-get install postgresql-client "
            "(the same major version as the server)."
        )
    return program


def _run_client(name: str, connection: BaseDatabaseWrapper, arguments: list[str]) -> None:
    """Run pg_dump or pg_restore against the connection's database."""
    settings_dict = connection.settings_dict
    _, client_environment = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(client_environment or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    database = settings_dict.get("NAME") or (
        "" if settings_dict["OPTIONS"].get("service") else "postgres"
    )
    command = [_client_program(name), "--no-password", *arguments]
    if database:
        command.append(f"--dbname={database}")
    result = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{name} failed: {result.stderr.strip()}")
