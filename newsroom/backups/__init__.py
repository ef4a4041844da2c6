"""Backups of the whole site: the database and the uploaded media, in one archive.

``create_backup()`` writes ``newsroom-YYYYmmdd-HHMMSS.tar`` holding ``manifest.json``,
the database (``database.dump`` from ``pg_dump -Fc`` or ``database.sqlite3`` from
SQLite's online backup API) and ``media.tar.gz``. ``restore_backup()`` checks all of
it before it touches the database or the media folder. The management commands
``backup_site`` and ``restore_site`` (and ``make backup`` / ``make restore``) call them.
The functions live in ``newsroom.backups.service``.
"""
