"""Real-browser tests: the public pages in Debian's Chromium, driven by Playwright."""

from pathlib import Path

# Debian's Chromium; the browser tests never download a browser of their own.
CHROMIUM = Path("/usr/bin/chromium")
