"""The Content Security Policy stops scripts that an attacker manages to inject."""

import pytest
from django.urls import reverse

from tests.browser import CHROMIUM
from tests.factories import ArticleFactory

if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium is not installed", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_injected_inline_script_does_not_run_on_the_article_page(page):
    article = ArticleFactory(title="Berita dengan skrip sisipan")
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto(article.get_absolute_url())
    # What an injection that slipped past every other defence would do: add an inline script.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("() => window.injected === undefined")
    assert any("Content Security Policy" in text for text in violations)


def test_our_own_scripts_still_run_under_the_policy(page, settings):
    settings.NEWSROOM_VIEW_COUNT_MODE = "beacon"
    article = ArticleFactory(view_count=0)
    with page.expect_request(
        lambda request: request.url.endswith(reverse("articles:read_beacon", args=[article.pk]))
    ) as beacon:
        page.goto(article.get_absolute_url())
    assert beacon.value.method == "POST"
