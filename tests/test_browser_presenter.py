"""Presenter mode on the real development recaps, in a real browser: no person's name in
any view's text, any drawing, any download or the address bar.

The recaps are read from the shared folder beside the repository at test time (they are
third-party text, so the repository holds none of it) and loaded as `citygraph load`
would; the test is skipped where that folder is absent.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from browser_fixtures import Visit
from chromium import CHROMIUM
from dashboard_fixtures import Dashboard, write

from graph.core.model import Label, slug
from graph.read.analysis.peers import find_peers
from graph.read.anonymise import Mask, person_names
from graph.render.picture import captions_drawn
from graph.store.base import WHOLE_GRAPH
from graph.store.memory import MemoryStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
RECAPS = next(
    (
        p / "shared" / "data" / "recaps-dev"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "data" / "recaps-dev").is_dir()
    ),
    None,
)
if RECAPS is None or not Path(CHROMIUM).exists():
    pytest.skip("needs ../shared/data/recaps-dev and Chromium", allow_module_level=True)

# Each view, and the downloads it offers (the Network view: GraphML, GEXF, CSV, PNG, HTML).
VIEWS = {"network": 5, "practices": 1, "city": 0, "sources": 0, "peers": 2, "metrics": 1}
# What each view shows once it has run to its end (the test reads a finished page).
DONE = {
    "network": "Connected to",
    "practices": "practices (the sidebar",
    "city": "Ego network",
    "sources": "sources loaded",
    "peers": "peers of",
    "metrics": "How are two cities connected?",
}


@pytest.fixture(scope="module")
def recaps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    from loaders import read_paths

    assert RECAPS is not None  # the module skips without them
    folder = tmp_path_factory.mktemp("recaps-dev")
    records, _ = read_paths(sorted(RECAPS.glob("*.txt")))
    path = write(
        folder / "graph.json", list(records.nodes.values()), list(records.relations.values())
    )
    app = Dashboard(path, folder / "streamlit.log")
    yield app
    app.stop()


def forbidden(graph_file: Path) -> list[str]:
    """Every person's name, and the same as it is spelt in ids and file names."""
    graph = MemoryStore.open(graph_file).graph
    names = sorted(set(person_names(graph)))
    assert len(names) >= 20, "the recaps name people"
    return [*names, *(slug(n) for n in names)]


def leaks(texts: dict[str, str], names: list[str]) -> list[tuple[str, str]]:
    folded = {where: unquote(text).casefold() for where, text in texts.items()}
    return [(n, where) for n in names for where, t in folded.items() if n.casefold() in t]


def downloads(v: Visit, where: str) -> dict[str, str]:
    """Click every download button on the page; each file's text (zips: every member; a
    PNG: the captions it was drawn with, which it lists in its text, since pixels cannot
    be searched)."""
    files = {}
    buttons = v.page.locator("[data-testid='stDownloadButton'] button")
    for i in range(buttons.count()):
        button = buttons.nth(i)
        label = button.inner_text()
        with v.page.expect_download(timeout=60000) as info:
            button.click()
        data = Path(info.value.path()).read_bytes()
        if data[:8] == b"\x89PNG\r\n\x1a\n":
            data = "\n".join(captions_drawn(data)).encode("utf-8")
        elif data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                data = b"\n".join(zf.read(n) for n in zf.namelist())
        files[f"{where}: {label}"] = data.decode("utf-8", errors="replace")
    return files


def settled(v: Visit, url: str, *, buttons: int, done: str) -> None:
    """Open ``url`` and wait until the app has finished the view: ``done`` is shown, its
    ``buttons`` downloads are there, and it runs no more."""
    v.page.goto(url)
    v.page.wait_for_selector("[data-testid='stMainBlockContainer']")
    v.page.get_by_text(done).first.wait_for(timeout=90_000)
    found = v.page.locator("[data-testid='stDownloadButton'] button")
    for _ in range(180):
        if found.count() >= buttons:
            break
        v.page.wait_for_timeout(500)
    v.settled(quiet_ms=1000)


def page_texts(v: Visit, where: str) -> dict[str, str]:
    texts = {f"{where}: page": v.page.inner_text("body"), f"{where}: url": v.page.url}
    for number, frame in enumerate(v.page.frames[1:]):
        try:
            texts[f"{where}: frame {number}"] = frame.content()
        except Exception:  # a frame navigating away
            continue
    return texts


def test_presenter_mode_leaks_no_name_anywhere(
    recaps: Dashboard,
    visit: Visit,
) -> None:
    names = forbidden(recaps.graph_file)
    graph = MemoryStore.open(recaps.graph_file).graph
    mask = Mask.of(graph)
    shown = mask.apply(graph)
    person = next(n for n, a in shown.nodes(data=True) if a["label"] == Label.PERSON)
    # a city whose people presented practices, so its profile and peers name people
    city = max(
        (n for n, a in graph.nodes(data=True) if a["label"] == Label.CITY),
        key=lambda c: sum(1 for p, _ in graph.in_edges(c) if p.startswith("person:")),
    )
    # the city with most peers, for the Peer finder
    whole = MemoryStore.open(recaps.graph_file).select(WHOLE_GRAPH)
    peered = max(
        (n for n, a in graph.nodes(data=True) if a["label"] == Label.CITY),
        key=lambda c: (len(find_peers(whole, city=c).peers), c),
    )
    texts: dict[str, str] = {}
    files: dict[str, str] = {}
    for view, buttons in VIEWS.items():
        params = f"?presenter=1&tab={view}&labels=&city={mask.public_id(city)}"
        if view == "network":
            params += f"&node={person}"
        if view == "peers":
            params = f"?presenter=1&tab=peers&city={mask.public_id(peered)}"
        settled(visit, recaps.url + params, buttons=buttons, done=DONE[view])
        texts.update(page_texts(visit, view))
        files.update(downloads(visit, view))
    assert "Speaker" in " ".join(texts.values())
    # the downloads really are there: the drawing's four, the tables' CSV, the peers'
    offered = {view: sum(k.startswith(f"{view}:") for k in files) for view in VIEWS}
    assert offered == VIEWS
    gexf = next(v for k, v in files.items() if "GEXF" in k)
    assert 'label="Speaker"' in gexf
    png = next(v for k, v in files.items() if "PNG" in k)
    assert png.strip()  # the picture is labelled (from the masked captions, searched below)
    assert re.search(r"node=person:[0-9a-f]{12}", unquote(texts["network: url"]))
    assert leaks(texts, names) == []
    assert leaks(files, names) == []
    # ...and without presenter mode the same pages do show the names (the test can fail)
    settled(visit, recaps.url + "?tab=practices", buttons=1, done=DONE["practices"])
    plain = {"practices": visit.page.inner_text("body")}
    plain.update(downloads(visit, "practices"))
    assert leaks(plain, names)
