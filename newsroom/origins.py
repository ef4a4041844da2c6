"""The origins photos are served from when they live in an S3 bucket.

Pages show photos from the bucket's (or its CDN's) origin, and the Content-Security-Policy
must allow that origin in ``img-src``. The settings import this module, so it imports
nothing of Django's or of the project's: plain functions of the configured strings.
"""

from urllib.parse import urlsplit


def s3_media_origins(
    bucket: str,
    *,
    endpoint_url: str = "",
    custom_domain: str = "",
    region: str = "",
    addressing_style: str = "",
) -> list[str]:
    """The origins that serve the files of ``bucket``, for the CSP's ``img-src``.

    - ``custom_domain`` (a host name, as django-storages takes it): that host over HTTPS.
    - ``endpoint_url`` (MinIO or another S3-compatible service): its scheme and network
      location as written (port and any ``user:password@`` kept, path dropped), with the
      bucket as a subdomain unless ``addressing_style`` is ``"path"``. The URL is not
      validated: one without a scheme gives an unusable origin such as ``"://"``, and an
      unclosed IPv6 bracket raises ``ValueError`` (from ``urlsplit``).
    - neither: AWS's global host for the bucket, and the regional one when ``region`` is set.
    """
    if custom_domain:
        return [f"https://{custom_domain}"]
    if endpoint_url:
        endpoint = urlsplit(endpoint_url)
        host = endpoint.netloc if addressing_style == "path" else f"{bucket}.{endpoint.netloc}"
        return [f"{endpoint.scheme}://{host}"]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins
