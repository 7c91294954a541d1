"""Scenes in a real browser: three views saved under names, presented full screen and
stepped through with the arrow keys, forward and back, in presenter mode with no person's
name anywhere; kept beside the graph file, so a restarted server presents them again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_fixtures import Visit
from dashboard_fixtures import Dashboard, samples_graph

from graph.read.anonymise import person_names
from graph.store.memory import MemoryStore

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

VIEWS = (
    ("E-governance", "?topics=topic:e-governance"),
    ("{person}'s city", "?node=city:ee:tartu&labels="),
    ("Estonia's practices", "?tab=practices&countries=EE"),
)


# How far the node is from the drawing's centre (CSS px), and the zoom.
ZOOMED_ON = """id => {
  const net = window.citygraph.network;
  const p = net.canvasToDOM(net.getPosition(id));
  const box = document.getElementById("cg-network");
  return {scale: net.getScale(),
          off: Math.hypot(p.x - box.clientWidth / 2, p.y - box.clientHeight / 2)};
}"""


def params(visit: Visit) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(visit.page.url).query).items()}


def wait_for_param(visit: Visit, key: str, value: str) -> None:
    for _ in range(200):
        if params(visit).get(key) == value:
            return
        visit.page.wait_for_timeout(150)
    raise AssertionError(f"{key}={value} not in {visit.page.url}")


def texts(visit: Visit) -> str:
    parts = [visit.page.inner_text("body"), visit.page.url]
    for frame in visit.page.frames[1:]:
        try:
            parts.append(frame.content())
        except Exception:  # a frame navigating away
            continue
    return "\n".join(parts)


def step(visit: Visit, key: str) -> None:
    visit.page.locator("[data-testid='stMain']").click(position={"x": 5, "y": 5})
    visit.page.keyboard.press(key)


def test_three_scenes_play_forward_and_back_survive_a_restart_and_name_nobody(
    browser: Browser, tmp_path: Path
) -> None:
    graph_file = samples_graph(tmp_path / "graph.json")
    people = sorted(person_names(MemoryStore.open(graph_file).graph))
    person = people[0]
    app = Dashboard(graph_file, tmp_path / "first.log")
    visit = Visit(browser, width=1920, height=1080)
    try:
        for number, (name, query) in enumerate(VIEWS, 1):
            visit.page.goto(app.url + query)
            visit.settled()
            sidebar = visit.page.locator("[data-testid='stSidebar']")
            sidebar.get_by_label("Scene name").fill(name.format(person=person))
            sidebar.get_by_role("button", name="Save this view as a scene").click()
            sidebar.get_by_text(f"Saved scene {number}").wait_for(timeout=30_000)
        kept = json.loads((tmp_path / "graph.scenes.json").read_text("utf-8"))["scenes"]
        assert [s["name"] for s in kept] == [n.format(person=person) for n, _ in VIEWS]
        # present them: full screen, presenter mode, the arrow keys step
        visit.page.goto(app.url + "?tab=scenes")
        visit.page.get_by_role("button", name="Present the 3 scenes").click()
        wait_for_param(visit, "scene", "1")
        assert params(visit)["topics"] == "topic:e-governance" and params(visit)["presenter"] == "1"
        visit.settled()
        assert not visit.page.locator("[data-testid='stSidebar']").is_visible()
        seen = [texts(visit)]
        for key, shown in (("ArrowRight", "2"), ("ArrowRight", "3"), ("ArrowLeft", "2")):
            step(visit, key)
            wait_for_param(visit, "scene", shown)
            visit.settled()
            seen.append(texts(visit))
        assert "Scene 2 of 3" in seen[-1] and "Speaker's city" in seen[-1]
        assert params(visit).get("node", "").startswith("city:ee:tartu")
        # Scene 2 selects Tartu and keeps no camera: it opens zoomed to Tartu (as picking
        # it in the search would), not on the whole network with Tartu somewhere in it.
        for _ in range(100):  # the zoom is reported, and kept in the address
            if "camera" in params(visit):
                break
            visit.page.wait_for_timeout(150)
        frame = visit.drawn_frame()
        shown = frame.evaluate(ZOOMED_ON, params(visit)["node"])
        assert shown["scale"] >= 1 and shown["off"] < 5, shown
        assert not [n for n in people if any(n in text for text in seen)]
    finally:
        app.stop()
    # a restarted server presents the same scenes from their link
    again = Dashboard(graph_file, tmp_path / "second.log")
    try:
        visit.page.goto(again.url + "?scene=3&presenter=1")
        wait_for_param(visit, "tab", "practices")
        visit.settled()
        assert "Scene 3 of 3" in visit.page.inner_text("body")
        assert params(visit)["countries"] == "EE"
    finally:
        visit.close()
        again.stop()
