"""How fast the dashboard draws: network_html vs pyvis's defaults, and a filter change.

1. The same 2,000-node scale-free graph drawn by ``graph.render.html.network_html`` and by pyvis
   with its defaults, both opened in headless Chromium in one run: time from navigation
   to the first frame vis-network draws with the graph on it (for pyvis's default page,
   whose physics stabilises first, the first frame after stabilisation), and the ratio.
   pyvis's default page loads vis-network from a CDN: those requests are answered from
   the vis-network copy inside the pyvis package; anything else outside is blocked.
2. Server side: a synthetic network (``graph.ingest.synth.write_synthetic``, 5,000 events) loaded
   into the memory store; the time to answer a filter change (``store.select``), lay
   it out and build the page, as a Streamlit rerun does.

3. Frames per second while panning (dragging) and zooming (Ctrl + wheel, the buttons) a
   5,000-node, 20,000-edge graph drawn by ``network_html``, counted from vis-network's
   ``afterDrawing`` events in headless Chromium (software rendering, no GPU).
4. The dashboard end to end: ``streamlit run app.py`` on the synthetic network (memory
   store), a topic picked in the sidebar, and the time from the key press to the new
   drawing's first frame in our component.

    .venv/bin/python benchmarks/render.py [--nodes 2000] [--events 5000] [--skip-pyvis]
        [--fps-nodes 5000 --fps-edges 20000] [--dashboard-events 5000]
    (``--nodes 0``, ``--events 0``, ``--fps-nodes 0`` or ``--dashboard-events 0`` skips
    that part)
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyvis
from pyvis.network import Network

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from chromium import launch  # tests/chromium.py: how Debian's Chromium is launched here

from graph.core.model import Label
from graph.render.html import layout, network_html
from graph.store.base import SubgraphQuery

if TYPE_CHECKING:
    from playwright.sync_api import Route

CITY_PRACTICE = frozenset({Label.CITY, Label.PRACTICE})
ORIGIN = "http://bench.invalid"  # pages are served from memory under this name
LIB = Path(pyvis.__file__).parent / "templates" / "lib"

# Injected before any page script: wrap vis.Network when the bundle defines it, and note
# the first afterDrawing (and when stabilisation ends, for pages that stabilise first).
TIMING = """
(() => {
  window.__bench = {firstDraw: null, stabilised: null, drawAfterStable: null};
  const wrap = (vis) => {
    let Original = null;
    Object.defineProperty(vis, "Network", {configurable: true, enumerable: true,
      get() { return Original && function (...args) {
        const net = new Original(...args);
        net.on("afterDrawing", () => {
          const now = performance.now();
          if (window.__bench.firstDraw === null) window.__bench.firstDraw = now;
          if (window.__bench.stabilised !== null && window.__bench.drawAfterStable === null)
            window.__bench.drawAfterStable = now;
        });
        net.once("stabilizationIterationsDone", () => {
          window.__bench.stabilised = performance.now();
        });
        return net;
      }; },
      set(value) { Original = value; }});
  };
  let current;
  Object.defineProperty(globalThis, "vis", {configurable: true,
    get() { return current; }, set(value) { current = value; wrap(value); }});
})();
"""


def pyvis_default_html(graph: nx.Graph) -> str:
    """pyvis's default page. Its vis-network comes from the CDN with an ``integrity`` hash
    that pyvis's packaged copy (same version, served in its place here) does not match, so
    the hash attributes are dropped; nothing else changes."""
    net = Network()  # pyvis's defaults: CDN resources, physics with stabilisation
    net.from_nx(graph)
    return re.sub(r'\s+integrity="[^"]*"', "", net.generate_html())


def _local_file(url: str) -> Path | None:
    """The pyvis package's copy of a CDN or lib/ file the default page asks for."""
    name = url.rsplit("/", 1)[-1]
    if url.startswith(f"{ORIGIN}/lib/"):
        return LIB / url[len(f"{ORIGIN}/lib/") :]
    if "vis-network" in url and name in ("vis-network.min.js", "vis-network.min.css"):
        return LIB / "vis-9.1.2" / name.replace(".min.css", ".css")
    return None


