"""Real-browser tests: the public pages in Debian's Chromium, driven by Playwright."""

from pathlib import Path

# Debian's Chromium; the browser tests never download a browser of their own.
CHROMIUM = Path("/usr/bin/chromium")

# The two screens the public site is read on.
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
