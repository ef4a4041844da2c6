"""Fixtures of the content API's tests."""

import pytest
from django.urls import reverse


def api_url(name: str, **kwargs) -> str:
    """The address of the content API's ``name`` operation, e.g. ``api_url("list_articles")``."""
    return reverse(f"api:{name}", kwargs=kwargs or None)


@pytest.fixture
def get_json(client):
    """``get_json(url, **params)``: the response, its JSON checked to be JSON."""

    def get(url: str, *, headers: dict | None = None, **params):
        response = client.get(url, params, headers=headers or {})
        if response.status_code != 304 and response.status_code < 300:
            assert response["Content-Type"] == "application/json; charset=utf-8"
        return response

    return get