def _router(html: str, blocked: list[str]) -> Callable[[Route], None]:
    """Serve the page and pyvis's own lib files; block and record everything else."""

    def route(route: Route) -> None:
        url = route.request.url
        if url == f"{ORIGIN}/page.html":
            route.fulfill(body=html, content_type="text/html")
            return
        local = _local_file(url)
        if local is not None and local.exists():
            kind = "text/css" if local.suffix == ".css" else "application/javascript"
            route.fulfill(body=local.read_bytes(), content_type=kind)
            return
        blocked.append(url)
        route.abort()

    return route


def time_pages(pages: dict[str, str], *, timeout_s: float) -> dict[str, dict]:
    """Open each page in one Chromium; milliseconds from navigation to first frame."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = launch(p)
        for name, html in pages.items():
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.add_init_script(TIMING)
            blocked: list[str] = []
            context.route("**/*", _router(html, blocked))
            page = context.new_page()
            page.goto(f"{ORIGIN}/page.html", wait_until="commit")
            page.wait_for_function(
                "window.__bench && window.__bench.firstDraw !== null && "
                "(window.__bench.stabilised === null ? "
                " !(window.network && window.network.physics && "
                "   window.network.physics.options.enabled && "
                "   window.network.physics.options.stabilization.enabled) "
                " : window.__bench.drawAfterStable !== null)",
                timeout=timeout_s * 1000,
                polling=50,
            )
            bench = page.evaluate("window.__bench")
            drawn = bench["drawAfterStable"] or bench["firstDraw"]
            nodes = page.evaluate(
                "(window.citygraph ? window.citygraph.nodes : window.nodes).length"
            )
            results[name] = {
                "first_frame_ms": drawn,
                "nodes": nodes,
                "blocked": sorted(set(blocked)),
            }
            context.close()
        browser.close()
    return results


def bench_pages(nodes: int, *, skip_pyvis: bool, timeout_s: float) -> None:
    graph = nx.barabasi_albert_graph(nodes, 2, seed=42)
    t = time.perf_counter()
    ours = network_html(graph, title="benchmark")
    build_ours = time.perf_counter() - t
    pages = {"network_html": ours}
    if not skip_pyvis:
        t = time.perf_counter()
        pages["pyvis defaults"] = pyvis_default_html(graph)
        build_pyvis = time.perf_counter() - t
    print(
        f"graph: Barabási-Albert, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    )
    print(
        f"server side, build the page: network_html {build_ours:.2f} s (layout included)"
        + ("" if skip_pyvis else f", pyvis defaults {build_pyvis:.2f} s")
    )
    results = time_pages(pages, timeout_s=timeout_s)
    for name, r in results.items():
        print(
            f"browser, first drawn frame: {name:15s} {r['first_frame_ms'] / 1000:8.2f} s "
            f"({r['nodes']} nodes drawn; requests blocked: {len(r['blocked'])}"
            + (f": {', '.join(r['blocked'])}" if r["blocked"] else "")
            + ")"
        )
    if "pyvis defaults" in results:
        ratio = (
            results["pyvis defaults"]["first_frame_ms"] / results["network_html"]["first_frame_ms"]
        )
        print(f"ratio: network_html draws its first frame {ratio:.0f}x sooner")


def bench_filter_change(events: int, *, repeats: int = 5, neo4j: bool = True) -> None:
    """The server-side answer to a filter change, in the memory store and, on the same
    records, in the Neo4j store over the tests' Bolt server."""
    from graph.ingest.synth import write_synthetic
    from graph.store.memory import MemoryStore
    from loaders import read_paths

    with tempfile.TemporaryDirectory() as folder:
        t = time.perf_counter()
        write_synthetic(Path(folder), events=events, seed=42)
        records, _ = read_paths([Path(folder)])
        memory = MemoryStore()
        memory.upsert(records.nodes.values(), records.relations.values())
        setup = time.perf_counter() - t
    stats = memory.stats()
    print(
        f"synthetic network: {events} events, {sum(stats.nodes.values())} nodes, "
        f"{sum(stats.relationships.values())} relationships (built in {setup:.1f} s)"
    )
    facets = memory.facets()
    topics = [f.id for f in sorted(facets.topics, key=lambda f: -f.count)[:3]]
    countries = [str(f.extra) for f in sorted(facets.countries, key=lambda f: -f.count)[:5]]
    queries = {
        "default view (cities + practices, cap 500)": SubgraphQuery(labels=CITY_PRACTICE),
        "filter: one topic": SubgraphQuery(labels=CITY_PRACTICE, topics=frozenset(topics[:1])),
        "filter: 5 countries + events": SubgraphQuery(
            labels=CITY_PRACTICE | {Label.EVENT}, countries=frozenset(countries)
        ),
        "focus on a city, 2 hops": SubgraphQuery(focus=facets.cities[0].id, hops=2),
    }
    print("memory store:")
    _time_queries(memory, queries, repeats)
    if not neo4j:
        return
    from bolt_server import BoltServer

    from graph.store.neo4j import Neo4jStore, connect

    with tempfile.TemporaryDirectory() as folder, BoltServer.start(Path(folder)) as server:
        database = server.create_database("render_bench")
        driver = connect(server.settings(database))
        try:
            store = Neo4jStore(driver, database=database)
            t = time.perf_counter()
            store.upsert(records.nodes.values(), records.relations.values())
            print(f"Neo4j store over Bolt (loaded in {time.perf_counter() - t:.1f} s):")
            _time_queries(store, queries, repeats)
        finally:
            driver.close()


