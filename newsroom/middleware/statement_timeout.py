"""The bound on the database time of a public request (README, Security).

Every PostgreSQL connection starts with ``statement_timeout`` set to
``PUBLIC_STATEMENT_TIMEOUT_MS`` (the settings put it in the connection's start-up
options), so a public request pays no round trip for it, not even the first one on a
connection. ``StatementTimeoutMiddleware`` then does two things:

- around an admin request it lifts the limit (``SET statement_timeout = 0``) and puts the
  connection's own limit back afterwards (``RESET``), because editors' work (saving a long
  release, a large list with filters) must not be cut;
- when PostgreSQL cancels a public request's statement (SQLSTATE 57014), it answers with
  an Indonesian 503 page instead of a 500, and the worker is free again.

Management commands never carry the limit: manage.py sets it to 0 for every command but
runserver, which serves requests.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger(__name__)

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled (timeout included)
RETRY_AFTER_SECONDS = 30


def is_statement_timeout(exception: BaseException) -> bool:
    """True for the error of a statement PostgreSQL cancelled."""
    cause = exception.__cause__ if isinstance(exception, DatabaseError) else None
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED


def public_limit_applies() -> bool:
    return connection.vendor == "postgresql" and settings.NEWSROOM_PUBLIC_STATEMENT_TIMEOUT_MS > 0


class StatementTimeoutMiddleware:
    """Lifts the public statement timeout for the admin, and turns a statement the
    timeout cancelled into a 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if not (self._is_admin(request) and public_limit_applies()):
            return self.get_response(request)
        _execute("SET statement_timeout = 0")
        try:
            return self.get_response(request)
        finally:
            self._restore_limit()

    def process_exception(self, request, exception):
        if not is_statement_timeout(exception):
            return None
        logger.warning(
            "A statement of %s ran past the public statement timeout (%s ms) and was cancelled.",
            request.path,
            settings.NEWSROOM_PUBLIC_STATEMENT_TIMEOUT_MS,
        )
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def _is_admin(self, request) -> bool:
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return request.path_info.startswith(self.admin_prefix)

    @staticmethod
    def _restore_limit() -> None:
        """Back to the limit the connection started with; a connection that cannot take
        it is closed, so that the next request opens one that has it."""
        if connection.connection is None:
            return
        try:
            _execute("RESET statement_timeout")
        except DatabaseError:
            connection.close()


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
