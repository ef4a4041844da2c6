"""Fixtures for the real-browser tests: one Chromium per session, a fresh context per test.

The pages are served by pytest-django's ``live_server`` (a real HTTP server in a
thread of this process), so the data a test creates must be committed: the tests
use ``transactional_db``, never ``db``.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser import CHROMIUM, SCREENSHOTS, VIEWPORTS

# Playwright's sync API runs an asyncio event loop on this (the main) thread, in a
# greenlet, for the whole session. Django sees that running loop and refuses ORM
# calls from the thread ("SynchronousOnlyOperation: You cannot call this from an
# async context"), which would break the factories, the per-test database flush and
# any test that runs after the browser has started. Nothing here is really async: the
# ORM calls and Playwright's loop never run concurrently, so the check is switched off.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, started once for the session; skips when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def viewport() -> str:
    """The screen a test runs on; tests parametrize it with ``"phone"`` / ``"desktop"``."""
    return "desktop"


@pytest.fixture
def page(browser, live_server, viewport) -> Iterator[Page]:
    """A page in its own browser context (fresh cookies and cache), at the live server.

    ``page.goto()`` takes paths from ``reverse()``: the context's base URL is the
    live server's.
    """
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **VIEWPORTS[viewport]
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def broken_resources(page) -> list[str]:
    """Stylesheets, images and scripts of the page that failed to load, and script errors.

    The page's own status is left to the test (the 404 page is meant to be a 404).
    """
    problems: list[str] = []

    def check_response(response):
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("response", check_response)
    page.on("requestfailed", lambda request: problems.append(f"failed {request.url}"))
    page.on("pageerror", lambda error: problems.append(f"script error {error}"))
    return problems


@pytest.fixture(scope="session")
def axe() -> Axe:
    """axe-core, read from axe-playwright-python's bundled copy once per session."""
    return Axe()


@pytest.fixture
def save_screenshot(page, viewport):
    """Save a full-page screenshot as ``test-artifacts/screenshots/<name>-<viewport>.png``.

    Lazy images below the fold (and those still in flight after the load event) would
    be blank in the picture, so every image is loaded first.
    """

    def save(name: str) -> Path:
        page.evaluate(
            "document.querySelectorAll('img[loading=lazy]')"
            ".forEach(img => { img.loading = 'eager'; })"
        )
        page.wait_for_function("() => [...document.images].every(img => img.complete)")
        # complete is not painted: wait until every image is decoded too.
        page.evaluate("Promise.all([...document.images].map(img => img.decode().catch(() => {})))")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{viewport}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save
