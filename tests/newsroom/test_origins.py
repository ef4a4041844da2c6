"""The origins the CSP allows for photos in an S3 bucket (newsroom/origins.py).

Plain function calls, no Django: the settings import the module before Django is set up.
The odd inputs at the end record what the function does with them today (the same as
the settings did before it moved here), so that a change to them is a deliberate one.
"""

import pytest

from newsroom.origins import s3_media_origins
from tests.subprocesses import run_python


def test_a_custom_domain_is_served_over_https():
    assert s3_media_origins("berita-media", custom_domain="media.berita.example.go.id") == [
        "https://media.berita.example.go.id"
    ]


def test_a_custom_domain_wins_over_the_endpoint_and_the_region():
    origins = s3_media_origins(
        "berita-media",
        custom_domain="media.berita.example.go.id",
        endpoint_url="https://minio.example.go.id:9000",
        region="ap-southeast-3",
        addressing_style="path",
    )
    assert origins == ["https://media.berita.example.go.id"]


def test_a_custom_domain_is_taken_as_written():
    """django-storages takes a host (and port), never a URL; case and port are kept."""
    assert s3_media_origins("b", custom_domain="CDN.Example.go.id:8443") == [
        "https://CDN.Example.go.id:8443"
    ]


def test_aws_without_a_region_is_the_global_bucket_host():
    assert s3_media_origins("berita-media") == ["https://berita-media.s3.amazonaws.com"]


def test_aws_with_a_region_adds_the_regional_bucket_host():
    assert s3_media_origins("berita-media", region="ap-southeast-3") == [
        "https://berita-media.s3.amazonaws.com",
        "https://berita-media.s3.ap-southeast-3.amazonaws.com",
    ]


def test_an_addressing_style_without_an_endpoint_changes_nothing():
    assert s3_media_origins("b", addressing_style="path") == ["https://b.s3.amazonaws.com"]


@pytest.mark.parametrize(
    ("endpoint_url", "origin"),
    [
        (
            "https://minio.diskominfo.example.go.id:9000",
            "https://minio.diskominfo.example.go.id:9000",
        ),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
        # A trailing slash, a path, a query or a fragment are not part of the origin.
        ("https://minio.example.go.id/", "https://minio.example.go.id"),
        ("https://minio.example.go.id:9000/", "https://minio.example.go.id:9000"),
        ("https://minio.example.go.id/s3/?x=1#top", "https://minio.example.go.id"),
        # urlsplit lower-cases the scheme but keeps the host as written (CSP host
        # matching ignores case, so both spellings allow the same images).
        ("HTTPS://MinIO.Example.GO.ID", "https://MinIO.Example.GO.ID"),
        ("http://[2001:db8::1]:9000/", "http://[2001:db8::1]:9000"),
        ("http://[::1]", "http://[::1]"),
    ],
)
def test_a_path_style_endpoint_is_the_endpoint_origin(endpoint_url, origin):
    assert s3_media_origins("b", endpoint_url=endpoint_url, addressing_style="path") == [origin]


@pytest.mark.parametrize("addressing_style", ["virtual", "auto", "", "Path"])
def test_any_other_addressing_style_puts_the_bucket_in_front_of_the_endpoint_host(
    addressing_style,
):
    origins = s3_media_origins(
        "berita-media",
        endpoint_url="https://minio.example.go.id:9000/",
        addressing_style=addressing_style,
    )
    assert origins == ["https://berita-media.minio.example.go.id:9000"]


def test_the_region_does_not_matter_with_an_endpoint():
    origins = s3_media_origins(
        "b", endpoint_url="https://minio.example.go.id", region="id-1", addressing_style="path"
    )
    assert origins == ["https://minio.example.go.id"]


# Odd input, recorded as it is handled today. Nothing validates S3_ENDPOINT_URL when the
# settings load; boto3 refuses an endpoint without a scheme when it first builds a URL.


@pytest.mark.parametrize(
    ("endpoint_url", "addressing_style", "origins"),
    [
        # No scheme: urlsplit sees a bare path, so there is no host either.
        ("minio.example.go.id", "path", ["://"]),
        ("minio.example.go.id", "virtual", ["://b."]),
        # No scheme but a port: the host is taken for a scheme.
        ("minio.example.go.id:9000", "path", ["minio.example.go.id://"]),
        # Only the scheme is missing: the host is kept, the scheme is empty.
        ("//minio.example.go.id", "path", ["://minio.example.go.id"]),
        # A scheme without a host.
        ("http:///s3", "path", ["http://"]),
        # The port is not checked.
        ("https://minio.example.go.id:abc", "path", ["https://minio.example.go.id:abc"]),
        # The bucket is prefixed to an IPv6 literal too, which no browser can match.
        ("http://[::1]:9000", "virtual", ["http://b.[::1]:9000"]),
        # Credentials in the URL stay in the origin, and so would reach every CSP header.
        (
            "https://key:secret@minio.example.go.id",
            "path",
            ["https://key:secret@minio.example.go.id"],
        ),
    ],
)
def test_malformed_endpoints_are_not_validated(endpoint_url, addressing_style, origins):
    assert (
        s3_media_origins("b", endpoint_url=endpoint_url, addressing_style=addressing_style)
        == origins
    )


def test_an_unclosed_ipv6_bracket_raises_value_error():
    with pytest.raises(ValueError, match="Invalid IPv6 URL"):
        s3_media_origins("b", endpoint_url="http://[::1:9000", addressing_style="path")


def test_the_module_imports_nothing_of_django_or_the_project():
    """The settings import it, before Django or any app is set up."""
    code = (
        "import sys, newsroom.origins; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'articles', 'newsroom', 'environ', 'csp'}))"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['newsroom', 'newsroom.origins']"
