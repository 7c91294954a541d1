"""The browser tests' shared fixtures: one Chromium and one served dashboard per graph for
the whole test session (starting either costs seconds; every browser test module uses
them), and ``Visit``, a page with every request that is not to this machine blocked and
recorded.

Registered from tests/conftest.py (``pytest_plugins``). The fixtures skip when Chromium or
Playwright is missing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from chromium import CHROMIUM, launch
from dashboard_fixtures import Dashboard, planted_recap_graph, samples_graph, synthetic_graph, write

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Frame, Route

LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium for the whole session (each test opens its own context)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def _served(folder: Path, graph_file: Path) -> Iterator[Dashboard]:
    app = Dashboard(graph_file, folder / "streamlit.log")
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """The bundled samples, served (tests must not change the view for the next: each
    opens its own page, and the graph file is never written)."""
    folder = tmp_path_factory.mktemp("samples")
    yield from _served(folder, samples_graph(folder / "graph.json"))


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    folder = tmp_path_factory.mktemp("synthetic")
    yield from _served(folder, synthetic_graph(folder / "graph.json", events=120))


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    folder = tmp_path_factory.mktemp("markup")
    yield from _served(folder, planted_recap_graph(folder / "graph.json"))


@pytest.fixture(scope="session")
def synth2000(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """`citygraph synth --events 2000` loaded as `citygraph load` would."""
    from graph.ingest.synth import write_synthetic
    from loaders import read_paths

    folder = tmp_path_factory.mktemp("synth2000")
    write_synthetic(folder / "tables", events=2000, seed=1)
    records, _ = read_paths([folder / "tables"])
    graph_file = write(
        folder / "graph.json", list(records.nodes.values()), list(records.relations.values())
    )
    yield from _served(folder, graph_file)


class Visit:
    """One page, with outside requests blocked and recorded, and dialogs recorded."""

    def __init__(self, browser: Browser, *, width: int = 1400, height: int = 1000) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)

    def _route(self, route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOOPBACK:
            self.outside.append(url)
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def drawn_frame(self) -> Frame:
        """The frame that drew the network, once it has drawn."""
        from playwright.sync_api import Error

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                try:
                    if frame.evaluate("!!(window.citygraph && window.citygraph.firstFrame)"):
                        return frame
                except Error:
                    pass  # a frame navigating away
            self.page.wait_for_timeout(200)
        raise AssertionError("no network was drawn within 60 s")

    def network_frame(self, url: str) -> Frame:
        """Open ``url`` and return the frame that drew the network, once it has drawn."""
        self.page.goto(url)
        return self.drawn_frame()

    def settled(self, *, quiet_ms: int = 600, timeout_ms: int = 60_000) -> None:
        """Wait until the app has finished running (Streamlit's "running" mark has been
        gone for ``quiet_ms``)."""
        quiet = waited = 0
        while quiet < quiet_ms:
            assert waited < timeout_ms, "the app kept running"
            running = self.page.locator("[data-testid='stStatusWidget']").count() > 0
            quiet = 0 if running else quiet + 100
            self.page.wait_for_timeout(100)
            waited += 100

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()
