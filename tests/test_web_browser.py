"""A page loaded from the web, as a reader sees it in the dashboard: the Sources view and
a node's provenance link to the page (a real link, a new tab, rel="noopener")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_fixtures import Visit
from dashboard_fixtures import Dashboard, write

from graph.core.model import Label, Node, Relation, RelType

pytestmark = pytest.mark.browser

URL = "https://recaps.city-network.example/en/news/water-in-the-city.html?lang=en&a=1"


def web_graph(path: Path) -> Path:
    source = Node(
        id="source:0123456789abcdef",
        label=Label.SOURCE,
        properties={
            "url": URL,
            "sha256": "0" * 64,
            "kind": "recap",
            "fetched_at": "2026-12-01T10:00:00+00:00",
            "loaded_at": "2026-12-01T10:05:00+00:00",
        },
    )
    event = Node(
        id="event:2024-05-14:water-in-the-city",
        label=Label.EVENT,
        properties={"title": "Water in the city", "date": "2024-05-14"},
        sources=(source.id,),
    )
    describes = Relation(
        start=source.id, type=RelType.DESCRIBES, end=event.id, sources=(source.id,)
    )
    return write(path, [source, event], [describes])


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    folder = tmp_path_factory.mktemp("web")
    app = Dashboard(web_graph(folder / "graph.json"), folder / "streamlit.log")
    yield app
    app.stop()


def link_to(visit: Visit, url: str) -> dict[str, str]:
    selector = f'a[href="{url}"]'
    visit.page.wait_for_selector(selector, timeout=60_000)
    return visit.page.eval_on_selector(
        selector, "a => ({target: a.target, rel: a.rel, text: a.textContent})"
    )


def test_the_sources_view_links_to_the_page(dashboard: Dashboard, visit: Visit) -> None:
    visit.page.goto(dashboard.url + "?tab=sources")
    link = link_to(visit, URL)
    assert link["target"] == "_blank"
    assert "noopener" in link["rel"].split()
    assert link["text"] == URL
    assert visit.outside == []  # the link is shown, not followed


def test_a_facts_provenance_links_to_the_page(dashboard: Dashboard, visit: Visit) -> None:
    visit.page.goto(dashboard.url + "?labels=Event&node=event:2024-05-14:water-in-the-city")
    link = link_to(visit, URL)
    assert link["target"] == "_blank" and "noopener" in link["rel"].split()
    assert visit.outside == []