def _time_queries(store: Any, queries: dict[str, SubgraphQuery], repeats: int) -> None:
    for name, query in queries.items():
        sub, lay, page = [], [], []
        for i in range(repeats):
            t0 = time.perf_counter()
            result = store.select(query)
            t1 = time.perf_counter()
            if i == 0:  # the first time a view is laid out; later reruns hit the cache
                layout(result.graph)
            t2 = time.perf_counter()
            network_html(result.graph, context=store_graph(store))
            t3 = time.perf_counter()
            sub.append(t1 - t0)
            lay.append(t2 - t1)
            page.append(t3 - t2)
        print(
            f"  {name:45s} {result.graph.number_of_nodes():5d} of {result.total:6d} "
            f"nodes: select {statistics.median(sub) * 1000:6.0f} ms, first layout "
            f"{lay[0] * 1000:5.0f} ms, page {statistics.median(page) * 1000:5.0f} ms"
        )


def store_graph(store: Any) -> nx.MultiDiGraph | None:
    """The whole graph the dashboard counts tooltips in (the memory store's own)."""
    return getattr(store, "graph", None)


# A gesture driven from inside the page at a trackpad's rate (Playwright's own input comes
# at 20-40 events/s here, a bound on the frames it can cause): pointer events for a drag
# (vis-network's Hammer.js reads them) with their mouse events (hover reads those), Ctrl +
# wheel events, or clicks on the zoom buttons.
# Counts the frames shown (``citygraph.frames``: full frames and quick ones) and, after the
# last event, when the full frame is back.
GESTURE = """([kind, seconds, hz]) => new Promise(done => {
  const c = window.citygraph, box = document.getElementById("cg-network");
  const canvas = box.querySelector("canvas"), r = box.getBoundingClientRect();
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  // A drag that starts on a node moves the node: each drag starts beside one.
  const empty = () => {
    for (let d = 0; d < 400; d += 7) {
      if (!c.network.getNodeAt({x: r.width / 2 + d, y: r.height / 2 + d / 2})) {
        return [cx + d, cy + d / 2];
      }
    }
    return [cx, cy];
  };
  const pointer = (type, x, y) => (type === "pointerdown" ? canvas : window).dispatchEvent(
    new PointerEvent(type, {clientX: x, clientY: y, pointerId: 1, pointerType: "mouse",
      isPrimary: true, button: 0, buttons: type === "pointerup" ? 0 : 1, bubbles: true,
      cancelable: true}));
  const clickDelays = [];
  let i = 0, last = 0, x = cx, y = cy;
  // Pan: drags of 40 moves; after each release the next drag waits for the full frame (as
  // a hand does); frames are counted while a drag is on.
  const drag = {on: false, moves: 0, since: 0, framesAtDown: 0, time: 0, frames: 0,
                released: -1};
  c.frames = 0;
  const start = performance.now();
  const step = () => {
    const now = performance.now();
    if (now - start > seconds * 1000) {
      clearInterval(timer);
      // The gesture ends now (a drag: with the release below); the first full frame drawn
      // after it is the full picture back.
      last = performance.now();
      let back = null;
      c.network.on("afterDrawing", () => {
        if (back === null && !c.quick()) { back = performance.now() - last; }
      });
      if (drag.on) {
        pointer("pointerup", x, y);
        drag.time += now - drag.since;
        drag.frames += c.frames - drag.framesAtDown;
      }
      const frames = c.frames, elapsed = (last - start) / 1000;
      const wait = () => {
        const waited = performance.now() - last;
        if (back !== null || waited > 5000) {
          done({fps: kind === "pan" ? drag.frames / (drag.time / 1000) : frames / elapsed,
                rate: i / (kind === "pan" ? drag.time / 1000 : elapsed),
                back: back,
                click: clickDelays.sort((a, b) => a - b)[clickDelays.length >> 1] || null});
        } else { setTimeout(wait, 5); }
      };
      wait();
      return;
    }
    if (kind === "pan") {
      if (!drag.on) {
        if (drag.released >= 0 && (c.quick() || !(c.lastFullAt > drag.released))) { return; }
        [x, y] = empty();
        pointer("pointerdown", x, y);
        Object.assign(drag, {on: true, moves: 0, since: now, framesAtDown: c.frames});
      }
      x += 3; y += 1.5;
      pointer("pointermove", x, y);  // and the mouse event a browser sends with it
      canvas.dispatchEvent(new MouseEvent("mousemove", {clientX: x, clientY: y, buttons: 1,
        bubbles: true, cancelable: true}));
      drag.moves += 1;
      if (drag.moves === 40) {
        const end = performance.now();
        drag.time += end - drag.since;
        drag.frames += c.frames - drag.framesAtDown;
        pointer("pointerup", x, y);
        Object.assign(drag, {on: false, released: end});
      }
    } else if (kind === "wheel") {
      box.dispatchEvent(new WheelEvent("wheel", {deltaY: (Math.floor(i / 30) % 2) ? 25 : -25,
        ctrlKey: true, clientX: cx, clientY: cy, bubbles: true, cancelable: true}));
    } else {
      const before = c.frames, t = performance.now();
      document.getElementById((i % 2) ? "cg-zoom-out" : "cg-zoom-in").click();
      const seen = () => c.frames > before ? clickDelays.push(performance.now() - t)
                                           : requestAnimationFrame(seen);
      requestAnimationFrame(seen);
    }
    i += 1;
  };
  const timer = setInterval(step, 1000 / hz);
})"""


