"""Property values of the wrong kind: turned into the right one on the way in (both
stores), and a graph that holds one anyway (written by another tool) still reads."""

from __future__ import annotations

from typing import Any

import pytest
from graph_fixtures import nodes, relations

from graph.core.model import Label, Node, Relation, RelType
from graph.store.base import GraphStore
from graph.store.neo4j import Neo4jStore

PRACTICE = "practice:numbers"


def test_records_hold_values_of_their_schema_kind() -> None:
    node = Node(
        id=PRACTICE,
        label=Label.PRACTICE,
        properties={"title": 3.5, "summary": 12},
    )
    assert node.properties == {"title": "3.5", "summary": "12"}
    event = Node(id="event:x", label=Label.EVENT, properties={"participants_count": "40"})
    assert event.properties["participants_count"] == 40
    bad_values: list[dict[str, Any]] = [
        {"participants_count": "many"},
        {"participants_count": 2.5},
        {"title": ["a"]},
    ]
    for bad in bad_values:
        with pytest.raises(ValueError, match="must be a"):
            Node(id="event:x", label=Label.EVENT, properties=bad)


def test_ids_lose_control_and_bidi_characters() -> None:
    node = Node(id="city:ee:tar\x1btu\u202e", label=Label.CITY)
    rel = Relation(start="city:ee:tar\x1btu\u202e", type=RelType.IN, end="country:\x00ee")
    assert node.id == rel.start == "city:ee:tartu" and rel.end == "country:ee"


def test_a_numeric_title_is_stored_as_text_and_found(store: GraphStore) -> None:
    store.upsert(
        [*nodes(), Node(id=PRACTICE, label=Label.PRACTICE, properties={"title": 3.5})],
        relations(),
    )
    assert [h.id for h in store.search("3.5")] == [PRACTICE]
    detail = store.node_detail(PRACTICE)
    assert detail is not None and detail.properties["title"] == "3.5"


@pytest.mark.bolt
def test_a_neo4j_graph_holding_a_number_as_a_title_still_searches(
    empty_neo4j_store: Neo4jStore,
) -> None:
    store = empty_neo4j_store
    store.upsert(nodes(), relations())
    store.driver.execute_query(  # as another tool (or an older citygraph) could have written
        "CREATE (:Practice {id: $id, title: 3.5, sources: []})",
        id=PRACTICE,
        database_=store.database,
    )
    assert [h.id for h in store.search("tartu")][:1] == ["city:ee:tartu"]  # others still found
    hits = store.search("3.5")
    assert [(h.id, h.name) for h in hits] == [(PRACTICE, "3.5")]
