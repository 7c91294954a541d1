"""The Network view as a user meets it, in Debian's Chromium: a connected first picture on
the samples and on a large synthetic network, labels one can read, the same picture
whatever the way to it, clicks that open details, search in one step, the page scrolling
over the drawing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import networkx as nx
import pytest
from browser_fixtures import Visit
from dashboard_fixtures import Dashboard

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame

pytestmark = pytest.mark.browser

# Where a node is on the page: its canvas position -> the component's frame -> the page.
NODE_IN_FRAME = """id => {
  const net = window.citygraph.network;
  const p = net.canvasToDOM(net.getPosition(id));
  const box = document.getElementById("cg-network").getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""

# What is drawn: every node with its kind and position, every relation.
DRAWN = """() => {
  const c = window.citygraph;
  const pos = c.network.getPositions();
  return {
    nodes: c.nodes.get().map(n => ({id: n.id, kind: n.kind, x: pos[n.id].x, y: pos[n.id].y})),
    edges: c.edges.get().map(e => [e.from, e.to]),
  };
}"""

# Every drawn label, measured on screen: its font size in pixels at the current zoom, the
# other nodes' shapes its box covers, its node's size and theirs.
LABELS = """() => {
  const c = window.citygraph, body = c.network.body.nodes, ids = c.nodes.getIds();
  const shapes = ids.map(id => {
    const n = body[id];
    return {id: id, l: n.x - n.shape.width / 2, r: n.x + n.shape.width / 2,
            t: n.y - n.shape.height / 2, b: n.y + n.shape.height / 2};
  });
  return c.labels().map(label => {
    const box = label.box;
    const over = shapes.filter(s => s.id !== label.id && s.l < box.left + box.width &&
      box.left < s.r && s.t < box.top + box.height && box.top < s.b).map(s => s.id);
    return {id: label.id, px: label.px, over: over, size: body[label.id].options.size,
            overSizes: over.map(id => body[id].options.size)};
  });
}"""


# The nodes whose centre is on the canvas at the current zoom.
IN_VIEW = """() => {
  const c = window.citygraph, box = document.getElementById("cg-network");
  const pos = c.network.getPositions();
  return Object.keys(pos).filter(id => {
    const p = c.network.canvasToDOM(pos[id]);
    return p.x >= 0 && p.y >= 0 && p.x <= box.clientWidth && p.y <= box.clientHeight;
  });
}"""


def drawn_graph(frame: Frame) -> tuple[nx.Graph, dict]:
    data = frame.evaluate(DRAWN)
    g = nx.Graph()
    for n in data["nodes"]:
        g.add_node(n["id"], kind=n["kind"])
    g.add_edges_from(data["edges"])
    return g, {n["id"]: (round(n["x"], 1), round(n["y"], 1)) for n in data["nodes"]}


def app_text(visit: Visit) -> str:
    return visit.page.inner_text("[data-testid='stMain']")


def click_node(visit: Visit, frame: Frame, node: str, *, double: bool = False) -> None:
    box = frame.frame_element().bounding_box()
    assert box is not None, "the drawing's frame is on the page"
    point = frame.evaluate(NODE_IN_FRAME, node)
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    if double:
        visit.page.mouse.dblclick(x, y)
    else:
        visit.page.mouse.click(x, y)


def wait_for(visit: Visit, predicate: Callable[[], bool], *, timeout_ms: int = 30000) -> None:
    waited = 0
    while not predicate():
        assert waited < timeout_ms, "the page did not change in time"
        visit.page.wait_for_timeout(250)
        waited += 250


def redrawn(visit: Visit, before: int) -> Frame:
    """The network frame once it has drawn a graph other than the one keyed ``before``."""
    found: list[Frame] = []

    def ready() -> bool:
        for frame in visit.page.frames:
            try:
                key = frame.evaluate("window.citygraph && window.citygraph.firstFrame")
            except Exception:
                continue
            if key and key != before:
                found.append(frame)
                return True
        return False

    wait_for(visit, ready)
    return found[0]


def test_the_samples_first_picture_links_cities_to_each_other(
    samples: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(samples.url)
    g, _ = drawn_graph(frame)
    assert g.number_of_edges() > 0
    cities_together = max(
        sum(1 for n in part if g.nodes[n]["kind"] == "City") for part in nx.connected_components(g)
    )
    assert cities_together >= 2  # at least one city reaches another through the drawing
    assert all(g.degree(n) > 0 for n in g)  # nothing floats without a relation
    assert visit.outside == []


@pytest.mark.slow
def test_a_large_networks_first_picture_is_one_connected_network(
    synth2000: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(synth2000.url)
    g, _ = drawn_graph(frame)
    assert g.number_of_nodes() >= 100
    assert g.number_of_edges() / g.number_of_nodes() >= 1
    largest = max(nx.connected_components(g), key=len)
    assert len(largest) > g.number_of_nodes() / 2
    assert "Left out" in app_text(visit)  # the cap says what it left out
    labels = frame.evaluate(LABELS)
    assert len(labels) >= 5 and min(label["px"] for label in labels) >= 12


@pytest.mark.slow
def test_a_large_network_opens_on_its_city_map_and_one_click_shows_every_kind(
    synth2000: Dashboard, visit: Visit, browser: Browser
) -> None:
    frame = visit.network_frame(synth2000.url)
    g, first = drawn_graph(frame)
    assert {g.nodes[n]["kind"] for n in g} == {"City"}  # who met whom, not a ball of events
    assert nx.is_connected(g)
    text = app_text(visit)
    assert "City map" in text and "met at an event" in text and "Left out" in text
    # a link says what the two cities share
    titles = frame.evaluate("window.citygraph.edges.get().map(e => e.title)")
    assert titles and all(t.startswith("met at: ") for t in titles)
    # the same link opened again: the same map
    again = Visit(browser)
    try:
        assert drawn_graph(again.network_frame(synth2000.url))[1] == first
    finally:
        again.close()
    # one click back to the kinds, which the address bar keeps
    before = frame.evaluate("window.citygraph.firstFrame")
    visit.page.get_by_role("button", name="Show cities, practices and events instead").click()
    frame = redrawn(visit, before)
    kinds, _ = drawn_graph(frame)
    assert {"City", "Practice", "Event"} <= {kinds.nodes[n]["kind"] for n in kinds}
    wait_for(visit, lambda: "drawing=kinds" in visit.page.url)  # written once the run ends
    # ...and back to the map
    before = frame.evaluate("window.citygraph.firstFrame")
    visit.page.get_by_role("button", name="Show the city map").click()
    back, _ = drawn_graph(redrawn(visit, before))
    assert set(back) == set(g)


@pytest.mark.parametrize("presenter", [False, True])
def test_labels_are_readable_and_cover_no_node_of_their_size(
    samples: Dashboard, visit: Visit, presenter: bool
) -> None:
    frame = visit.network_frame(samples.url + ("?presenter=1" if presenter else ""))
    labels = frame.evaluate(LABELS)
    assert len(labels) >= 5
    sizes = {round(label["px"], 1) for label in labels}
    assert min(sizes) >= (18 if presenter else 12)
    # a label covers no node of its size: only a hub's may cover smaller ones (rather than go)
    assert [label for label in labels if any(o >= label["size"] for o in label["overSizes"])] == []
    # zooming in labels more of the nodes still in view, at the same size on screen
    frame.click("#cg-zoom-in")
    frame.click("#cg-zoom-in")
    visit.page.wait_for_timeout(600)
    closer = frame.evaluate(LABELS)
    in_view = set(frame.evaluate(IN_VIEW))
    assert len(closer) > len([label for label in labels if label["id"] in in_view])
    assert {round(label["px"], 1) for label in closer} == sizes


def test_the_same_view_gets_the_same_picture_whatever_the_way_to_it(
    samples: Dashboard, visit: Visit, browser: Browser
) -> None:
    frame = visit.network_frame(samples.url)
    _, first = drawn_graph(frame)
    again = Visit(browser)
    try:
        _, second = drawn_graph(again.network_frame(samples.url))
    finally:
        again.close()
    assert second == first  # the same link, opened twice
    # Another way to the same view: drop Event from the node kinds, then add it back.
    before = frame.evaluate("window.citygraph.firstFrame")
    sidebar = visit.page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("button", name="Remove Event").click()
    frame = redrawn(visit, before)
    _, without_events = drawn_graph(frame)
    assert not any(n.startswith("event:") for n in without_events)
    before = frame.evaluate("window.citygraph.firstFrame")
    sidebar.locator("[data-testid='stMultiSelect']").first.locator("input").click()
    visit.page.keyboard.type("Event")
    visit.page.keyboard.press("Enter")
    visit.page.keyboard.press("Escape")
    _, back = drawn_graph(redrawn(visit, before))
    assert back == first


def test_a_click_opens_the_nodes_detail_beside_the_drawing(
    samples: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(samples.url)
    g, _ = drawn_graph(frame)
    city = max((n for n in g if g.nodes[n]["kind"] == "City"), key=g.degree)
    click_node(visit, frame, city)
    heading = visit.page.locator("[data-testid='stMain'] h4")
    heading.first.wait_for(timeout=30000)
    visit.page.get_by_text("Connected to").wait_for(timeout=30000)  # the panel's last part
    name = heading.first.inner_text()
    text = app_text(visit)
    assert "City in " in text and "Stated in:" in text and "Connected to" in text
    assert frame.evaluate("window.citygraph.selected") == city
    # the city and its neighbours stand out; the rest are dimmed
    assert set(frame.evaluate("window.citygraph.highlighted")) == {city, *g[city]}
    # the detail sits beside the drawing, not below it
    panel = heading.first.bounding_box()
    drawing = frame.frame_element().bounding_box()
    assert panel and drawing
    assert panel["x"] > drawing["x"] + drawing["width"] - 5 and panel["y"] < drawing["y"] + 300
    assert name and name in text


def test_double_click_opens_the_neighbourhood_and_two_selections_offer_the_path(
    samples: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(samples.url)
    g, _ = drawn_graph(frame)
    city = max((n for n in g if g.nodes[n]["kind"] == "City"), key=g.degree)
    before = frame.evaluate("window.citygraph.firstFrame")
    click_node(visit, frame, city, double=True)
    frame = redrawn(visit, before)
    opened, _ = drawn_graph(frame)
    assert opened.number_of_nodes() > g.number_of_nodes()
    assert any(opened.nodes[n]["kind"] == "Country" for n in opened[city])  # its country
    # select a far city, then the first one again: the path between them is offered
    far = next(
        n
        for n in sorted(opened)
        if opened.nodes[n]["kind"] == "City"
        and n in nx.node_connected_component(opened, city)
        and nx.shortest_path_length(opened, city, n) >= 3
    )
    click_node(visit, frame, far)
    visit.page.get_by_role("button", name="Path:").wait_for(timeout=30000)
    visit.page.get_by_role("button", name="Path:").click()
    visit.page.get_by_text("Path in ").wait_for(timeout=30000)
    frame = redrawn(visit, 0)

    def highlighted() -> set[str]:
        return set(frame.evaluate("window.citygraph.highlighted"))

    wait_for(visit, lambda: far in highlighted() and city in highlighted())
    assert len(highlighted()) >= 4  # the two cities and the chain between them


def test_search_lists_and_highlights_every_match_names_before_codes_typos_forgiven(
    samples: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(samples.url)
    scale = frame.evaluate("window.citygraph.network.getScale()")
    search = visit.page.get_by_label("Find in the drawing")
    search.fill("Lubin")  # Lublin, mistyped
    search.press("Enter")
    wait_for(visit, lambda: frame.evaluate("window.citygraph.selected") == "city:pl:lublin")
    assert frame.evaluate("window.citygraph.network.getScale()") > scale  # zoomed to it
    assert "1 match" in app_text(visit)
    # "heat": every practice on heat is highlighted, and Austria (code AT) is not a match
    search.fill("heat")
    search.press("Enter")
    captions = frame.evaluate(
        "Object.fromEntries(window.citygraph.nodes.get().map(n => [n.id, n.caption]))"
    )
    heat = {i for i, c in captions.items() if "heat" in c.casefold()}
    assert len(heat) >= 3
    wait_for(visit, lambda: heat <= set(frame.evaluate("window.citygraph.highlighted")))
    visit.page.wait_for_timeout(500)
    labelled = {label["id"] for label in frame.evaluate(LABELS)}
    in_view = set(frame.evaluate(IN_VIEW))
    assert frame.evaluate("window.citygraph.selected") in heat & labelled  # zoomed to the best
    assert heat & in_view <= labelled  # the matches on screen carry labels
    text = app_text(visit)
    assert "Austria" not in text and f"{len(heat) + 1} matches" in text  # + the heat topic
    search.fill("Qwxyzzy")
    search.press("Enter")
    visit.page.get_by_text("No match for").wait_for(timeout=30000)


def test_the_wheel_scrolls_the_page_and_ctrl_wheel_zooms(samples: Dashboard, visit: Visit) -> None:
    frame = visit.network_frame(samples.url)
    box = frame.frame_element().bounding_box()
    assert box
    main = "document.querySelector('[data-testid=\"stMain\"]').scrollTop"
    scale = frame.evaluate("window.citygraph.network.getScale()")
    top = visit.page.evaluate(main)
    visit.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 200)
    visit.page.mouse.wheel(0, 300)
    visit.page.wait_for_timeout(600)
    assert visit.page.evaluate(main) > top  # the page moved
    assert frame.evaluate("window.citygraph.network.getScale()") == scale  # the drawing did not
    box = frame.frame_element().bounding_box()
    assert box
    visit.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 300)
    visit.page.keyboard.down("Control")
    visit.page.mouse.wheel(0, -300)
    visit.page.keyboard.up("Control")
    visit.page.wait_for_timeout(600)
    assert frame.evaluate("window.citygraph.network.getScale()") > scale


def test_tooltips_are_words(samples: Dashboard, visit: Visit) -> None:
    frame = visit.network_frame(samples.url)
    title = frame.evaluate("window.citygraph.nodes.get('city:pl:lublin').title")
    assert title.startswith("Lublin\nCity in Poland · ")
    assert "geonameid" not in title and "lat" not in title
