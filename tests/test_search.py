"""Search on both stores and in the drawing: a node whose title is not text (a number
written into Neo4j by another tool) fails no search, for any user."""

from __future__ import annotations

import networkx as nx

from graph.core.model import Label, Node
from graph.store.base import GraphStore
from graph.ui.search import matches

TEXTUAL = Node(id="practice:heat-plan", label=Label.PRACTICE, properties={"title": "Heat plan"})


def add_numeric_title(store: GraphStore) -> None:
    """A Practice titled 3.5, as another tool could write it (our loaders write text)."""
    if store.name == "memory":
        store.graph.add_node("practice:n", label="Practice", title=3.5)  # type: ignore[attr-defined]
        return
    store.driver.execute_query(  # type: ignore[attr-defined]
        "CREATE (:Practice {id: 'practice:n', title: 3.5})",
        database_=store.database,  # type: ignore[attr-defined]
    )


def test_a_title_that_is_not_text_fails_no_search(store: GraphStore) -> None:
    store.upsert([TEXTUAL], [])
    store.commit()
    add_numeric_title(store)
    assert [h.id for h in store.search("heat")] == ["practice:heat-plan"]
    found = {h.id for h in store.search("3.5")}
    assert found <= {"practice:n"}  # found where the store reads numbers, never a failure
    assert [h.id for h in store.search("plan")] == ["practice:heat-plan"]


def test_the_drawings_search_reads_a_number_as_its_text() -> None:
    g = nx.MultiDiGraph()
    g.add_node("practice:n", label="Practice", title=3.5)
    g.add_node("practice:h", label="Practice", title="Heat plan")
    assert [m.id for m in matches("3.5", g)] == ["practice:n"]
    assert [m.id for m in matches("heat", g)] == ["practice:h"]
