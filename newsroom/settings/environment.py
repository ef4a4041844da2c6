"""What every part of the settings reads first: the project folder, the environment
(and the optional ``.env`` file), DEBUG, and ``required()`` for production values."""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# Values already in the environment win over the file (read_env only sets missing keys).
# ENV_FILE names another file; set it empty to read none (the tests do).
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)


def required(name: str, dev_default=None):
    """Return the environment variable ``name``; in production it must be set."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG and dev_default is not None:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} must be set in the environment when DEBUG is off (see README, Configuration)."
    )
