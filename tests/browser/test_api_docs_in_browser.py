"""The content API's docs page (Swagger UI) works in a browser under the site's CSP,
with every script and style from the site itself."""

import pytest

from tests.browser import CHROMIUM
from tests.factories import ArticleFactory

if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium is not installed", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_the_api_under_the_csp(page, live_server, axe, save_screenshot):
    ArticleFactory()
    console, elsewhere = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else elsewhere.append(request.url)
        ),
    )
    page.goto("/api/v1/docs")
    # Swagger UI has fetched the schema and drawn the operations.
    page.wait_for_selector("text=/api/v1/articles/", timeout=15_000)
    assert page.locator(".opblock-get").count() == 4
    assert not any("Content Security Policy" in text for text in console), console
    assert elsewhere == []
    save_screenshot("api-docs")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    # One operation opened, with its parameters and responses.
    page.get_by_role("button", name="GET /api/v1/articles/ Published releases").click()
    page.wait_for_selector("text=Parameters")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
