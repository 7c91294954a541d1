"""How the browser tests and benchmarks launch Debian's Chromium through Playwright.

Playwright cannot download a browser here, so it drives /usr/bin/chromium. The flags keep
Chromium from calling out to Google's services, which this machine's closed network
refuses (and which an offline dashboard test must not count as its own requests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright: Playwright) -> Browser:
    """Headless Debian Chromium, offline-quiet."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
