"""The explorer follows the user, in Debian's Chromium on the bundled samples: labels where
the eye is (and in the exports), and a link that is the view as it changes, Back and
Forward included."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_fixtures import Visit
from dashboard_fixtures import Dashboard
from test_browser_drawing import NODE_IN_FRAME, app_text, click_node, wait_for

from graph.render.picture import captions_drawn

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame

pytestmark = pytest.mark.browser

# The drawn nodes, best connected first (ties by id): [id, relations drawn].
BY_DEGREE = """() => {
  const c = window.citygraph, deg = id => c.network.getConnectedNodes(id).length;
  return c.nodes.getIds().map(id => [id, deg(id)])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}"""
LABELLED = "window.citygraph.labels().map(l => l.id)"


def params(visit: Visit) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(visit.page.url).query).items()}


def panel_name(visit: Visit) -> str:
    return visit.page.locator("[data-testid='stMain'] h4").first.inner_text()


def caption_of(frame: Frame, node: str) -> str:
    return str(frame.evaluate("id => window.citygraph.nodes.get(id).caption", node))


def test_the_eye_decides_the_labels_on_screen_and_in_the_exports(
    samples: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(samples.url)
    ranked = frame.evaluate(BY_DEGREE)
    labelled = set(frame.evaluate(LABELLED))
    top = [node for node, _ in ranked[:10]]
    assert len(labelled & set(top)) >= 8, "the hubs carry their names"
    # a click: the node and every neighbour on screen carry labels
    city = next(node for node, _ in ranked if node.startswith("city:"))
    click_node(visit, frame, city)
    wait_for(visit, lambda: frame.evaluate("window.citygraph.selected") == city)
    wait_for(visit, lambda: panel_name(visit) != "")
    visit.settled()
    around = set(frame.evaluate("window.citygraph.highlighted"))
    assert city in around and len(around) >= 3
    assert around <= set(frame.evaluate(LABELLED))
    # the PNG and the HTML page label them too
    shown = {caption_of(frame, node).rstrip("…") for node in around}
    files = {}
    for name in ("PNG", "HTML"):
        with visit.page.expect_download(timeout=60_000) as info:
            visit.page.get_by_role("button", name=f"Download {name}").click()
        files[name] = Path(info.value.path()).read_bytes()
    in_png = captions_drawn(files["PNG"])
    assert all(any(c.rstrip("…") in s or s in c for c in in_png) for s in shown)
    page = visit.context.new_page()
    page.set_content(files["HTML"].decode("utf-8"))
    page.wait_for_function("window.citygraph && window.citygraph.firstFrame")
    assert page.evaluate("window.citygraph.selected") == city
    assert around <= set(page.evaluate(LABELLED))


def test_the_link_follows_fast_clicks_and_back_returns_the_filters_before(
    samples: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(samples.url)
    nodes = [node for node, _ in frame.evaluate(BY_DEGREE)[:12]]
    box = frame.frame_element().bounding_box()
    assert box is not None
    for node in nodes:  # twelve clicks, faster than the app answers
        point = frame.evaluate(NODE_IN_FRAME, node)
        visit.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        visit.page.wait_for_timeout(120)
    visit.settled(quiet_ms=1500)
    chosen = params(visit)["node"]
    assert frame.evaluate("window.citygraph.selected") == chosen == nodes[-1]
    assert panel_name(visit).startswith(caption_of(frame, chosen).rstrip("…"))
    # filters, one after the other, the view panned after each; Back returns the filters
    # before in one step (pans replace the history's entry), where the view was left
    sidebar = visit.page.locator("[data-testid='stSidebar']")
    left_at = {}
    for country in ("Estonia", "Bolivia"):
        sidebar.get_by_label("Country").click()
        visit.page.keyboard.type(country)
        visit.page.keyboard.press("Enter")
        visit.page.keyboard.press("Escape")
        visit.settled()
        frame = visit.drawn_frame()
        for dx in (-90, 70):
            pan(visit, frame, dx)
        left_at[country] = params(visit)["camera"]
        x, y, _ = (float(v) for v in left_at[country].split(","))
        drawn_at = frame.evaluate("window.citygraph.camera()")
        assert (round(x), round(y)) == (round(drawn_at[0]), round(drawn_at[1]))
    assert params(visit)["countries"] == "EE,BO"
    visit.page.go_back()
    wait_for(visit, lambda: params(visit).get("countries") == "EE")
    assert params(visit)["camera"] == left_at["Estonia"]
    visit.settled()
    chosen_now = sidebar.locator("[data-testid='stMultiSelect']").nth(2).inner_text()
    assert "Estonia" in chosen_now and "Bolivia" not in chosen_now
    assert "Tartu" in app_text(visit) or frame.evaluate(
        "window.citygraph.nodes.get('city:ee:tartu') !== null"
    )
    visit.page.go_forward()
    wait_for(visit, lambda: params(visit).get("countries") == "EE,BO")


# A point of the drawing (in the page) with no node under it, for dragging the view.
EMPTY_SPOT = """() => {
  const net = window.citygraph.network, box = document.getElementById("cg-network");
  const r = box.getBoundingClientRect();
  for (let fy = 0.3; fy < 0.9; fy += 0.05) for (let fx = 0.3; fx < 0.8; fx += 0.05) {
    const p = {x: r.width * fx, y: r.height * fy};
    if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === undefined)
      return {x: r.left + p.x, y: r.top + p.y};
  }
  return null;
}"""


def pan(visit: Visit, frame: Frame, dx: int) -> None:
    """Drag the view sideways by ``dx`` pixels, as a hand does, and wait for the app."""
    box = frame.frame_element().bounding_box()
    spot = frame.evaluate(EMPTY_SPOT)
    assert box is not None and spot is not None
    x, y = box["x"] + spot["x"], box["y"] + spot["y"]
    before = frame.evaluate("window.citygraph.camera()")
    visit.page.mouse.move(x, y)
    visit.page.mouse.down()
    for step in range(1, 6):
        visit.page.mouse.move(x + dx * step / 5, y + 10 * step / 5)
        visit.page.wait_for_timeout(30)
    visit.page.mouse.up()
    wait_for(visit, lambda: frame.evaluate("window.citygraph.camera()") != before)
    visit.page.wait_for_timeout(700)  # the drawing reports a move once it stood still
    visit.settled()


def test_a_link_opens_the_camera_it_names(samples: Dashboard, visit: Visit) -> None:
    frame = visit.network_frame(samples.url + "?camera=120,-80,1.5")
    wait_for(visit, lambda: frame.evaluate("window.citygraph.camera()[2]") > 1.4)
    x, y, zoom = frame.evaluate("window.citygraph.camera()")
    assert (round(x), round(y), round(zoom, 2)) == (120, -80, 1.5)


# Every label's box on screen (CSS px in the canvas), and the canvas' size.
LABEL_BOXES = """() => {
  const c = window.citygraph, net = c.network, box = document.getElementById("cg-network");
  return {width: box.clientWidth, height: box.clientHeight, labels: c.labels().map(l => {
    const a = net.canvasToDOM({x: l.box.left, y: l.box.top});
    const b = net.canvasToDOM({x: l.box.left + l.box.width, y: l.box.top + l.box.height});
    return {id: l.id, left: a.x, top: a.y, right: b.x, bottom: b.y};
  })};
}"""


# How far below the time control (CSS px) the drawing begins: its top node's edge, and on
# the map the earth's top edge (negative: it begins above, cut by the bar).
GAP_UNDER_CONTROLS = """() => {
  const c = window.citygraph, net = c.network, scale = net.getScale();
  const box = document.getElementById("cg-network").getBoundingClientRect();
  const bar = document.getElementById("cg-timeline").getBoundingClientRect().bottom;
  const at = net.getPositions();
  const first = Math.min(...Object.keys(at).map(
    id => net.canvasToDOM(at[id]).y - c.nodes.get(id).size * scale));
  const map = window.citygraphMap && window.citygraphMap.project;
  const earth = map ? net.canvasToDOM({x: 0, y: map(0, 90)[1]}).y : null;
  return {nodes: box.top + first - bar, earth: earth === null ? null : box.top + earth - bar};
}"""


def test_the_drawing_starts_right_under_its_controls(samples: Dashboard, visit: Visit) -> None:
    # At 1400x1000 the samples' network is wide for its frame: it was centred, 112 px of
    # empty canvas between the time control and the first node; the map's earth 86 px.
    frame = visit.network_frame(samples.url)
    visit.settled()
    gap = frame.evaluate(GAP_UNDER_CONTROLS)
    assert 0 <= gap["nodes"] <= 40  # room for one label above the top node, no band
    assert dates_cut(visit) == []  # "yyyy-mm-dd" readable in From and To (78 of 112 px)
    frame = visit.network_frame(samples.url + "?tab=map")
    visit.settled()
    gap = frame.evaluate(GAP_UNDER_CONTROLS)
    assert gap["earth"] <= 2 and gap["nodes"] >= 0
    # the Practices grid uses the room: 15 rows before it scrolls (10 before), its pager
    # on the first screen
    visit.page.goto(samples.url + "?tab=practices")
    grid = visit.page.locator("[data-testid='stDataFrame']")
    grid.wait_for(timeout=60_000)
    visit.settled()
    box = grid.bounding_box()
    assert box is not None and box["height"] >= 16 * 35
    pager = visit.page.get_by_label("Page (of 1)").bounding_box()
    assert pager is not None and pager["y"] + pager["height"] <= 1000


# The sidebar's From/To boxes, each as [its date fields' width, the room they have]: side
# by side in two columns, "yyyy-mm-dd" (or a chosen date) was cut at every width.
DATE_FIELDS = """() => Array.from(document.querySelectorAll(
  '[data-testid="stSidebar"] [data-testid="stDateInputFieldsScroller"]'))
  .map(e => [e.scrollWidth, e.clientWidth])"""


def dates_cut(visit: Visit) -> list[list[int]]:
    """The sidebar's date boxes whose hint or date does not fit (both boxes must be there)."""
    fields = visit.page.evaluate(DATE_FIELDS)
    assert len(fields) == 2, fields
    return [f for f in fields if f[0] > f[1] + 1]


