"""Settings for the newsroom project, read from the environment.

Local use needs nothing but ``DEBUG=1`` (``make run`` writes it, with a random
``SECRET_KEY``, to a git-ignored ``.env``). Without ``DEBUG`` the settings
refuse to load until every production value is given, so a half-configured
server fails at start-up instead of serving with development defaults.

The settings are split by concern: ``environment`` (the environment, DEBUG), this module
(Django's core, storage, security headers, CSP), ``accounts`` (sign-in protection),
``product`` (the newsroom's own settings, Redis, read counting) and ``logs`` (mail and
logging), imported at the end in that order.
"""

from importlib.util import find_spec
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from newsroom.origins import s3_media_origins
from newsroom.settings.environment import BASE_DIR, DEBUG, env, required

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
    # Third-party apps under Indonesian names in the admin (their AppConfig subclasses).
    "articles.apps.TaggitConfig",
    "simple_history",
    # The body's rich-text editor: its static files (articles/richtext/editor.py).
    "django_prose_editor",
    # Before newsroom.accounts, whose admin removes django-otp's device admin.
    "django_otp",
    "newsroom.accounts.apps.TOTPConfig",
    "articles",
    "newsroom.accounts",
    "newsroom.backups",
    "newsroom.accounts.apps.AxesConfig",
    "django_guid",
    # Django's own widget templates, for the project's overrides (FORM_RENDERER below).
    "django.forms",
    # The content API (articles/api): corsheaders for its CORS headers. django-ninja is
    # not an app: it would be imported by every worker at start-up (articles.api.mount);
    # its static files are found below.
    "corsheaders",
]

MIDDLEWARE = [
    # First, so that every record logged during a request carries its request id.
    "newsroom.middleware.request_id_middleware",
    # Before anything that queries: lifts the public statement timeout for the admin.
    "newsroom.middleware.statement_timeout.StatementTimeoutMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS headers on /api/ only (CORS_URLS_REGEX), and its preflight answered here.
    "corsheaders.middleware.CorsMiddleware",
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
# The longest a statement may run on PostgreSQL outside the admin (0: no limit); a longer
# one is cancelled and the reader gets a 503 page (newsroom/middleware/statement_timeout.py). It is
# part of each connection's start-up, so it costs no round trip; admin requests lift it
# while they run, and manage.py runs every command but runserver without it.
NEWSROOM_PUBLIC_STATEMENT_TIMEOUT_MS = env.int("PUBLIC_STATEMENT_TIMEOUT_MS", default=3000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={NEWSROOM_PUBLIC_STATEMENT_TIMEOUT_MS}"
    )

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
# The project's corrections to Django's and third-party apps' Indonesian (locale/id), and
# the Indonesian of django-prose-editor's dialogs (djangojs): they take precedence over
# the apps' own catalogs. The compiled .mo is committed.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Widgets render with the project's templates first, so templates/ can override one
# (the admin's date and time fields name the time zone: templates/admin/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# ninja's static folder (its Swagger UI, for the API's docs page), found without
# importing the package.
STATICFILES_DIRS = [BASE_DIR / "static", Path(find_spec("ninja").origin).parent / "static"]
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


from newsroom.settings.accounts import *  # noqa: E402,F403
from newsroom.settings.logs import *  # noqa: E402,F403
from newsroom.settings.product import *  # noqa: E402,F403
