"""Test settings: the production settings module with test-only environment defaults.

Tests run with DEBUG off, as production does. DATABASE_URL chooses the
database (SQLite when unset, PostgreSQL in CI's second run).
"""

import os

os.environ["ENV_FILE"] = ""  # a developer's .env must not change what the tests see
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-server-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# A REDIS_URL in the environment (CI's Redis run) is where the Redis-mode tests put
# their data; the suite itself runs in the default setup (local-memory cache,
# reads counted in the database) and each Redis test switches Redis on itself.
# TEST_REDIS_URL gives each concurrent test run its own database.
TEST_REDIS_URL = os.environ.pop("REDIS_URL", "") or os.environ.get(
    "TEST_REDIS_URL", "redis://127.0.0.1:6379/5"
)
# A separate buffer Redis is switched on by the tests that need one.
os.environ.pop("VIEW_BUFFER_REDIS_URL", None)
# The shared Redis of the Redis-mode tests may be slow on a busy machine, and a timeout
# there would lose a read the tests count on. The outage tests use their own servers and
# production's 50 ms (tests/reads/test_redis_outage.py).
os.environ.setdefault("REDIS_TIMEOUT_MS", "1000")
# The public statement timeout is on in the tests, loose enough for a busy machine; the
# tests of the timeout itself connect with a short one (tests/newsroom/test_statement_timeout.py).
os.environ.setdefault("PUBLIC_STATEMENT_TIMEOUT_MS", "30000")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = "sqlite:///test.sqlite3"

from newsroom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps' folders, as in development, without a STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
