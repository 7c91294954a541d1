"""Reads shared by every session and kept beside the graph file: a selection is the store's
data (never a copy that could go stale, nor a graph a later change could alter), a cached
result equals the one computed afresh on either store, the disk's copy is the current
graph's or is made again, and presenter mode's results are the normal ones masked."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import EGOV, LA_PAZ, TARTU, nodes, relations

from graph.core.model import Label, Node, Relation, RelType
from graph.read.analysis.citymap import city_map, masked_city_map
from graph.read.analysis.metrics import Metrics, compute_metrics, masked_metrics
from graph.read.analysis.periods import Activity, activity
from graph.read.tables import PracticeRow, practice_rows
from graph.store.base import WHOLE_GRAPH, GraphStore, Selection, SubgraphQuery
from graph.store.memory import MemoryStore
from graph.ui import store_access

ROOT = Path(__file__).resolve().parents[1]

LYON = "city:fr:lyon"


def filled() -> MemoryStore:
    store = MemoryStore()
    store.upsert(nodes(), relations())
    return store


def lyon() -> tuple[list[Node], list[Relation]]:
    node = Node(id=LYON, label=Label.CITY, properties={"name": "Lyon", "country_code": "FR"})
    country = Node(id="country:fr", label=Label.COUNTRY, properties={"code": "FR"})
    return [node, country], [Relation(start=LYON, type=RelType.IN, end="country:fr")]


def test_a_selection_stays_as_it_was_when_the_store_changes_after() -> None:
    store = filled()
    whole = store.select(WHOLE_GRAPH).graph
    cities = store.select(SubgraphQuery(labels=frozenset({Label.CITY}), limit=None)).graph
    before = (dict(whole.nodes(data=True)), sorted(whole.edges(keys=True)), set(cities))
    tartu = dict(whole.nodes[TARTU])
    added_nodes, added_relations = lyon()
    tartu_again = Node(id=TARTU, label=Label.CITY, properties={"name": "Tartu", "lat": 1.5})
    store.upsert([*added_nodes, tartu_again], added_relations)
    assert (dict(whole.nodes(data=True)), sorted(whole.edges(keys=True)), set(cities)) == before
    assert whole.nodes[TARTU] == tartu
    # the store itself moved on
    now = store.select(WHOLE_GRAPH).graph
    assert LYON in now and now.nodes[TARTU]["lat"] == 1.5


def test_a_filtered_selection_keeps_its_relations_when_the_store_adds_more() -> None:
    store = filled()
    chosen = store.select(SubgraphQuery(topics=frozenset({EGOV}), limit=None)).graph
    practice = next(n for n in chosen if n.startswith("practice:"))
    before = sorted(chosen.edges(keys=True))
    new_topic = Node(id="topic:new", label=Label.TOPIC, properties={"name": "New"})
    store.upsert([new_topic], [Relation(start=practice, type=RelType.ABOUT, end="topic:new")])
    assert sorted(chosen.edges(keys=True)) == before  # it shares the store's dicts, unchanged
    assert "topic:new" in store.select(WHOLE_GRAPH).graph.succ[practice]


def test_selections_are_read_only() -> None:
    store = filled()
    for query in (WHOLE_GRAPH, SubgraphQuery(labels=frozenset({Label.CITY}), limit=None)):
        graph = store.select(query).graph
        with pytest.raises(nx.NetworkXError):
            graph.add_node("city:xx:new")
        with pytest.raises(nx.NetworkXError):
            graph.remove_node(TARTU)


def named_graph() -> nx.MultiDiGraph:
    """The contract graph with names where presenter mode must find them: a practice title,
    a relation's property, a source's path and its id."""
    store = filled()
    extra = [
        Node(
            id="practice:tamm-s-bikes",
            label=Label.PRACTICE,
            properties={"title": "Bikes by Raimond Tamm", "summary": "Tamm's idea"},
            sources=("source:raimond-tamm-notes",),
        ),
        Node(
            id="source:raimond-tamm-notes",
            label=Label.SOURCE,
            properties={"path": "notes/raimond-tamm.txt"},
        ),
    ]
    links = [
        Relation(start=TARTU, type=RelType.SHARED, end="practice:tamm-s-bikes"),
        Relation(
            start="person:raimond-tamm",
            type=RelType.SPOKE_AT,
            end="event:2021-03-12:covid-governance",
            properties={"role": "guest of Roberto Flores"},
            sources=("source:raimond-tamm-notes",),
        ),
    ]
    store.upsert(extra, links)
    return store.select(WHOLE_GRAPH).graph


def as_compared(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    return dict(g.nodes(data=True)), {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}


def test_masked_graphs_equal_the_masks_own_copy_and_share_the_rest() -> None:
    from graph.read.anonymise import Mask
    from graph.read.masked import MaskedGraphs

    whole = named_graph()
    mask = Mask.of(whole)
    masked = MaskedGraphs.of(whole, mask)
    selection = whole.subgraph([TARTU, "practice:tamm-s-bikes", "person:raimond-tamm"])
    for graph in (whole, selection):
        shown = masked.apply(graph)
        assert as_compared(shown) == as_compared(mask.apply(graph))
        assert nx.is_frozen(shown)
    shown = masked.apply(whole)
    text = repr(as_compared(shown))
    assert "Raimond" not in text and "raimond" not in text and "Flores" not in text
    # what the mask leaves alone is the store's own dict, not a copy
    assert shown.nodes["country:ee"] is whole.nodes["country:ee"]
    assert shown.nodes[TARTU] is whole.nodes[TARTU]


# -- one set of reads per store version, for every session --------------------------------


@pytest.fixture(autouse=True)
def fresh_shared_reads() -> Iterator[None]:
    store_access._shared.clear()  # each test a new server
    yield
    store_access._shared.clear()


def metrics_of(selection: Selection) -> Metrics:
    return compute_metrics(selection, per_node=False)


def test_shared_reads_equal_the_stores_own_answers(store: GraphStore) -> None:
    store.upsert(nodes(), relations())
    store.commit()
    version = store.version()
    assert store_access.facets(store, version=version) == store.facets()
    query = SubgraphQuery(topics=frozenset({EGOV}), limit=None)
    shared = store_access.select(store, query, version=version)
    assert as_compared(shared.graph) == as_compared(store.select(query).graph)
    assert store_access.select(store, query, version=version) is shared  # made once
    made = store_access.result(store, "metrics", WHOLE_GRAPH, metrics_of, version=version)
    assert made == metrics_of(store.select(WHOLE_GRAPH))


def saved(path: Path) -> MemoryStore:
    store = MemoryStore(path=path)
    store.upsert(nodes(), relations())
    store.commit()
    return MemoryStore.open(path)


def server_restarted() -> None:
    store_access._shared.clear()


def test_results_kept_beside_the_graph_file_are_read_by_the_next_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    store = saved(path)
    graph_file = (path.read_bytes(), path.stat().st_mtime_ns)
    facets = store_access.facets(store, version=store.version())
    assert (tmp_path / ".graph.json.cache" / "facets.json").is_file()
    server_restarted()
    again = MemoryStore.open(path)

    def counted() -> None:
        raise AssertionError("the facets were counted again")

    monkeypatch.setattr(again, "facets", counted)
    assert store_access.facets(again, version=again.version()) == facets
    assert (path.read_bytes(), path.stat().st_mtime_ns) == graph_file  # reads write no graph


@pytest.mark.parametrize(
    ("damage", "notice"),
    [
        (lambda f: f.write_bytes(f.read_bytes()[:40]), "damaged cache"),
        (lambda f: f.write_text("[1, 2]"), "damaged cache"),
        (
            lambda f: f.write_text(f.read_text().replace('"graph":"', '"graph":"9')),
            "written for another version of graph.json",
        ),
    ],
    ids=["truncated", "not a cache", "another graph"],
)
def test_a_damaged_or_foreign_cache_is_said_and_made_again(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    damage: Callable[[Path], object],
    notice: str,
) -> None:
    path = tmp_path / "graph.json"
    store = saved(path)
    facets = store_access.facets(store, version=store.version())
    kept = tmp_path / ".graph.json.cache" / "facets.json"
    damage(kept)
    server_restarted()
    again = MemoryStore.open(path)
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        assert store_access.facets(again, version=again.version()) == facets
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and notice in lines[0] and str(kept) in lines[0]
    server_restarted()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        store_access.facets(MemoryStore.open(path), version=again.version())
    assert caplog.records == []  # made again and kept: the next server reads it quietly


def test_a_load_by_another_process_makes_the_results_again(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = saved(path)
    before = store_access.facets(store, version=store.version())
    assert [f.name for f in before.cities if f.id == "city:fr:lyon"] == []
    table = tmp_path / "cities.csv"
    table.write_text("name,country\nLyon,France\n", encoding="utf-8")
    env = {**os.environ, "NEO4J_URI": "", "CITYGRAPH_GRAPH_FILE": str(path)}
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli", "load", str(table), "--graph-file", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    after = store_access.facets(store, version=store.version())  # the same server, reading on
    assert "Lyon" in [f.name for f in after.cities]
    server_restarted()
    again = MemoryStore.open(path)
    assert store_access.facets(again, version=again.version()) == after  # the disk's is new too


# -- presenter mode: the normal results, masked ----------------------------------------------


def test_presenter_results_are_the_normal_ones_masked(tmp_path: Path) -> None:
    from graph.read.masked import MaskedGraphs

    whole = named_graph()
    masked = MaskedGraphs.of(whole)
    shown = masked.apply(whole)
    # what presenter mode shows (the normal result, masked) is what the same computation
    # gives on the masked graph, without computing it again
    normal = city_map(whole, limit=10)
    again = city_map(shown, limit=10)
    cheap = masked_city_map(normal, masked)
    assert as_compared(cheap.graph) == as_compared(again.graph)
    assert (cheap.cities, cheap.met, cheap.pairs, cheap.events) == (
        again.cities,
        again.met,
        again.pairs,
        again.events,
    )
    selection = Selection(graph=whole, total=whole.number_of_nodes(), truncated=False)
    shown_selection = Selection(graph=shown, total=shown.number_of_nodes(), truncated=False)
    assert masked_metrics(metrics_of(selection), masked) == metrics_of(shown_selection)
    assert "Raimond" not in repr(masked_metrics(metrics_of(selection), masked))


def test_presenter_mode_reads_the_shared_results_masked() -> None:
    store = MemoryStore()
    store.upsert(nodes(), relations())
    version = store.version()
    presented = store_access.presented(store, version=version)
    assert store_access.presented(store, version=version) is presented  # one for all sessions
    made: list[str] = []

    def metrics(selection: Selection) -> Metrics:
        made.append("once")
        return metrics_of(selection)

    normal = store_access.result(store, "metrics", WHOLE_GRAPH, metrics, version=version)
    shown = store_access.result(
        presented,
        "metrics",
        WHOLE_GRAPH,
        metrics,
        version=version,
        presenter=True,
        masked=masked_metrics,
    )
    assert made == ["once"]  # presenter mode computed nothing again
    assert shown == masked_metrics(normal, presented.masked)
    assert {r.id for r in shown.cities} == {r.id for r in normal.cities}  # cities keep ids
    assert LA_PAZ in {r.id for r in shown.cities}


def test_what_the_mask_changes_is_kept_beside_the_graph_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.read.masked import MaskedGraphs

    path = tmp_path / "graph.json"
    store = saved(path)
    first = store_access.presented(store, version=store.version())
    assert (tmp_path / ".graph.json.cache" / "presenter-mask.json").is_file()
    server_restarted()
    again = MemoryStore.open(path)

    def learnt_again(*args: object, **kwargs: object) -> MaskedGraphs:
        raise AssertionError("the mask was learnt again")

    monkeypatch.setattr(MaskedGraphs, "of", learnt_again)
    shown = store_access.presented(again, version=again.version())
    assert as_compared(shown.whole) == as_compared(first.whole)
    assert shown.search("Tamm") == [] and again.search("Tamm") != []


def test_a_drawings_years_are_read_once_per_version_and_context() -> None:
    store = filled()
    version = store.version()
    whole = store_access.select(store, WHOLE_GRAPH, version=version).graph
    cities = SubgraphQuery(labels=frozenset({Label.CITY}), limit=None)
    drawn = store_access.select(store, cities, version=version).graph

    def read(context: nx.MultiDiGraph, at: str = version) -> Activity:
        return store_access.years(store, version=at, drawing="d", drawn=drawn, context=context)

    found = read(whole)
    assert found == activity(drawn, whole)
    assert found.years == [2021, 2022, 2023] and TARTU in found.span
    assert read(whole) is found  # the next rerun (or session) reads it again for nothing
    # Read in another graph (a neighbourhood's history), the same drawing has its own years.
    assert read(drawn) == activity(drawn, drawn) and read(drawn) is not found
    store.upsert(*lyon())  # a new version: the years are read again
    assert read(whole, store.version()) is not found


def test_a_drawings_years_of_the_whole_graph_are_read_by_the_next_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    store = saved(path)
    version = store.version()
    whole = store_access.select(store, WHOLE_GRAPH, version=version).graph
    cities = SubgraphQuery(labels=frozenset({Label.CITY}), limit=None)
    drawn = store_access.select(store, cities, version=version).graph
    found = store_access.years(store, version=version, drawing="d", drawn=drawn, context=whole)
    assert found == activity(drawn, whole) and TARTU in found.span
    server_restarted()
    again = MemoryStore.open(path)
    at = again.version()
    whole_again = store_access.select(again, WHOLE_GRAPH, version=at).graph
    drawn_again = store_access.select(again, cities, version=at).graph

    def read_again(*args: object, **kwargs: object) -> Activity:
        raise AssertionError("the years were read again")

    monkeypatch.setattr(store_access, "activity", read_again)
    kept = store_access.years(
        again, version=at, drawing="d", drawn=drawn_again, context=whole_again
    )
    assert kept == found  # the same years, off the disk


def test_a_views_rows_are_made_once_per_version_and_mode() -> None:
    store = filled()
    version = store.version()
    presented = store_access.presented(store, version=version)
    made: list[bool] = []

    def rows(presenter: bool) -> tuple[PracticeRow, ...]:
        def make(selection: Selection) -> tuple[PracticeRow, ...]:
            made.append(presenter)
            return tuple(practice_rows(selection, presenter=presenter))

        return store_access.of_selection(
            presented if presenter else store,
            "practice rows",
            WHOLE_GRAPH,
            make,
            version=version,
            presenter=presenter,
        )

    normal = rows(False)
    assert normal == tuple(practice_rows(store.select(WHOLE_GRAPH)))
    assert "Raimond Tamm" in repr(normal)
    assert rows(False) is normal and made == [False]  # a page turn reads them again for free
    shown = rows(True)  # presenter mode's own rows, of its masked selection
    assert made == [False, True] and len(shown) == len(normal)
    assert "Raimond" not in repr(shown)
    store.upsert(*lyon())
    assert store_access.of_selection(
        store, "practice rows", WHOLE_GRAPH, practice_rows, version=store.version()
    ) == practice_rows(store.select(WHOLE_GRAPH))
