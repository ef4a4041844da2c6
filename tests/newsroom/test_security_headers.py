"""Every page, public or admin, carries a policy under which no inline script runs."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize(
    "url_name", ["articles:home", "articles:article_list", "articles:search", "admin:login"]
)
def test_pages_forbid_inline_and_foreign_scripts(client, url_name):
    policy = directives(client.get(reverse(url_name)))
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_the_article_page_and_the_admin_carry_the_policy(client, admin_client):
    article = ArticleFactory()
    assert "script-src 'self'" in client.get(article.get_absolute_url())["Content-Security-Policy"]
    admin_page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "script-src 'self'" in admin_page["Content-Security-Policy"]


def test_other_security_headers(client):
    response = client.get(reverse("articles:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
