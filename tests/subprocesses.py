"""The project in a fresh interpreter: ``manage.py`` or a snippet of Python run in a clean
environment, for the tests that need settings loaded from the environment as production
loads them. A plain module of helpers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def run_python(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Run this interpreter with ``args`` in the project folder, in a clean environment
    holding only ``environment`` (plus PATH, and an empty ENV_FILE so that no .env is read)."""
    env = {"PATH": os.environ["PATH"], "ENV_FILE": "", **environment}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Run manage.py in a clean environment holding only ``environment`` (plus PATH)."""
    return run_python("manage.py", *args, **environment)


def production_env(tmp_path, **overrides) -> dict[str, str]:
    """The environment production needs (a key, a host, an SQLite database in
    ``tmp_path``), with ``overrides``; an override of None leaves that variable out."""
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "berita.example.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}
