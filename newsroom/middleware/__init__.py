"""Middleware of the site, lighter on the requests that need little of it.

Each one stands in for a library's middleware with the same result, minus the work an
anonymous page read does not need (tests/newsroom/test_middleware.py and
test_light_requests.py hold them to that):

- ``ContentSecurityPolicyMiddleware``: django-csp's, with the policy of the settings
  built once instead of twice per response;
- ``content_language_middleware``: the ``Content-Language`` header LocaleMiddleware
  gave, without LocaleMiddleware (the site has one language);
- ``LazyMessageMiddleware``: Django's, making the message storage (a signed cookie
  and the session) only for the requests that use messages, i.e. the admin's;
- ``request_id_middleware``: django-guid's, reading its one header instead of building
  ``request.headers``, and its settings once.
"""

from functools import cache, partial

from asgiref.sync import iscoroutinefunction
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.apps import apps
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.decorators import sync_and_async_middleware
from django.utils.functional import SimpleLazyObject, empty
from django_guid.config import settings as guid_settings
from django_guid.context import guid
from django_guid.middleware import guid_middleware
from django_guid.utils import generate_guid, get_correlation_id_from_header

# -- Content-Security-Policy --------------------------------------------------------

# What a view can set on its response (django-csp's decorators) to change its policy.
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
POLICY_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
# Error pages django-csp leaves without a policy when DEBUG is on (the technical pages).
DEBUG_PAGES = (404, 500)


@cache
def settings_policy() -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """The policy and the report-only policy of the settings, as django-csp writes them
    when no view changes them and no nonce is used ("" for none), and the path
    prefixes each of them leaves out."""

    def excluded(name: str) -> tuple[str, ...]:
        policy = getattr(settings, name, None) or {}
        return tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())

    return (
        build_policy(),
        build_policy(report_only=True),
        excluded("CONTENT_SECURITY_POLICY"),
        excluded("CONTENT_SECURITY_POLICY_REPORT_ONLY"),
    )


@receiver(setting_changed, dispatch_uid="newsroom-csp-settings-changed")
def forget_settings_policy(*, setting: str, **kwargs) -> None:
    """Tests that override the policy settings get the overriding policy."""
    if setting in POLICY_SETTINGS:
        settings_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware writing the settings' policy, worked out once per process,
    on every response that neither changes its policy nor used a nonce; those go through
    django-csp as they are."""

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
            or (response.status_code in DEBUG_PAGES and settings.DEBUG)
        ):
            return super().process_response(request, response)
        policy, report_only, excluded, excluded_report_only = settings_policy()
        path = request.path_info
        if policy and HEADER not in response and not path.startswith(excluded):
            response[HEADER] = policy
        if (
            report_only
            and HEADER_REPORT_ONLY not in response
            and not path.startswith(excluded_report_only)
        ):
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp does: a nonce asked for once the header is written is an error,
        # not a nonce the policy does not name.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


# -- Content-Language ---------------------------------------------------------------


@sync_and_async_middleware
def content_language_middleware(get_response):
    """``Content-Language: id`` (LANGUAGE_CODE) on every response.

    The site has one language, in which Django translates when no middleware picks one:
    LocaleMiddleware would only work that out again on each request, and add
    ``Vary: Accept-Language`` for content that does not vary. A second language in
    LANGUAGES needs django.middleware.locale.LocaleMiddleware back in its place.
    """
    if iscoroutinefunction(get_response):

        async def middleware(request):
            response = await get_response(request)
            response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
            return response

    else:

        def middleware(request):
            response = get_response(request)
            response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
            return response

    return middleware


# -- messages -----------------------------------------------------------------------


class LazyMessageStorage(SimpleLazyObject):
    """The request's message storage (MESSAGE_STORAGE), made when first used."""


class LazyMessageMiddleware(MessageMiddleware):
    """Django's MessageMiddleware, but the storage is made only when the request uses
    messages: adds one (the admin after a change), reads them (a template showing
    them, the admin's) or sets their level.

    A request that never touches them has nothing to store, and leaves the messages
    cookie of a later admin page as it is, as with Django's storage.
    """

    def process_request(self, request):
        request._messages = LazyMessageStorage(partial(default_storage, request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if type(messages) is LazyMessageStorage and messages._wrapped is empty:
            return response
        return super().process_response(request, response)


# -- request id ---------------------------------------------------------------------


@sync_and_async_middleware
def request_id_middleware(get_response):
    """django-guid's middleware for the settings in use (DJANGO_GUID): each request's id,
    for its log records (django_guid.log_filters) and its response's header.

    The id is the one in the request's header when that is a valid UUID (django-guid
    checks it, and logs a replaced one), else a new one. Its own middleware reads the
    header from ``request.headers``, built for that alone, and its settings and the
    request's full path (for IGNORE_URLS) twice per request; this reads the header from
    META and the settings once. Settings it does not cover (IGNORE_URLS, INTEGRATIONS,
    no response header or an exposed one) get django-guid's own middleware.
    """
    if not apps.is_installed("django_guid"):
        raise ImproperlyConfigured("django_guid must be in INSTALLED_APPS")
    if (
        guid_settings.ignore_urls
        or guid_settings.integrations
        or not guid_settings.return_header
        or guid_settings.expose_header
    ):
        return guid_middleware(get_response)
    header = guid_settings.guid_header_name
    meta_key = "HTTP_" + header.upper().replace("-", "_")

    def begin(request) -> None:
        if request.META.get(meta_key):
            request.correlation_id = get_correlation_id_from_header(request)
        else:
            request.correlation_id = generate_guid()
        guid.set(request.correlation_id)

    if iscoroutinefunction(get_response):

        async def middleware(request):
            begin(request)
            response = await get_response(request)
            response[header] = guid.get()
            return response

    else:

        def middleware(request):
            begin(request)
            response = get_response(request)
            response[header] = guid.get()
            return response

    return middleware
