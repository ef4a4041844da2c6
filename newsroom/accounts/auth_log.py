"""Logging of sign-ins, sign-outs, failed sign-ins (password or one-time code) and lockouts.

Each is one record on the ``newsroom.auth`` logger with the username and no
address (UU PDP No. 27/2022): the request id on every record of the request
(see LOGGING in the settings) ties it to the rest of that request's log.
The receivers are connected in ``AccountsConfig.ready``.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

logger = logging.getLogger("newsroom.auth")


def log_login(sender, request, user, **kwargs) -> None:
    logger.info("Login succeeded for %s", user.get_username())


def log_logout(sender, request, user, **kwargs) -> None:
    # user is None when the session had already ended.
    username = user.get_username() if user is not None else ""
    logger.info("Logout by %s", username or "(session already ended)")


def log_login_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    # Django has already masked the password in ``credentials``; a wrong one-time code
    # (newsroom.accounts.forms) is marked, and the code itself is never passed.
    if credentials.get("second_factor"):
        logger.warning("Login failed for %s: wrong one-time code", credentials.get("username", ""))
    else:
        logger.warning("Login failed for %s", credentials.get("username", ""))


def log_lockout(sender, request, username: str, **kwargs) -> None:
    # Axes also sends ``ip_address``, which is the hashed source; it is left out all the same.
    logger.warning("Login locked out for %s", username)


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    user_logged_in.connect(log_login, dispatch_uid="newsroom.auth.login")
    user_logged_out.connect(log_logout, dispatch_uid="newsroom.auth.logout")
    user_login_failed.connect(log_login_failure, dispatch_uid="newsroom.auth.failed")
    user_locked_out.connect(log_lockout, dispatch_uid="newsroom.auth.locked_out")
