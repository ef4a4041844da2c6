"""Refused suspicious requests, logged as one short line each.

Django logs every request it refuses as suspicious (a ``Host`` header not in
``ALLOWED_HOSTS``, a media path that leaves its folder, too many form fields...) on
``django.security.<exception class>`` at ERROR, with the full traceback. Nothing is
broken when that happens: the visitor got a 400. At that level and size, a script
sending bad requests floods the log cheaply and buries real errors. The filter here
turns each such record into one WARNING line with the reason and no traceback.

``SECURITY_LOGGERS`` names the loggers Django and its contrib apps use; the settings
attach the filter to each of them (so every handler, the test's included, sees the
WARNING), and to the console handler for any other ``django.security`` logger.
"""

import logging

# Loggers of django.security: "csrf", and one per SuspiciousOperation subclass.
SECURITY_LOGGERS = (
    "django.security.csrf",
    "django.security.SuspiciousOperation",
    "django.security.DisallowedHost",
    "django.security.DisallowedRedirect",
    "django.security.SuspiciousFileOperation",
    "django.security.SuspiciousMultipartForm",
    "django.security.TooManyFieldsSent",
    "django.security.TooManyFilesSent",
    "django.security.RequestDataTooBig",
    "django.security.DisallowedModelAdminLookup",
    "django.security.DisallowedModelAdminToField",
    "django.security.InvalidSessionKey",
    "django.security.SuspiciousSession",
)

# Attacker-controlled text (a Host header, a path) in the message stays on one line.
_LINE_BREAKS = str.maketrans({"\r": "\\r", "\n": "\\n"})


def is_security_record(record: logging.LogRecord) -> bool:
    return record.name == "django.security" or record.name.startswith("django.security.")


class OneLineSecurityWarning(logging.Filter):
    """Lower a ``django.security`` record above WARNING to WARNING, drop its traceback,
    and keep its message on one line. Other records pass unchanged; none is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not is_security_record(record):
            return True
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg = record.getMessage().translate(_LINE_BREAKS)
        record.args = None
        record.exc_info = record.exc_text = record.stack_info = None
        return True
