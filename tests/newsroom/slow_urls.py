"""The site's URLs plus a page that runs a slow statement, on the public side and under
the admin's prefix, for the tests of the public statement timeout."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path

SLEEP_SECONDS = 0.5


def slow_page(request):
    """Sleeps in the database, then answers with the statement timeout it ran under."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [SLEEP_SECONDS])
        cursor.execute("SHOW statement_timeout")
        (limit,) = cursor.fetchone()
    return HttpResponse(limit)


urlpatterns = [
    path("lambat/", slow_page),
    path("admin/lambat/", slow_page),
    path("", include("newsroom.urls")),
]
