"""The content API (``/api/v1/``): its views load on their first request
(``articles.api.mount``)."""

# The URL namespace, for reverse("api:…"): the mount declares it before the API loads.
NAMESPACE = "api"
