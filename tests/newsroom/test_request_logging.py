"""Logs are JSON lines on stdout, and every record of a request carries its request id."""

import io
import json
import logging
import uuid
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.subprocesses import production_env, run_manage

pytestmark = pytest.mark.django_db

REQUEST_ID_HEADER = "X-Request-ID"


@pytest.fixture
def console_log():
    """The lines the project's console handler writes during the test, parsed as JSON.

    The handler is the one LOGGING configures (same formatter and filter); only its
    stream is swapped for the test.
    """
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    handler.setStream(previous)


def test_production_logs_are_json_lines_on_stdout(settings):
    assert settings.LOG_FORMAT == "json"
    console = settings.LOGGING["handlers"]["console"]
    assert console["stream"] == "ext://sys.stdout"
    assert settings.LOGGING["loggers"]["django.db.backends"]["level"] == "WARNING"


@pytest.mark.parametrize(
    ("debug", "expected"),
    [("0", '"message": "Pesan uji"'), ("1", "WARNING [None] newsroom.test: Pesan uji")],
)
def test_logs_go_to_stdout_as_json_in_production_and_text_with_debug(tmp_path, debug, expected):
    result = run_manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('newsroom.test').warning('Pesan uji')",
        **production_env(tmp_path, DEBUG=debug),
    )
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if "Pesan uji" in line]
    assert expected in line
    if debug == "0":
        assert json.loads(line)["level"] == "WARNING"


def test_every_line_of_a_request_carries_the_id_the_response_returns(client, console_log):
    response = client.post(reverse("admin:login"), {"username": "tamu", "password": "salah"})

    request_id = response[REQUEST_ID_HEADER]
    lines = console_log()
    assert any(line["message"] == "Login failed for tamu" for line in lines)
    assert {line["request_id"] for line in lines} == {request_id}
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    assert all(datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0) for line in lines)


def test_two_requests_get_two_ids(client):
    first = client.get(reverse("healthz"))[REQUEST_ID_HEADER]
    second = client.get(reverse("healthz"))[REQUEST_ID_HEADER]
    assert first != second
    assert uuid.UUID(first) and uuid.UUID(second)


@pytest.mark.urls("tests.error_urls")
def test_an_unhandled_error_is_logged_with_the_request_id_and_traceback(console_log):
    client = Client(raise_request_exception=False)

    response = client.get(reverse("broken_page"))

    assert response.status_code == 500
    [error] = [line for line in console_log() if line["level"] == "ERROR"]
    assert error["logger"] == "django.request"
    assert error["request_id"] == response[REQUEST_ID_HEADER]
    assert "Traceback" in error["traceback"]
    assert "the newsroom test page failed on purpose" in error["traceback"]


@pytest.mark.parametrize("incoming", [uuid.uuid4().hex, str(uuid.uuid4())])
def test_a_valid_request_id_from_the_proxy_is_kept(client, console_log, incoming):
    response = client.get(reverse("articles:home"), headers={REQUEST_ID_HEADER: incoming})

    assert response[REQUEST_ID_HEADER] == incoming


@pytest.mark.parametrize(
    "incoming",
    [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "not-a-uuid",
        "a" * 300,
        '1"}, "level": "CRITICAL',
    ],
)
def test_an_invalid_or_malicious_request_id_is_replaced(client, console_log, incoming):
    response = client.get(reverse("healthz"), headers={REQUEST_ID_HEADER: incoming})

    replaced = response[REQUEST_ID_HEADER]
    assert replaced != incoming
    assert uuid.UUID(replaced).hex == replaced
    # Logged as the request starts, before it has its id; the line names the new id.
    [warning] = console_log()
    assert warning["logger"] == "django_guid" and warning["level"] == "WARNING"
    assert replaced in warning["message"]
