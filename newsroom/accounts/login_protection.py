"""Brute-force protection of the admin login (django-axes), without storing addresses.

Axes counts failed logins per account and per source and locks either out for
``AXES_COOLOFF_TIME`` after ``AXES_FAILURE_LIMIT`` failures. The hooks here are
named in the settings:

- ``login_source`` (``AXES_CLIENT_IP_CALLABLE``): what axes records as the
  "IP address". Privacy (UU PDP No. 27/2022): it is a keyed hash of the client
  address, never the address. Axes keeps it in an IP address column (``inet`` on
  PostgreSQL), so the hash is written as an IPv6 address in the private
  ``fd00::/8`` range.
- ``AddressFreeDatabaseHandler`` (``AXES_HANDLER``): axes' database handler,
  except that it keeps no user agent either.
- ``lockout_response`` (``AXES_LOCKOUT_CALLABLE``): the Indonesian lockout page,
  in the admin's layout, with status 429.
"""

import hashlib
import hmac
import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from newsroom.client_ip import client_ip

# Eight bits of the fd00::/8 prefix, 120 bits of HMAC-SHA256.
_PRIVATE_PREFIX = 0xFD << 120
_HASH_BITS = 120


def login_source(request: HttpRequest) -> str:
    """The source of a login attempt: an HMAC of the client address (behind
    ``NEWSROOM_TRUSTED_PROXY_COUNT`` proxies, the one they saw), keyed with the
    secret key and truncated to 120 bits, written as an ``fd..`` IPv6 address.

    The same address always gives the same value, so axes can count failures per
    source; the address cannot be read back from it without the secret key.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"login-source:{client_ip(request)}".encode(), hashlib.sha256
    ).digest()
    truncated = int.from_bytes(digest, "big") >> (256 - _HASH_BITS)
    return ipaddress.IPv6Address(_PRIVATE_PREFIX | truncated).compressed


class AddressFreeDatabaseHandler(AxesDatabaseHandler):
    """Axes' database handler, recording failures without the browser's user agent.

    The user agent is not a lockout parameter here, so leaving it out changes no count.
    """

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None:
            request.axes_user_agent = ""
        return super().user_login_failed(sender, credentials, request, **kwargs)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page shown instead of the login form while a lockout lasts (HTTP 429)."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Terlalu banyak percobaan masuk"),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return TemplateResponse(
        request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    ).render()
