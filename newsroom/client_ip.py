"""Who is asking: the client's address, behind the proxies the site trusts."""

import ipaddress

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


def source_network(address: str) -> str:
    """The network one source stands for: an IPv4 address itself, an IPv6 address's /64
    (a home or phone gets a whole /64 and can pick any address in it). Text that is no
    address is returned as it is (it is only ever hashed)."""
    if ":" not in address:
        return address
    try:
        parsed = ipaddress.IPv6Address(address)
    except ValueError:
        return address
    if parsed.ipv4_mapped:  # ::ffff:198.51.100.7 is an IPv4 reader
        return str(parsed.ipv4_mapped)
    return str(ipaddress.IPv6Network((parsed, 64), strict=False))
