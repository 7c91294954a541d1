"""The Map view and the time control in the running dashboard: how long the first drawing
takes, and how many years per second the time control steps through, in headless Chromium.

Aims (issue 18): the map's first drawing under 1.5 s on the city map's 200 cities and
under 3 s with all cities, at 2,000 and 5,000 events; >= 10 steps per second at 5,000
(the map of all cities, and the Network view's 5,000 nodes).

    .venv/bin/python benchmarks/map.py                 # 2,000 and 5,000 events, seed 7
    .venv/bin/python benchmarks/map.py --events 5000

Times are from the page's request to the drawing's first frame (window.citygraph.firstFrame),
the second visit of each link (the first builds the session's caches and the layout).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from chromium import launch
from dashboard_fixtures import Dashboard
from playwright.sync_api import Page, sync_playwright

from graph.ingest.synth import write_synthetic
from graph.store.memory import MemoryStore
from loaders.tables import read_tables


def graph_file(events: int, seed: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"citygraph-map-{events}-{seed}.json"
    if not path.exists():
        folder = path.with_suffix("")
        write_synthetic(folder, events=events, seed=seed)
        records = read_tables([folder])
        store = MemoryStore(path=path)
        store.upsert(records.nodes.values(), records.relations.values())
        store.save()
    return path


def drawn(page: Page, url: str) -> tuple[float, object]:
    started = time.perf_counter()
    page.goto(url)
    while time.perf_counter() - started < 120:
        for frame in page.frames:
            try:
                if frame.evaluate("!!(window.citygraph && window.citygraph.firstFrame)"):
                    return time.perf_counter() - started, frame
            except Exception:
                pass
        page.wait_for_timeout(50)
    raise RuntimeError(f"nothing drawn at {url}")


def measure(events: int, seed: int) -> None:
    app = Dashboard(graph_file(events, seed), Path(tempfile.gettempdir()) / "citygraph-map.log")
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for label, query in (
                ("map of the city map's cities", "?tab=map"),
                ("map of all cities", "?tab=map&map_cities=all"),
                ("Network view of at most 5,000 nodes", "?tab=network&drawing=kinds&limit=5000"),
            ):
                drawn(page, app.url + query)  # caches and layout
                took, frame = drawn(page, app.url + query)
                count = frame.evaluate("window.citygraph.nodes.length")  # type: ignore[attr-defined]
                print(f"{events} events, {label} ({count} nodes): first drawing {took:.2f} s")
                steps = frame.evaluate(  # type: ignore[attr-defined]
                    """() => { const t = window.citygraph.timeline, n = t.steps.length;
                    const start = performance.now(); let k = 0;
                    for (let r = 0; r < 3; r++) { for (let i = 0; i < n; i++) { t.step(i); k++; } }
                    return k / ((performance.now() - start) / 1000); }"""
                )
                print(f"  time control: {steps:.1f} steps per second (each step redraws)")
            browser.close()
    finally:
        app.stop()
    print(f"  load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="*", default=[2000, 5000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for events in args.events:
        measure(events, args.seed)


if __name__ == "__main__":
    main()
