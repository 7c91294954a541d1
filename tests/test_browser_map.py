"""The Map view, the time control and the Learning trails view in a real browser, with
every request that leaves the machine blocked; presenter mode shows no person's name."""

from __future__ import annotations

import glob
import io
import itertools
import math
from collections.abc import Iterator
from csv import DictReader
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from chromium import CHROMIUM
from dashboard_fixtures import Dashboard, write

from graph.store.base import WHOLE_GRAPH
from graph.store.memory import MemoryStore

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page, Route

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

DEV_RECAPS = sorted(glob.glob("/work/shared/data/recaps-dev/*.txt")) or sorted(
    glob.glob(str(Path(__file__).resolve().parents[2] / "shared/data/recaps-dev/*.txt"))
)
WHERE_IN_FRAME = """id => {
  const net = window.citygraph.network;
  const p = net.canvasToDOM(net.getPosition(id));
  const box = document.getElementById("cg-network").getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""


# ``browser`` and ``samples``: the session's (tests/browser_fixtures.py), one Chromium for all.


@pytest.fixture(scope="module")
def recaps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    if not DEV_RECAPS:
        pytest.skip("the development recaps (shared/data/recaps-dev) are not here")
    from loaders import read_paths

    folder = tmp_path_factory.mktemp("recaps")
    records, _ = read_paths([Path(p) for p in DEV_RECAPS])
    graph = write(
        folder / "graph.json", list(records.nodes.values()), list(records.relations.values())
    )
    app = Dashboard(graph, folder / "streamlit.log")
    yield app
    app.stop()


class Offline:
    """A page whose requests off this machine are blocked and recorded."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1100}, accept_downloads=True
        )
        self.page: Page = self.context.new_page()
        self.outside: list[str] = []
        self.page.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("http:", "https:", "ws:", "wss:")) and "127.0.0.1" not in url:
            self.outside.append(url)
            route.abort()
        else:
            route.continue_()

    def drawing(self, url: str) -> Frame:
        self.page.goto(url)
        for _ in range(300):
            for frame in self.page.frames:
                try:
                    if frame.evaluate("!!(window.citygraph && window.citygraph.firstFrame)"):
                        return frame
                except sync_api.Error:
                    pass
            self.page.wait_for_timeout(200)
        raise AssertionError(f"nothing drawn at {url}")

    def click_node(self, frame: Frame, node: str) -> None:
        box = frame.frame_element().bounding_box()
        assert box is not None
        at = frame.evaluate(WHERE_IN_FRAME, node)
        self.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    page = Offline(browser)
    yield page
    page.context.close()


def placeable(graph_file: Path) -> tuple[set[str], set[str]]:
    graph = MemoryStore.open(graph_file).select(WHOLE_GRAPH).graph
    placed: set[str] = set()
    not_placed: set[str] = set()
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") != "City":
            continue
        lat, lon = attrs.get("lat"), attrs.get("lon")
        ok = isinstance(lat, float) and isinstance(lon, float) and math.isfinite(lat)
        (placed if ok and abs(lat) <= 90 and abs(lon) <= 180 else not_placed).add(node)
    return placed, not_placed


def test_map_draws_every_city_offline_and_a_click_opens_its_detail(
    samples: Dashboard, offline: Offline
) -> None:
    frame = offline.drawing(samples.url + "?tab=map")
    placed, not_placed = placeable(samples.graph_file)
    assert set(frame.evaluate("window.citygraphMap.placed")) == placed
    assert set(frame.evaluate("window.citygraphMap.notPlaced")) == not_placed
    assert set(frame.evaluate("window.citygraph.nodes.getIds()")) == placed
    # Each city is where d3-geo's Equal Earth puts its coordinates (the outlines' projection).
    graph = MemoryStore.open(samples.graph_file).select(WHOLE_GRAPH).graph
    for city in ("city:ee:tartu", "city:bo:la-paz"):
        lat, lon = graph.nodes[city]["lat"], graph.nodes[city]["lon"]
        x, y = frame.evaluate(f"window.citygraphMap.project({lon}, {lat})")
        at = frame.evaluate(f"window.citygraph.network.getPosition('{city}')")
        assert abs(at["x"] - x) < 1 and abs(at["y"] - y) < 1  # canvas units: under a pixel
    offline.click_node(frame, "city:ee:tartu")
    offline.page.get_by_role("heading", name="Tartu").wait_for(timeout=30_000)
    offline.page.wait_for_url("**node=city%3Aee%3Atartu*", timeout=30_000)
    offline.page.wait_for_timeout(1000)
    assert offline.outside == []


