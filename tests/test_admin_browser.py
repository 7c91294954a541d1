"""The admin page in a real browser: hostile uploads stall nobody, odd names load safely."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser_fixtures import Visit
from dashboard_fixtures import Dashboard, synthetic_graph
from test_hostile_inputs import alias_bomb

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FilePayload, Page

pytestmark = pytest.mark.browser
PASSWORD = "s3cret-admin"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """One served dashboard with an admin password for this module's tests (each signs
    in on a page of its own; none takes away what another looks for)."""
    folder = tmp_path_factory.mktemp("admin")
    app = Dashboard(
        synthetic_graph(folder / "graph.json", events=60),
        folder / "log",
        env={"CITYGRAPH_ADMIN_PASSWORD": PASSWORD},
    )
    yield app
    app.stop()


def open_admin(visit: Visit, url: str) -> Page:
    page = visit.page
    page.goto(url + "?tab=load")
    password = page.get_by_label("Admin password")
    password.wait_for(timeout=60_000)
    password.fill(PASSWORD)
    password.press("Enter")
    page.locator('input[type="file"]').wait_for(state="attached", timeout=60_000)
    return page


def upload(page: Page, files: list[tuple[str, bytes]]) -> None:
    payload: list[FilePayload] = [
        {"name": name, "mimeType": "text/plain", "buffer": content} for name, content in files
    ]
    page.locator('input[type="file"]').set_input_files(payload)


def wait_for_text(page: Page, text: str, *, seconds: float = 90) -> None:
    for _ in range(int(seconds * 5)):
        if text in page.inner_text("body"):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{text!r} not shown within {seconds} s")


def test_an_alias_bomb_upload_does_not_stop_another_user_drawing(
    dashboard: Dashboard, browser: Browser
) -> None:
    admin, other = Visit(browser), Visit(browser)
    try:
        page = open_admin(admin, dashboard.url)
        upload(page, [("network.yaml", alias_bomb().encode())])
        frame = other.network_frame(dashboard.url)  # while the upload is being read
        assert frame.evaluate("window.citygraph.nodes.getIds().length") > 0
        wait_for_text(page, "Nothing was loaded")
        shown = page.inner_text("body")
        assert "upload network.yaml:1" in shown and "alias" in shown
        assert "Traceback" not in shown
    finally:
        admin.close()
        other.close()
    events = {n["id"] for n in json.loads(dashboard.graph_file.read_text())["nodes"]}
    assert not any("lol" in e for e in events)  # nothing of it was loaded


def test_two_uploads_with_one_name_and_a_dot_dot_name_all_load(
    dashboard: Dashboard, browser: Browser
) -> None:
    visit = Visit(browser)
    try:
        page = open_admin(visit, dashboard.url)
        upload(
            page,
            [
                ("events.csv", b"title,date\nUpload exchange one,2024-05-02\n"),
                ("events.csv", b"title,date\nUpload exchange two,2024-05-03\n"),
                ("..csv", b"name,country\nTartu,Estonia\n"),
            ],
        )
        page.get_by_role("button", name="Load into the graph").click(timeout=90_000)
        wait_for_text(page, "Loaded")
    finally:
        visit.close()
    data = json.loads(dashboard.graph_file.read_text(encoding="utf-8"))
    titles = {n.get("title") for n in data["nodes"]}
    assert {"Upload exchange one", "Upload exchange two"} <= titles
    paths = {n.get("path") for n in data["nodes"] if n["label"] == "Source"}
    assert {"upload events.csv", "upload ..csv"} <= paths  # as uploaded, no temporary path


def test_the_admin_uploads_a_scenes_file_and_hears_what_was_left_out(
    dashboard: Dashboard, browser: Browser
) -> None:
    from graph.core.scenes import Scene, scenes_json

    visit = Visit(browser)
    try:
        page = open_admin(visit, dashboard.url)
        # the Scenes view in the same session (a new page would be another session)
        page.get_by_test_id("stRadioGroup").get_by_text("Scenes", exact=True).click()
        page.get_by_text("Import scenes from a file").click()
        scenes_file = scenes_json(
            [Scene("Gone", "node=city%3Axx%3Aatlantis&hops=2"), Scene("<b>Two</b>", "hops=2")]
        )
        page.locator('input[type="file"]').set_input_files(
            {"name": "citygraph-scenes.json", "mimeType": "application/json", "buffer": scenes_file}
        )
        wait_for_text(page, "Added 2 scene(s); left out: scene 1 (Gone): node=city:xx:atlantis")
        assert "Traceback" not in page.inner_text("body")
    finally:
        visit.close()
    kept = json.loads(dashboard.graph_file.with_suffix(".scenes.json").read_text("utf-8"))
    assert [(s["name"], s["view"]) for s in kept["scenes"]][-2:] == [
        ("Gone", "hops=2"),
        ("<b>Two</b>", "hops=2"),
    ]
