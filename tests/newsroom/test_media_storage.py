"""Media storage: the local disk by default, an S3-compatible bucket when S3_BUCKET is set.

Each case loads the production settings in a fresh interpreter with its own environment
(tests/subprocesses.py), as tests/newsroom/test_settings.py does. Nothing here contacts S3: building
the storage and signing a URL are local computations, and boto3 is kept away from instance
metadata and credential files.
"""

import json

import pytest

from tests.subprocesses import production_env, run_manage, run_python

# Loads the settings, builds the default storage and reports what it was configured with.
INSPECT = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
options = settings.STORAGES["default"].get("OPTIONS", {})
report = {
    "backend": settings.STORAGES["default"]["BACKEND"],
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "options": options,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}
if options.get("access_key") or options.get("custom_domain"):
    report["url"] = storage.url("photos/2026/11/3fa9c0ffee.jpg")
print(json.dumps(report))
"""

# boto3 must find no credentials of its own, and never ask an instance metadata service.
NO_AMBIENT_AWS = {
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
    "AWS_CONFIG_FILE": "/nonexistent/config",
}

KEYS = {"S3_ACCESS_KEY_ID": "AKIDEXAMPLE", "S3_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/EXAMPLEKEY"}


def inspect_storage(tmp_path, **overrides) -> dict:
    result = run_python(
        "-c",
        INSPECT,
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        **NO_AMBIENT_AWS,
        **production_env(tmp_path, **overrides),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_local_disk_is_the_default(tmp_path):
    report = inspect_storage(tmp_path)
    assert report["backend"] == "django.core.files.storage.FileSystemStorage"
    assert report["img_src"] == ["'self'", "data:"]


def test_s3_bucket_with_custom_domain_serves_plain_public_urls(tmp_path):
    report = inspect_storage(
        tmp_path,
        S3_BUCKET="berita-media",
        S3_REGION="ap-southeast-3",
        S3_CUSTOM_DOMAIN="media.berita.example.go.id",
        **KEYS,
    )
    assert report["backend"] == "storages.backends.s3.S3Storage"
    assert report["storage"] == "storages.backends.s3.S3Storage"
    options = report["options"]
    assert options["bucket_name"] == "berita-media"
    assert options["region_name"] == "ap-southeast-3"
    assert options["endpoint_url"] is None
    assert options["addressing_style"] is None
    assert (options["access_key"], options["secret_key"]) == (
        KEYS["S3_ACCESS_KEY_ID"],
        KEYS["S3_SECRET_ACCESS_KEY"],
    )
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False
    assert options["object_parameters"] == {"CacheControl": "public, max-age=31536000, immutable"}
    assert report["url"] == "https://media.berita.example.go.id/photos/2026/11/3fa9c0ffee.jpg"
    assert report["img_src"] == ["'self'", "data:", "https://media.berita.example.go.id"]


def test_minio_endpoint_without_cdn_signs_path_style_urls(tmp_path):
    report = inspect_storage(
        tmp_path,
        S3_BUCKET="berita-media",
        S3_ENDPOINT_URL="https://minio.diskominfo.example.go.id:9000",
        **KEYS,
    )
    options = report["options"]
    assert options["endpoint_url"] == "https://minio.diskominfo.example.go.id:9000"
    assert options["addressing_style"] == "path"
    assert options["querystring_auth"] is True
    url = report["url"]
    assert url.startswith(
        "https://minio.diskominfo.example.go.id:9000/berita-media/photos/2026/11/3fa9c0ffee.jpg?"
    )
    assert "Signature" in url
    assert report["img_src"] == ["'self'", "data:", "https://minio.diskominfo.example.go.id:9000"]


def test_aws_bucket_without_cdn_allows_the_bucket_hosts_in_the_csp(tmp_path):
    report = inspect_storage(tmp_path, S3_BUCKET="berita-media", S3_REGION="ap-southeast-3", **KEYS)
    assert report["img_src"] == [
        "'self'",
        "data:",
        "https://berita-media.s3.amazonaws.com",
        "https://berita-media.s3.ap-southeast-3.amazonaws.com",
    ]
    host = report["url"].split("/")[2]
    assert f"https://{host}" in report["img_src"]


def test_without_keys_the_settings_load_and_leave_credentials_to_boto3(tmp_path):
    """No S3_* keys: boto3's own chain (AWS_* variables, ~/.aws, an instance role) is used
    at the first upload; the settings and the storage load without contacting anything."""
    report = inspect_storage(tmp_path, S3_BUCKET="berita-media")
    assert report["backend"] == "storages.backends.s3.S3Storage"
    assert report["options"]["access_key"] is None
    assert report["options"]["secret_key"] is None


@pytest.mark.parametrize("given", ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"])
def test_half_a_key_pair_refuses_to_start(tmp_path, given):
    result = run_manage(
        "check", **NO_AMBIENT_AWS, **production_env(tmp_path, S3_BUCKET="b", **{given: "x"})
    )
    assert result.returncode != 0
    assert "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together" in result.stderr


def test_check_deploy_is_clean_with_s3_media(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **NO_AMBIENT_AWS,
        **production_env(tmp_path, S3_BUCKET="berita-media", **KEYS),
    )
    assert result.returncode == 0, result.stdout + result.stderr
