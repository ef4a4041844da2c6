"""Mail and logging."""

from django.core.exceptions import ImproperlyConfigured

from newsroom.security_log import SECURITY_LOGGERS
from newsroom.settings.environment import DEBUG, env

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
        "one_line_security_warning": {"()": "newsroom.security_log.OneLineSecurityWarning"},
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
            "filters": ["request_id", "one_line_security_warning"],
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
        # WeasyPrint logs each of its seven steps per PDF at INFO; a PDF is one line of ours
        # (articles.distribution.pdf, with its duration).
        "weasyprint.progress": {"level": "WARNING"},
        # Every cache failure it ignores, but not each call skipped while Redis is down.
        "django_redis.cache": {"filters": ["redis_breaker_open"]},
        # A refused suspicious request (bad Host header, a path out of the media folder...)
        # is one WARNING line without traceback, not an ERROR: cheap requests must not
        # flood the log (newsroom/security_log.py).
        **{name: {"filters": ["one_line_security_warning"]} for name in SECURITY_LOGGERS},
    },
}