@pytest.mark.parametrize("tab", ["map", "network"])
def test_playing_the_years_grows_the_network_and_moves_nothing(
    samples: Dashboard, offline: Offline, tab: str
) -> None:
    frame = offline.drawing(samples.url + f"?tab={tab}")
    steps = frame.evaluate("window.citygraph.timeline.steps")
    assert steps == [str(y) for y in range(2016, 2025)]
    before = frame.evaluate("window.citygraph.network.getPositions()")
    shown, painted = [], []
    for i in range(len(steps)):
        # A step is one batch: what changes is shown in one frame, painted at once.
        painted.append(
            frame.evaluate(
                f"""() => {{ const h = window.citygraph, before = h.frames;
                h.timeline.step({i}); return h.frames - before; }}"""
            )
        )
        shown.append(frame.evaluate("window.citygraph.nodes.get({filter: n => !n.hidden}).length"))
        # The relations drawn (vis-network's own list) are those whose ends show and
        # whose own year (a tie's first meeting) has come.
        drawn, due = frame.evaluate(
            f"""() => {{ const h = window.citygraph, year = {steps[i]};
            const on = new Set(h.nodes.get({{filter: n => !n.hidden}}).map(n => n.id));
            const due = h.edges.get({{filter: e => on.has(e.from) && on.has(e.to) &&
                                      (e.year === undefined || e.year <= year)}});
            return [h.network.body.edgeIndices.length, due.length]; }}"""
        )
        assert drawn == due
    assert painted == [1] * len(steps)
    after = frame.evaluate("window.citygraph.network.getPositions()")
    assert shown == sorted(shown) and shown[0] < shown[-1]  # year by year, never fewer
    assert all(b > a for a, b in itertools.pairwise(shown[:4]))  # 2016-2019 each add some
    assert (
        max(
            abs(after[n]["x"] - before[n]["x"]) + abs(after[n]["y"] - before[n]["y"])
            for n in before
        )
        <= 1
    )
    # Playing runs in the page; stopping keeps the period in the link.
    frame.evaluate("window.citygraph.timeline.step(0)")
    frame.click("#cg-play")
    offline.page.wait_for_timeout(1900)
    frame.click("#cg-play")
    offline.page.wait_for_url("**period=2016-*", timeout=30_000)


def test_trails_view_lists_trails_with_sources(
    samples: Dashboard, recaps: Dashboard, offline: Offline
) -> None:
    for app, source in ((samples, "data/samples/practices.csv"), (recaps, "recaps-dev/")):
        offline.drawing(app.url + "?tab=trails")
        text = offline.page.inner_text("body")
        assert "a possible transfer, not a proven one" in text
        table = offline.page.locator("[data-testid='stDataFrame']").first
        table.wait_for()
        csv = _download(offline.page, "Download CSV")
        assert source in csv and csv.count("\n") > 2, csv[:500]
        if app is recaps:  # with the passages of the recaps that state both ends
            rows = list(DictReader(io.StringIO(csv)))
            assert all(r["first_passages"] and r["later_passages"] for r in rows), rows[0]
    assert offline.outside == []


def test_trails_arrows_name_their_topic_readably_without_overlap(
    samples: Dashboard, offline: Offline
) -> None:
    """The topics on the arrows keep one size on screen (they were ~6 px over Europe) and
    a name that would cover another is left out (its arrow's tooltip names it)."""
    frame = offline.drawing(samples.url + "?tab=trails")
    offline.page.wait_for_timeout(500)
    named = frame.evaluate("window.citygraph.edgeLabels()")
    drawn = frame.evaluate("window.citygraph.edges.length")
    assert named and len(named) <= drawn
    assert all(n["px"] >= 11 for n in named), [n["px"] for n in named]
    boxes = [n["box"] for n in [*named, *frame.evaluate("window.citygraph.labels()")]]
    for a, b in itertools.combinations(boxes, 2):
        apart = (
            a["left"] + a["width"] <= b["left"]
            or b["left"] + b["width"] <= a["left"]
            or a["top"] + a["height"] <= b["top"]
            or b["top"] + b["height"] <= a["top"]
        )
        assert apart, (a, b)


def _download(page: Page, label: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_text(encoding="utf-8")


def test_presenter_mode_map_and_trails_show_no_person_name(
    recaps: Dashboard, offline: Offline
) -> None:
    graph = MemoryStore.open(recaps.graph_file).select(WHOLE_GRAPH).graph
    names = {str(a["name"]) for _, a in graph.nodes(data=True) if a.get("label") == "Person"}
    assert names
    seen = []
    for tab in ("map", "trails"):
        frame = offline.drawing(recaps.url + f"?tab={tab}&presenter=1")
        offline.page.wait_for_timeout(1500)
        seen += [offline.page.inner_text("body"), offline.page.url, frame.content()]
        if tab == "trails":
            seen += [
                _download(offline.page, "Download CSV"),
                _download(offline.page, "Download JSON"),
            ]
        else:
            seen += [
                _download(offline.page, "Download GEXF"),
                _download(offline.page, "Download HTML"),
            ]
    text = "\n".join(seen)
    assert "Speaker" in text or "presenter" in text
    found = sorted(n for n in names if n in text)
    assert found == []
