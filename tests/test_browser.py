"""The dashboard in a real browser: Debian's Chromium driven by Playwright, with every
request that is not to this machine blocked and recorded (the shared fixtures are in
tests/browser_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_fixtures import Visit
from dashboard_fixtures import RECAP_PEOPLE, Dashboard

from graph.core.settings import Settings
from graph.store import open_store
from graph.ui.viewstate import ViewState

pytestmark = pytest.mark.browser

__all__ = ["Dashboard", "Visit"]  # for the other browser test modules

# A node's place in the frame: canvas coordinates -> the canvas box -> the frame.
WHERE_IN_FRAME = """id => {
  const net = window.citygraph.network;
  const p = net.canvasToDOM(net.getPosition(id));
  const box = document.getElementById("cg-network").getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""


def expected_nodes(graph_file: Path, state: ViewState) -> set[str]:
    """What the Network view draws: the store's subgraph without nodes that have no
    relation in it (unless none has one)."""
    store = open_store(Settings.from_env({"CITYGRAPH_GRAPH_FILE": str(graph_file)}))
    graph = store.select(state.query()).graph
    related = {n for n in graph if graph.degree(n) > 0}
    return related or set(graph.nodes)


def test_network_draws_every_node_and_fetches_nothing_outside(
    synthetic: Dashboard, visit: Visit
) -> None:
    frame = visit.network_frame(synthetic.url)
    drawn = set(frame.evaluate("window.citygraph.nodes.getIds()"))
    assert drawn == expected_nodes(synthetic.graph_file, ViewState())
    # vis-network really placed them on its canvas
    placed = frame.evaluate("Object.keys(window.citygraph.network.getPositions()).length")
    assert placed == len(drawn)
    visit.page.wait_for_timeout(1500)  # let late requests (telemetry, fonts) show up
    assert visit.outside == []


def test_a_filter_link_draws_the_filtered_view(synthetic: Dashboard, visit: Visit) -> None:
    state = ViewState(labels=("City", "Practice", "Event"), date_from=None, limit=40)
    query = "&".join(f"{k}={v}" for k, v in state.to_params().items())
    frame = visit.network_frame(f"{synthetic.url}?{query}")
    drawn = set(frame.evaluate("window.citygraph.nodes.getIds()"))
    assert drawn == expected_nodes(synthetic.graph_file, state) and len(drawn) == 40
    assert visit.outside == []


def test_hovering_planted_markup_runs_no_script(planted: Dashboard, visit: Visit) -> None:
    frame = visit.network_frame(planted.url + "?labels=")  # every kind of node
    ids = frame.evaluate("window.citygraph.nodes.getIds()")
    assert set(ids) == expected_nodes(planted.graph_file, ViewState(labels=()))
    frame.frame_element().scroll_into_view_if_needed()
    box = frame.frame_element().bounding_box()
    assert box is not None
    shown = []
    for node_id in ids:
        point = frame.evaluate(WHERE_IN_FRAME, node_id)
        visit.page.mouse.move(box["x"] + point["x"] + 30, box["y"] + point["y"] + 30)
        visit.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=3)
        frame.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        shown.append(frame.evaluate("document.querySelector('div.vis-tooltip').innerText"))
    # the markup shows as characters: the event, the practices, the organisation
    for planted_text in (
        "<script>window.__pwned=2</script>",
        '<img src=y onerror="window.__pwned=3;alert(3)">',
        '<svg onload="window.__pwned=4;alert(4)">',
        '<b onmouseover="alert(3)">x</b>',
    ):
        assert any(planted_text in text for text in shown), planted_text
    assert frame.evaluate("document.querySelectorAll('img').length") == 0
    assert frame.evaluate("window.__pwned") is None
    assert visit.page.evaluate("window.__pwned") is None
    assert visit.dialogs == []
    assert visit.outside == []


def test_presenter_mode_shows_no_person_name(planted: Dashboard, visit: Visit) -> None:
    person = next(
        i
        for i in expected_nodes(planted.graph_file, ViewState(labels=()))
        if i.startswith("person:")
    )
    frame = visit.network_frame(planted.url + f"?labels=&presenter=1&node={person}")
    visit.page.wait_for_timeout(500)
    # The drawing's data arrives by message, not in the frame's HTML: read what it holds.
    drawn = frame.evaluate(
        "JSON.stringify(window.citygraph.nodes.get().map(n => [n.id, n.caption, n.label, n.title]))"
    )
    texts = [
        visit.page.inner_text("body"),
        drawn,
        frame.content(),
        *(f.content() for f in visit.page.frames),
    ]
    for view in ("practices", "city", "sources"):
        visit.page.goto(f"{planted.url}?presenter=1&tab={view}")
        visit.page.wait_for_selector("[data-testid='stMainBlockContainer']")
        visit.page.wait_for_timeout(2500)
        texts.append(visit.page.inner_text("body"))
    assert "Speaker" in "".join(texts)
    assert not any(name in text for text in texts for name in RECAP_PEOPLE)
