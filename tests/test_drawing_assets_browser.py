"""The drawing's scripts and styles (vis-network's 0.69 MB, ours, a view's own) are files
named by their content (graph/ui/network_component): a browser that has drawn once keeps
them, and the next visit draws without fetching them again."""

from __future__ import annotations

import re

import pytest
from dashboard_fixtures import Dashboard
from playwright.sync_api import Browser, Error, Page

pytestmark = pytest.mark.browser

CONTENT_NAMED = re.compile(r"/[0-9a-f]{16}\.(?:js|css)$")


def drawn_assets(page: Page, url: str) -> dict[str, int]:
    """Open ``url``; once the network is drawn, the bytes each content-named asset of the
    drawing's frame took over the network (0: from the browser's cache)."""
    page.goto(url)
    for _ in range(300):
        for frame in page.frames:
            try:
                if not frame.evaluate("!!(window.citygraph && window.citygraph.firstFrame)"):
                    continue
            except Error:
                continue  # a frame navigating away
            entries = frame.evaluate(
                "performance.getEntriesByType('resource')"
                ".map(e => [e.name, e.transferSize, e.decodedBodySize])"
            )
            return {
                name.rsplit("/", 1)[1]: size
                for name, size, body in entries
                if CONTENT_NAMED.search(name) and body > 0
            }
        page.wait_for_timeout(200)
    raise AssertionError("no network was drawn within 60 s")


def test_a_second_visit_draws_without_fetching_the_scripts_again(
    browser: Browser, synthetic: Dashboard
) -> None:
    context = browser.new_context()  # no request routing: it would turn the cache off
    try:
        page = context.new_page()
        first = drawn_assets(page, synthetic.url)
        again = drawn_assets(page, synthetic.url)
    finally:
        context.close()
    assert len(first) >= 4  # vis-network's and our style and script at least
    assert all(size > 0 for size in first.values())  # fetched the first time
    assert again.keys() == first.keys()
    assert [name for name, size in again.items() if size > 0] == []  # kept since
