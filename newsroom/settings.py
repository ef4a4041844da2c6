"""Settings for the newsroom project, read from the environment.

Local use needs nothing but ``DEBUG=1`` (``make run`` writes it, with a random
``SECRET_KEY``, to a git-ignored ``.env``). Without ``DEBUG`` the settings
refuse to load until every production value is given, so a half-configured
server fails at start-up instead of serving with development defaults.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from newsroom.origins import s3_media_origins
from newsroom.redis_guard import cache_settings

BASE_DIR = Path(__file__).resolve().parent.parent

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


SECRET_KEY = required("SECRET_KEY", dev_default="django-insecure-local-development-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or (
    ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set in the environment when DEBUG is off "
        "(a comma-separated list of the site's host names)."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin with the newsroom's site (the optional TOTP login step).
    "newsroom.accounts.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "simple_history",
    # Before newsroom.accounts, whose admin removes django-otp's device admin.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "articles",
    "newsroom.accounts",
    "newsroom.backups",
    "axes",
    "django_guid",
]

MIDDLEWARE = [
    # First, so that every record logged during a request carries its request id.
    "newsroom.middleware.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # One language (LANGUAGES): no LocaleMiddleware, only its Content-Language header.
    "newsroom.middleware.content_language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session gave its authenticator's code.
    "django_otp.middleware.OTPMiddleware",
    "newsroom.middleware.LazyMessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    # Last, as axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db_url_config(
        required("DATABASE_URL", dev_default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the one writer work at once; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
# Our date formats add the zone (WIB/WITA/WIT) to every date and time shown.
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by the app itself (WhiteNoise), compressed and with
# hashed names that can be cached for ever; run `collectstatic` on deploy.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Uploaded photos go to an S3-compatible bucket when S3_BUCKET is set, so that every app
# server sees the same files (README, Configuration, describes the S3_* variables).
# Without S3 keys boto3's own chain applies (AWS_* variables, ~/.aws, an instance role).
# Nothing here contacts the bucket: a wrong name or key, or no credentials, shows at the
# first upload ("Unable to locate credentials").
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    _s3_endpoint = env.str("S3_ENDPOINT_URL", default="")
    _s3_custom_domain = env.str("S3_CUSTOM_DOMAIN", default="")
    _s3_region = env.str("S3_REGION", default="")
    _s3_key_id = env.str("S3_ACCESS_KEY_ID", default="")
    _s3_secret = env.str("S3_SECRET_ACCESS_KEY", default="")
    if bool(_s3_key_id) != bool(_s3_secret):
        raise ImproperlyConfigured(
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither."
        )
    # Other S3-compatible services (MinIO above all) expect path-style addresses.
    _s3_addressing = env.str("S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _s3_endpoint or None,
            "region_name": _s3_region or None,
            "access_key": _s3_key_id or None,
            "secret_key": _s3_secret or None,
            "custom_domain": _s3_custom_domain or None,
            "addressing_style": _s3_addressing or None,
            # Access is the bucket's policy, not per-object ACLs (new AWS buckets refuse them).
            "default_acl": None,
            # A second upload under a taken name gets a new name; a name never changes content.
            "file_overwrite": False,
            # A CDN in front serves public files; straight from the bucket, URLs are signed (1 h).
            "querystring_auth": env.bool("S3_QUERYSTRING_AUTH", default=not _s3_custom_domain),
            # Photos and their renditions are named by content hash: cacheable for ever.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    # Pages show the photos from the bucket's (or CDN's) origin: allow it in the CSP.
    MEDIA_ORIGINS = s3_media_origins(
        S3_BUCKET,
        endpoint_url=_s3_endpoint,
        custom_domain=_s3_custom_domain,
        region=_s3_region,
        addressing_style=_s3_addressing,
    )
else:
    MEDIA_ORIGINS = []

# Uploads from phones are large; Django streams anything above this to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True

# Photo uploads (articles/photos/images): larger files or more pixels are refused with a message.
PHOTO_MAX_UPLOAD_BYTES = env.int("PHOTO_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=50_000_000)

# Security. Development keeps plain HTTP; production defaults are strict and
# each can be relaxed from the environment (e.g. a TLS-terminating proxy). Django's own
# defaults already give nosniff, X-Frame-Options DENY and HttpOnly session cookies
# (`check --deploy` warns if one is turned off; tests/test_security_headers.py).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Sign-ins end when the browser closes (shared office computers), and at the latest
# SESSION_COOKIE_AGE (12 h) after the session last changed.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login protection (django-axes; newsroom/accounts/login_protection.py): LOGIN_FAILURE_LIMIT
# failed logins for one account, or from one source (a keyed hash of the client address,
# never the address), lock it out for LOGIN_COOLOFF_MINUTES after the last counted failure.
# Staff sign in only through the admin; a login whose "next" is unsafe lands on its home.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts during a lockout do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login does not wipe the failures: otherwise anyone with one account
# could reset their source's count between guesses at other accounts. (Axes' default,
# stated because it is a security decision an upgrade must not change unnoticed.)
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "newsroom.accounts.login_protection.login_source"
AXES_HANDLER = "newsroom.accounts.login_protection.AddressFreeDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "newsroom.accounts.login_protection.lockout_response"
# Axes' own log lines would name the user agent; newsroom.auth logs these events instead.
AXES_VERBOSE = False
# No record of successful logins (our auth log has them) and no permanent failure log:
# the only rows are the failures of the current window, which axes deletes once they
# are older than the cool-off, at the next login, logout or failure. (No failure log is
# axes' default, stated like AXES_RESET_ON_SUCCESS.)
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The TOTP code is part of the login: its form field is never stored with a failure.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

# Two-factor login (django-otp TOTP; newsroom/accounts/two_factor.py), optional per user;
# with REQUIRE_2FA, Editors, Admins and superusers must enrol before using the admin.
NEWSROOM_REQUIRE_2FA = env.bool("REQUIRE_2FA", default=False)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Content Security Policy on every page, the admin included: scripts only from our own
# origin (no inline script runs, injected or not); inline styles are allowed because the
# admin's templates use them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Defaults for the site settings that staff edit in the admin (Pengaturan situs).
NEWSROOM_SITE_NAME = env.str("SITE_NAME", default="Berita PROKOPIM")
# The name an authenticator app shows next to the account (two-factor login).
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
NEWSROOM_OFFICE_NAME = env.str("OFFICE_NAME", default="Bagian Protokol dan Komunikasi Pimpinan")
NEWSROOM_DEFAULT_SOURCE = env.str("DEFAULT_SOURCE", default="PROKOPIM")
NEWSROOM_PAGE_SIZE = env.int("PAGE_SIZE", default=10)
# The site's public address, for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# How long a signed preview link for people without an account stays valid.
NEWSROOM_PREVIEW_LINK_HOURS = env.int("PREVIEW_LINK_HOURS", default=48)

# With REDIS_URL, Redis is the cache every app server shares (else each has local memory)
# and buffers the read counts (articles/reads/counting.py) that `manage.py
# flush_view_counts` applies every minute. VIEW_BUFFER_REDIS_URL puts the buffer in another
# Redis (or database) than the cache, one that never evicts (README, Running Redis in
# production); empty, the buffer shares REDIS_URL.
REDIS_URL = env.str("REDIS_URL", default="")
NEWSROOM_VIEW_BUFFER_URL = env.str("VIEW_BUFFER_REDIS_URL", default="")
if NEWSROOM_VIEW_BUFFER_URL and not REDIS_URL:
    raise ImproperlyConfigured("VIEW_BUFFER_REDIS_URL needs REDIS_URL (the cache) as well.")
# Redis down or slow costs a page little (newsroom/redis_guard.py): clients connect and
# read within REDIS_TIMEOUT_MS; a server that failed is left alone by that process for
# REDIS_BREAKER_SECONDS. Pages then come from the database and reads are counted in it.
NEWSROOM_REDIS_TIMEOUT_MS = env.int("REDIS_TIMEOUT_MS", default=50)
NEWSROOM_REDIS_BREAKER_SECONDS = env.int("REDIS_BREAKER_SECONDS", default=5)
# A cache failure is a miss, never an error, and django-redis logs it.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": cache_settings(REDIS_URL, NEWSROOM_REDIS_TIMEOUT_MS)}
# How long anonymous list pages stay cached (0: no page cache). Edits invalidate at once.
NEWSROOM_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
NEWSROOM_VIEW_DEDUP_MINUTES = env.int("VIEW_DEDUP_MINUTES", default=30)
# "inline" counts in the page view; "beacon" counts through a same-origin POST
# from the page, for sites with a page cache or CDN in front; "off" counts nothing.
NEWSROOM_VIEW_COUNT_MODE = env.str("VIEW_COUNT_MODE", default="inline")
if NEWSROOM_VIEW_COUNT_MODE not in ("inline", "beacon", "off"):
    raise ImproperlyConfigured("VIEW_COUNT_MODE must be inline, beacon or off.")
NEWSROOM_BEACON_RATE_PER_MINUTE = env.int("BEACON_RATE_PER_MINUTE", default=30)
# How many proxies in front append to X-Forwarded-For (0: use REMOTE_ADDR).
NEWSROOM_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# /_bench/bare, the bare response bench/page_bench.py compares pages with; never on a site.
NEWSROOM_BENCHMARK_VIEWS = env.bool("BENCHMARK_VIEWS", default=False)

# Mail: the console in local use; EMAIL_URL (e.g. smtp+tls://user:pass@host:587) on a server.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="redaksi@localhost")

# Logging: one line per record on stdout, JSON without DEBUG and text with it. A record
# logged during a request carries the request's id (django-guid), which the response
# returns in X-Request-ID; the proxy's X-Request-ID is kept only when it is a UUID.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "EXPOSE_HEADER": False}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId"},
        "redis_breaker_open": {"()": "newsroom.redis_guard.SkipWhileOpen"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(correlation_id)s",
            # ISO 8601 in UTC, with microseconds: unambiguous wherever the log is read.
            "timestamp": "time",
            "rename_fields": {
                "levelname": "level",
                "name": "logger",
                "correlation_id": "request_id",
                "exc_info": "traceback",
            },
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Everything of Django's, unhandled errors (django.request, with the traceback)
        # included, goes through the one console handler above, in DEBUG too.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # It logs every request's id at INFO; a replaced id is still a WARNING.
        "django_guid": {"level": "WARNING"},
        # Its INFO lines repeat each step; failures and lockouts are WARNINGs.
        "axes": {"level": "WARNING"},
        # Every cache failure it ignores, but not each call skipped while Redis is down.
        "django_redis.cache": {"filters": ["redis_breaker_open"]},
    },
}
