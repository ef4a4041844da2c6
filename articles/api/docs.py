"""The API's docs page: Swagger UI from the site's own static files, under its CSP.

django-ninja serves its bundled Swagger UI only when ``ninja`` is in ``INSTALLED_APPS``
(else it links a CDN). Being an app would import it, and pydantic, in every worker at
start-up (``articles.api.mount``), so the project renders its own page
(``templates/api/docs.html``) and the settings add ninja's static folder to
``STATICFILES_DIRS``. The page has its own header (title, description, schema link);
operations are not deep-linked, since Swagger UI puts those links inside the buttons
that open each operation, where a screen reader can't reach them.
"""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "api/docs.html"
    default_settings = {"layout": "BaseLayout", "deepLinking": False}

    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        swagger_settings = {**self.settings, "url": openapi_url}
        context = {
            "swagger_settings": json.dumps(swagger_settings, indent=1),
            "api": api,
            "openapi_url": openapi_url,
        }
        return render(request, self.template, context)
