"""The standalone drawing under the hand, in Debian's Chromium: labels are painted where
the page says, and a big drawing follows a drag or a zoom with quick frames (the last full
frame moved or scaled) before the full frame comes back.

"Big" means a full frame slower than the page's threshold; the tests set it to 0 ms
(``window.citygraphQuickAfterMs``) so a small graph behaves as 5,000 nodes do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import networkx as nx
import pytest

from graph.render.html import network_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# How many dark pixels each label placed on screen has in its box.
LABEL_PIXELS = """() => {
  const c = window.citygraph, net = c.network;
  const canvas = document.querySelector("#cg-network canvas");
  const ratio = canvas.width / canvas.clientWidth, ctx = canvas.getContext("2d");
  return c.labels().map(l => {
    const a = net.canvasToDOM({x: l.box.left, y: l.box.top});
    const b = net.canvasToDOM({x: l.box.left + l.box.width, y: l.box.top + l.box.height});
    const data = ctx.getImageData(a.x * ratio, a.y * ratio,
      Math.max((b.x - a.x) * ratio, 1), Math.max((b.y - a.y) * ratio, 1)).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && data[i] < 90 && data[i + 1] < 90 && data[i + 2] < 90) dark++;
    }
    const seen = a.x >= 0 && a.y >= 0 && b.x <= canvas.clientWidth && b.y <= canvas.clientHeight;
    return {id: l.id, text: l.text, dark: dark, seen: seen};
  }).filter(l => l.seen);
}"""

# The colour of the canvas at a node's place on screen (CSS px inside the canvas).
PIXEL_AT = """([x, y]) => {
  const canvas = document.querySelector("#cg-network canvas");
  const ratio = canvas.width / canvas.clientWidth;
  return Array.from(canvas.getContext("2d").getImageData(x * ratio, y * ratio, 1, 1).data);
}"""

NODE_ON_SCREEN = """id => window.citygraph.network.canvasToDOM(
  window.citygraph.network.getPosition(id))"""


def graph_with_names() -> nx.Graph:
    g = nx.Graph()
    cities = ["Tartu", "Leipzig", "Gdańsk", "Malmö", "Porto", "Ghent", "Turku", "Brno"]
    for i, name in enumerate(cities):
        g.add_node(f"city:{i}", label="City", name=name)
    for i in range(len(cities)):
        g.add_edge(f"city:{i}", f"city:{(i + 1) % len(cities)}")
        g.add_edge(f"city:{i}", f"city:{(i + 3) % len(cities)}")
    return g


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    quick_after = getattr(request, "param", None)
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    if quick_after is not None:
        context.add_init_script(f"window.citygraphQuickAfterMs = {quick_after};")
    page = context.new_page()
    page.set_content(network_html(graph_with_names(), title="gestures"))
    page.wait_for_function("window.citygraph && window.citygraph.firstFrame")
    page.wait_for_timeout(300)
    yield page
    context.close()


def wait_until(page: Page, script: str, timeout_ms: int = 10_000) -> None:
    page.wait_for_function(script, polling=20, timeout=timeout_ms)


def test_every_label_the_page_places_is_painted_in_its_place(page: Page) -> None:
    labels = page.evaluate(LABEL_PIXELS)
    assert {label["text"] for label in labels} >= {"Tartu", "Leipzig", "Malmö"}
    assert all(label["dark"] > 10 for label in labels), labels


@pytest.mark.parametrize("page", [0], indirect=True)
def test_a_big_drawing_zooms_at_once_in_a_quick_frame_then_draws_in_full(page: Page) -> None:
    scale = page.evaluate("window.citygraph.network.getScale()")
    # Shown at once (the next screen refresh), scaled from the last frame; the full frame
    # follows once the gesture pauses (35 ms without a step).
    shown = page.evaluate(
        """() => new Promise(done => {
          const c = window.citygraph, before = c.frames;
          document.getElementById("cg-zoom-in").click();
          requestAnimationFrame(() => done({quick: c.quick(), frames: c.frames - before}));
        })"""
    )
    assert shown == {"quick": True, "frames": 1}
    wait_until(page, "!window.citygraph.quick()")
    assert page.evaluate("window.citygraph.network.getScale()") == pytest.approx(scale * 1.5)
    page.wait_for_timeout(300)
    assert page.evaluate(LABEL_PIXELS)
    assert all(label["dark"] > 10 for label in page.evaluate(LABEL_PIXELS))


@pytest.mark.parametrize("page", [0], indirect=True)
def test_while_a_big_drawing_is_dragged_its_nodes_move_with_the_hand(page: Page) -> None:
    box = page.locator("#cg-network").bounding_box()
    assert box is not None
    start = page.evaluate(NODE_ON_SCREEN, "city:0")
    colour = page.evaluate(PIXEL_AT, [start["x"], start["y"]])
    assert colour[:3] != [255, 255, 255]
    # Press on an empty spot (a press on a node would drag the node).
    spot = next(
        (x, y)
        for x in range(20, int(box["width"]), 15)
        for y in range(60, int(box["height"]), 15)
        if not page.evaluate(f"window.citygraph.network.getNodeAt({{x: {x}, y: {y}}})")
    )
    page.mouse.move(box["x"] + spot[0], box["y"] + spot[1])
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + spot[0] + 6 * step, box["y"] + spot[1] + 4 * step)
    # Mid-drag: a quick frame, with the node's colour where the node now is.
    assert page.evaluate("window.citygraph.quick()") is True
    page.wait_for_timeout(60)
    moved = page.evaluate(NODE_ON_SCREEN, "city:0")
    assert (moved["x"] - start["x"], moved["y"] - start["y"]) == pytest.approx((60, 40), abs=2)
    assert page.evaluate(PIXEL_AT, [moved["x"], moved["y"]]) == colour
    page.mouse.up()
    wait_until(page, "!window.citygraph.quick()")
    page.wait_for_timeout(300)
    assert page.evaluate(PIXEL_AT, [moved["x"], moved["y"]]) == colour
    assert page.evaluate(LABEL_PIXELS)
    assert all(label["dark"] > 10 for label in page.evaluate(LABEL_PIXELS))


def test_a_small_drawing_zooms_in_full_frames(page: Page) -> None:
    scale = page.evaluate("window.citygraph.network.getScale()")
    page.click("#cg-zoom-in")
    assert page.evaluate("window.citygraph.quick()") is False
    assert page.evaluate("window.citygraph.network.getScale()") == pytest.approx(scale * 1.5)
