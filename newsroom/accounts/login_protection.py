"""Brute-force protection of the admin login (django-axes), without storing addresses.

Two limits, both lasting ``AXES_COOLOFF_TIME`` after the last counted failure:

- per pair of account and source (``AXES_LOCKOUT_PARAMETERS``): ``AXES_FAILURE_LIMIT``
  failures for one account from one source lock that account from that source only,
  so someone guessing elsewhere cannot lock a real editor out;
- per source, whatever the accounts: ``NEWSROOM_LOGIN_SOURCE_FAILURE_LIMIT`` (higher)
  failures from one source lock the whole source, against password spraying.

The hooks here are named in the settings:

- ``login_source`` (``AXES_CLIENT_IP_CALLABLE``): what axes records as the
  "IP address". Privacy (UU PDP No. 27/2022): it is a keyed hash of the client
  address, never the address. Axes keeps it in an IP address column (``inet`` on
  PostgreSQL), so the hash is written as an IPv6 address in the private
  ``fd00::/8`` range.
- ``AddressFreeDatabaseHandler`` (``AXES_HANDLER``): axes' database handler, which
  keeps no user agent either, adds the per-source limit, and lets axes' reset commands
  take a client address (it resets that address's source).
- ``lockout_response`` (``AXES_LOCKOUT_CALLABLE``): the Indonesian lockout page,
  in the admin's layout, with status 429.
"""

import hashlib
import hmac
import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from newsroom.client_ip import client_ip

# Eight bits of the fd00::/8 prefix, 120 bits of HMAC-SHA256.
_PRIVATE_PREFIX = 0xFD << 120
_HASH_BITS = 120


def login_source(request: HttpRequest) -> str:
    """The source of a login attempt: the keyed hash of the client address (behind
    ``NEWSROOM_TRUSTED_PROXY_COUNT`` proxies, the one they saw); see ``source_of``."""
    return source_of(client_ip(request))


def source_of(address: str) -> str:
    """An HMAC of ``address``, keyed with the secret key and truncated to 120 bits,
    written as an ``fd..`` IPv6 address.

    The same address always gives the same value, so axes can count failures per
    source; the address cannot be read back from it without the secret key.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"login-source:{address}".encode(), hashlib.sha256
    ).digest()
    truncated = int.from_bytes(digest, "big") >> (256 - _HASH_BITS)
    return ipaddress.IPv6Address(_PRIVATE_PREFIX | truncated).compressed


class AddressFreeDatabaseHandler(AxesDatabaseHandler):
    """Axes' database handler, recording failures without the browser's user agent, with
    a second, higher limit per source, and with resets that accept a client address."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # The user agent is not a lockout parameter, so leaving it out changes no count.
        if request is not None:
            request.axes_user_agent = ""
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures that count against ``AXES_FAILURE_LIMIT``: those of this account
        from this source; or, once the source has reached its own limit over all
        accounts, at least that limit, so that the whole source is locked."""
        failures = super().get_failures(request, credentials)
        if source_failures(request) >= settings.NEWSROOM_LOGIN_SOURCE_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """Axes' reset (``axes_reset_ip``, ``axes_reset_ip_username``) given either a
        client address, which is hashed into its source, or a stored source itself.

        Only values that are IP addresses are looked up as such; anything else (an
        empty string included: not "every source") could not be stored and matches
        nothing. Without an address at all (``axes_reset``), axes' own reset applies."""
        if ip_address is None:
            return super().reset_attempts(username=username, ip_or_username=ip_or_username)
        address = ip_address.strip()
        sources = [source_of(address), *([address] if _is_ip_address(address) else [])]
        attempts = AccessAttempt.objects.filter(ip_address__in=sources)
        if ip_or_username:
            attempts = attempts | AccessAttempt.objects.filter(username=username)
        elif username:
            attempts = attempts.filter(username=username)
        count, _deleted = attempts.delete()
        return count


def source_failures(request: HttpRequest) -> int:
    """All failures recorded from the request's source within the cool-off window,
    whatever the accounts."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _is_ip_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


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