# Plain tables (presenter mode) wider than their column: cut at its edge.
WIDER_THAN_COLUMN = """() => Array.from(document.querySelectorAll('[data-testid="stTable"]'))
  .filter(t => t.querySelector('table').scrollWidth > t.clientWidth + 1).length"""


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_presenter_mode_fits_the_drawing_on_the_first_screen(
    samples: Dashboard, browser: Browser, width: int, height: int
) -> None:
    visit = Visit(browser, width=width, height=height)
    try:
        frame = visit.network_frame(samples.url + "?presenter=1&node=city:ee:tartu")
        visit.settled()
        drawing = frame.frame_element().bounding_box()
        assert drawing is not None
        assert drawing["y"] >= 0 and drawing["y"] + drawing["height"] <= height
        assert drawing["height"] >= 0.55 * height  # the drawing, not a strip of it
        seen = frame.evaluate(LABEL_BOXES)
        assert len(seen["labels"]) >= 10
        outside = [
            label["id"]
            for label in seen["labels"]
            if label["left"] < 0
            or label["top"] < 0
            or label["right"] > seen["width"]
            or label["bottom"] > seen["height"]
        ]
        assert outside == []  # no label cut at the canvas' edge
        sizes = visit.page.evaluate(
            """() => ['[data-testid="stMain"] p', '[data-testid="stSidebar"] label p']
                 .map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
        )
        assert min(sizes) >= 18  # the page's text scaled up (16 px otherwise, 14 in the sidebar)
        # the detail panel beside the drawing: no table pushed past its column, the
        # sources named short (the file, not its path)
        assert visit.page.evaluate(WIDER_THAN_COLUMN) == 0
        assert dates_cut(visit) == []  # the dates' hint in presenter's larger text too
        # the drawing's buttons keep their words on one line ("whole / network" at 1280)
        buttons = frame.evaluate(
            """() => Array.from(document.querySelectorAll('#cg-bar button')).map(b =>
                 [b.offsetHeight, b.getBoundingClientRect().right <= window.innerWidth])"""
        )
        heights = [h for h, _ in buttons]
        assert max(heights) <= 1.3 * min(heights)
        assert all(inside for _, inside in buttons)  # none pushed past the frame's edge
        main = visit.page.locator("[data-testid='stMain']")
        panel = main.locator("[data-testid='stColumn']", has=visit.page.locator("h4")).last
        assert "practices.csv" in panel.inner_text() and "samples/" not in panel.inner_text()
        assert frame.evaluate(GAP_UNDER_CONTROLS)["nodes"] <= 60
        cut = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('button .stMarkdownEllipsis'))
                 .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
        )
        assert cut == []  # no button's label cut ("Download Graph…" at 1280x720)
        # the Metrics view's table of top cities fits too (its communities' names pushed
        # it 200 px past the window at 1280x720)
        visit.page.goto(samples.url + "?tab=metrics&presenter=1")
        visit.page.get_by_text("Bridging cities").wait_for(timeout=60_000)
        visit.settled()
        assert visit.page.evaluate(WIDER_THAN_COLUMN) == 0
        # the map too: the earth under its controls, its frame inside the window (at
        # 1280x720 it ended 140 px below it)
        frame = visit.network_frame(samples.url + "?tab=map&presenter=1")
        visit.settled()
        drawing = frame.frame_element().bounding_box()
        assert drawing is not None and drawing["y"] + drawing["height"] <= height
        assert frame.evaluate(GAP_UNDER_CONTROLS)["earth"] <= 2
    finally:
        visit.close()


@pytest.mark.slow
def test_the_city_map_keeps_a_topic_names_its_communities_and_opens_whom_a_city_met(
    synth2000: Dashboard, visit: Visit
) -> None:
    from graph.store.memory import MemoryStore

    graph = MemoryStore.open(synth2000.graph_file).graph
    topic = max(
        (n for n, a in graph.nodes(data=True) if a["label"] == "Topic"),
        key=lambda t: (graph.in_degree(t), t),
    )
    frame = visit.network_frame(f"{synth2000.url}?topics={topic}")
    kinds = set(frame.evaluate("window.citygraph.nodes.get().map(n => n.kind)"))
    assert kinds == {"City"}  # a topic keeps the city map
    assert "City map" in app_text(visit) and "passing the filters" in app_text(visit)
    legend = frame.evaluate("document.getElementById('cg-legend').innerText")
    assert "group 1" not in legend  # communities named by their topics or countries
    # a city opens whom it met: the cities and the events where
    city = frame.evaluate(BY_DEGREE)[0][0]
    before = frame.evaluate("window.citygraph.firstFrame")
    click_node(visit, frame, city)
    visit.page.get_by_role("button", name="'s network").click()
    wait_for(visit, lambda: "met=" in visit.page.url)
    met = visit.drawn_frame()
    wait_for(visit, lambda: met.evaluate("window.citygraph.firstFrame") != before)
    drawn = met.evaluate("window.citygraph.nodes.get().map(n => [n.id, n.kind])")
    assert {kind for _, kind in drawn} == {"City", "Event"} and city in dict(drawn)
    events = [node for node, kind in drawn if kind == "Event"]
    linked = set(met.evaluate("id => window.citygraph.network.getConnectedNodes(id)", city))
    assert set(events) <= linked  # every event drawn is one the city took part in
    assert "Whom " in app_text(visit)
