"""Requests refused as suspicious (a bad Host header, a path out of the media folder, too
many form fields) are logged as one WARNING line each, without traceback: a script
sending them cannot flood the log or bury the real errors."""

import io
import json
import logging

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from newsroom.security_log import SECURITY_LOGGERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def console_lines():
    """The lines the project's console handler writes during the test (its formatter and
    filters as configured; only its stream is swapped)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)


def security_records(caplog, name):
    return [record for record in caplog.records if record.name == f"django.security.{name}"]


def assert_one_quiet_line(record, reason):
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None and record.stack_info is None
    assert reason in record.getMessage()
    assert "\n" not in record.getMessage()


def test_a_bad_host_header_is_logged_as_one_warning_without_traceback(
    client, caplog, console_lines
):
    response = client.get("/", HTTP_HOST="penyerang.example")

    assert response.status_code == 400
    [record] = security_records(caplog, "DisallowedHost")
    assert_one_quiet_line(record, "Invalid HTTP_HOST header: 'penyerang.example'")
    [line] = [json.loads(line) for line in console_lines() if "HTTP_HOST" in line]
    assert (line["level"], line["logger"]) == ("WARNING", "django.security.DisallowedHost")
    assert "traceback" not in line


def test_a_flood_of_bad_host_headers_writes_one_short_line_per_request(client, console_lines):
    for number in range(30):
        client.get("/", HTTP_HOST=f"banjir{number}.example")

    lines = [json.loads(line) for line in console_lines()]
    security = [line for line in lines if line["logger"].startswith("django.security")]
    assert len(security) == 30
    assert all(line["level"] == "WARNING" and "traceback" not in line for line in security)
    assert not [line for line in lines if line["level"] in ("ERROR", "CRITICAL")]
    assert max(len(json.dumps(line)) for line in security) < 400


def test_a_media_path_traversal_is_logged_as_one_warning_without_traceback(client, caplog):
    rendition = reverse("photo_rendition", args=["x.jpg"]).removesuffix("x.jpg")

    response = client.get(f"{rendition}../../../../etc/passwd")

    assert response.status_code == 400
    [record] = security_records(caplog, "SuspiciousFileOperation")
    assert_one_quiet_line(record, "is located outside of the base path")


def test_too_many_form_fields_are_logged_as_one_warning_without_traceback(client, caplog, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"kolom{number}": "x" for number in range(20)}

    response = client.post(reverse("admin:login"), fields, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 400
    [record] = security_records(caplog, "TooManyFieldsSent")
    assert_one_quiet_line(record, "number of GET/POST parameters exceeded")


def test_a_line_break_smuggled_into_a_suspicious_message_stays_on_one_line(caplog, console_lines):
    logger = logging.getLogger("django.security.SuspiciousOperation")

    logger.error("Host %s refused", "a\r\nCRITICAL palsu: baris kedua", exc_info=True)

    [record] = security_records(caplog, "SuspiciousOperation")
    assert_one_quiet_line(record, "a\\r\\nCRITICAL palsu")
    assert len([line for line in console_lines() if "palsu" in line]) == 1


def test_every_suspicious_operation_of_django_is_quietened():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    # GIS is not installed; its raster lookup is the one class left out on purpose.
    names = {
        f"django.security.{cls.__name__}"
        for cls in [SuspiciousOperation, *subclasses(SuspiciousOperation)]
        if cls.__module__.startswith("django.") and ".gis." not in cls.__module__
    }
    assert names <= set(SECURITY_LOGGERS)
    for name in names:
        filters = logging.getLogger(name).filters
        assert any(type(f).__name__ == "OneLineSecurityWarning" for f in filters), name


def test_other_errors_keep_their_level_and_traceback(caplog):
    logger = logging.getLogger("django.request")

    try:
        raise RuntimeError("kesalahan sungguhan")
    except RuntimeError:
        logger.exception("Internal Server Error: /")

    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
