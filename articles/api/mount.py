"""Where the content API sits in the site's URLconf, without loading it in every worker.

django-ninja brings pydantic, and its settings module imports ``django.test`` (with
``unittest`` and more): about 12 MB per worker that the pages never use. So the API's
addresses hang under ``/api/v1/`` on a resolver that loads them (``articles.api.views``)
on the first request or ``reverse("api:…")`` under that prefix, not when the root
resolver is first populated, which any page's ``{% url %}`` does. Everything else about
them is Django's own resolving and reversing, with the namespace ``api``.

``not_found`` answers the rest of ``/api/`` and lives here, not with the views, so that a
wrong address costs no API import either.
"""

from functools import cached_property

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, URLResolver, resolve
from django.urls.resolvers import RoutePattern

from articles.api import NAMESPACE


class APIPatterns:
    """The API's URL patterns, read (and the API imported) when first asked for."""

    @cached_property
    def urlpatterns(self) -> list:
        from articles.api.views import api  # the deferred import this module exists for

        patterns, _app_name, _namespace = api.urls
        return patterns


class DeferredResolver(URLResolver):
    """A namespaced resolver whose patterns load when something under it is resolved
    or reversed.

    The root resolver populates every child when it populates itself, although a
    namespaced child contributes only itself (its ``namespace_dict`` entry). This one
    skips that until its patterns are loaded; its own lookups load them first. Django
    5.2's ``URLResolver`` (``_populate`` and the three lookup properties).
    """

    @property
    def loaded(self) -> bool:
        return "url_patterns" in self.__dict__  # the cached_property has run

    def _populate(self) -> None:
        if self.loaded:
            super()._populate()

    @property
    def reverse_dict(self):
        self.url_patterns  # noqa: B018 (loads them)
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self.url_patterns  # noqa: B018
        return super().namespace_dict

    @property
    def app_dict(self):
        self.url_patterns  # noqa: B018
        return super().app_dict


def api_resolver(route: str) -> DeferredResolver:
    """The API under ``route`` (e.g. ``"api/v1/"``), for the site's ``urlpatterns``."""
    return DeferredResolver(
        RoutePattern(route, is_endpoint=False),
        APIPatterns(),
        app_name=NAMESPACE,
        namespace=NAMESPACE,
    )


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/: a JSON 404, as the API's own; an API address
    without its final slash is sent to it (as ``APPEND_SLASH`` does elsewhere)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(f"{request.path}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            target = f"{request.path}/" + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)
    return JsonResponse({"detail": "Not Found"}, status=404)