def _ms(value: float | None) -> str:
    return "(none)" if value is None else f"{value:4.0f} ms"


FIRST_FRAME_VISITS = 3


def bench_fps(nodes: int, edges: int, *, seconds: float = 4.0) -> None:
    """Frames per second while dragging the view and while zooming it (input at 120 events
    per second, as a trackpad sends), and how long after the gesture the full frame is back."""
    from playwright.sync_api import sync_playwright

    graph = nx.gnm_random_graph(nodes, edges, seed=42)
    t = time.perf_counter()
    page_html = network_html(graph, title="fps benchmark")
    build = time.perf_counter() - t
    print(
        f"fps: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"(page built in {build:.1f} s, layout included)"
    )
    with sync_playwright() as p:
        browser = launch(p)
        firsts = []
        for _ in range(FIRST_FRAME_VISITS):  # each a new context: nothing cached
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            blocked: list[str] = []
            context.route("**/*", _router(page_html, blocked))
            page = context.new_page()
            page.goto(f"{ORIGIN}/page.html")
            page.wait_for_function(
                "window.citygraph && window.citygraph.firstFrame", timeout=600_000
            )
            firsts.append(page.evaluate("window.citygraph.firstFrame"))
            if len(firsts) < FIRST_FRAME_VISITS:
                context.close()
        print(
            f"  first frame: {statistics.median(firsts) / 1000:.2f} s after navigation "
            f"(median of {FIRST_FRAME_VISITS} visits: "
            + ", ".join(f"{f / 1000:.2f}" for f in firsts)
            + ")"
        )
        page.wait_for_timeout(500)
        full = page.evaluate("window.citygraph.lastFullMs")
        print(f"  one full frame: {full:.0f} ms")
        for name, kind, hz in (
            ("pan (while dragging)", "pan", 120),
            ("zoom (Ctrl + wheel)", "wheel", 120),
        ):
            r = page.evaluate(GESTURE, [kind, seconds, hz])
            print(
                f"  {name:22s} {r['fps']:5.1f} frames/s ({r['rate']:4.0f} input events/s "
                f"handled); the full frame back {_ms(r['back'])} after the last event"
            )
        r = page.evaluate(GESTURE, ["buttons", seconds, 4])
        print(
            f"  zoom (+/- buttons)     the zoomed picture {r['click']:4.0f} ms after a click "
            f"(median); the full frame back {_ms(r['back'])} after the last click"
        )
        if blocked:
            print(f"  requests blocked: {', '.join(sorted(set(blocked)))}")
        context.close()
        browser.close()


