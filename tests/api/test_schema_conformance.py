"""Schemathesis against the content API's own OpenAPI schema: generated requests, valid
and invalid, to every operation; no answer may be a server error or differ from what
the schema promises (status codes, content type, headers, bodies).

Kept short for the suite (a few dozen examples per operation, no deadline on a busy
machine); ``SCHEMATHESIS_EXAMPLES`` raises the number for a longer run."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from articles.api.views import api
from articles.models import ArticleEvent, ArticlePhoto
from tests.factories import ArticleFactory, PhotoFactory, SectionFactory

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def connections_kept():
    """Schemathesis calls the WSGI application itself, whose request signals close the
    database connection (and with it the test's transaction, on PostgreSQL); Django's
    test client keeps it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def content(db, settings, connections_kept):
    """Some releases to find, the rate limit off (the run makes many requests)."""
    settings.NEWSROOM_API_RATE_PER_MINUTE = 0
    now = datetime.now(UTC)
    section = SectionFactory(name="Kesehatan")
    for number in range(3):
        article = ArticleFactory(
            published_at=now - timedelta(hours=number + 1),
            section=section,
            tags=["umum", f"tag-{number}"],
            with_photo=number == 0,
        )
        ArticlePhoto.objects.create(article=article, photo=PhotoFactory(renditions=False))
        ArticleEvent.objects.create(article=article, action="corrected", note="Ralat.")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_keeps_to_its_schema(case, content):
    case.call_and_validate()
