"""Who is asking: the client's address, behind the proxies the site trusts."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or, behind ``NEWSROOM_TRUSTED_PROXY_COUNT``
    proxies, the address the outermost trusted proxy saw in X-Forwarded-For.

    Used to recognise repeat readers and to count failed logins per source; it is only
    ever hashed, never stored (UU PDP No. 27/2022)."""
    proxies = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