def bench_dashboard(events: int) -> None:
    """A filter change in the running dashboard, timed from the key press to the new
    drawing's first frame (the memory store, the synthetic network)."""
    from playwright.sync_api import sync_playwright
    from test_browser import Dashboard

    from graph.ingest.synth import write_synthetic
    from graph.store.memory import MemoryStore
    from loaders import read_paths

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_synthetic(root / "tables", events=events, seed=42)
        records, _ = read_paths([root / "tables"])
        store = MemoryStore(path=root / "graph.json")
        store.upsert(records.nodes.values(), records.relations.values())
        store.save()
        topic = max(store.facets().topics, key=lambda f: f.count)
        app = Dashboard(root / "graph.json", root / "streamlit.log")
        try:
            with sync_playwright() as p:
                browser = launch(p)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t = time.perf_counter()
                page.goto(app.url)
                frame = _drawn_frame(page, None)
                first = time.perf_counter() - t
                key = frame.evaluate("window.citygraph.firstFrame")
                nodes = frame.evaluate("window.citygraph.nodes.length")
                print(
                    f"dashboard, synthetic network of {events} events: first drawing "
                    f"{first:.1f} s after opening ({nodes} nodes)"
                )
                for attempt in ("first time (layout computed)", "again (layout cached)"):
                    sidebar = page.locator("[data-testid='stSidebar']")
                    sidebar.locator("[data-testid='stMultiSelect']").nth(1).locator("input").click()
                    page.keyboard.type(topic.name)
                    t = time.perf_counter()
                    page.keyboard.press("Enter")
                    frame = _drawn_frame(page, key)
                    took = time.perf_counter() - t
                    key = frame.evaluate("window.citygraph.firstFrame")
                    nodes = frame.evaluate("window.citygraph.nodes.length")
                    print(
                        f"  filter change (topic '{topic.name}') to the new drawing, "
                        f"{attempt}: {took:.2f} s ({nodes} nodes)"
                    )
                    page.keyboard.press("Escape")
                    sidebar.get_by_role("button", name=f"Remove {topic.name}").first.click()
                    frame = _drawn_frame(page, key)
                    key = frame.evaluate("window.citygraph.firstFrame")
                browser.close()
        finally:
            app.stop()


def _drawn_frame(page: Any, before: float | None, timeout_s: float = 600) -> Any:
    """The frame holding a drawing whose first frame differs from ``before``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                key = frame.evaluate("window.citygraph && window.citygraph.firstFrame")
            except Exception:
                continue
            if key and key != before:
                return frame
        page.wait_for_timeout(20)
    raise TimeoutError("no new drawing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument(
        "--skip-pyvis",
        action="store_true",
        help="skip pyvis's default page (it takes a minute or more)",
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds per page")
    parser.add_argument(
        "--memory-only", action="store_true", help="time filter changes in the memory store only"
    )
    parser.add_argument("--fps-nodes", type=int, default=5000)
    parser.add_argument("--fps-edges", type=int, default=20000)
    parser.add_argument("--dashboard-events", type=int, default=5000)
    args = parser.parse_args()
    if args.fps_nodes:
        bench_fps(args.fps_nodes, args.fps_edges)
    if args.dashboard_events:
        bench_dashboard(args.dashboard_events)
    if args.nodes:
        bench_pages(args.nodes, skip_pyvis=args.skip_pyvis, timeout_s=args.timeout)
    if args.events:
        bench_filter_change(args.events, neo4j=not args.memory_only)


if __name__ == "__main__":
    main()
