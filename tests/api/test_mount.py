"""The API is loaded on its first request, not by every worker at start-up: django-ninja
and pydantic cost about 12 MB per worker that the pages never use."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import resolve, reverse

PROJECT = Path(__file__).resolve().parents[2]
# In a new interpreter, because this one has loaded the API already.
PROBE = """
import json, sys
import django
django.setup()
from django.urls import resolve, reverse
loaded = lambda: sorted({"ninja", "pydantic"} & {name.split(".")[0] for name in sys.modules})
pages = [reverse("articles:home"), resolve("/").url_name, resolve("/api/zzz").url_name]
before = loaded()
api_url = reverse("api:list_articles")
print(json.dumps({"pages": pages, "before": before, "api_url": api_url, "after": loaded()}))
"""


def test_pages_resolve_and_reverse_without_loading_the_api():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["pages"] == ["/", "home", "api_not_found"]
    assert probe["before"] == []
    assert probe["api_url"] == "/api/v1/articles/"
    assert probe["after"] == ["ninja", "pydantic"]


def test_the_api_resolves_and_reverses_under_its_namespace():
    match = resolve("/api/v1/articles/12/")
    assert (match.namespaces, match.url_name, match.kwargs) == (
        ["api"],
        "get_article",
        {"id": "12"},
    )
    assert reverse("api:get_article", kwargs={"id": 12}) == "/api/v1/articles/12/"
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"
