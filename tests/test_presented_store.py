"""The store presenter mode reads: nothing it returns names a person, ids go both ways."""

from __future__ import annotations

import graph_fixtures as gf

from graph.core.model import Label, Node, Relation, RelType
from graph.read.anonymise import SPEAKER, opaque_id
from graph.store.base import WHOLE_GRAPH, SubgraphQuery
from graph.store.memory import MemoryStore
from graph.ui.presenter import PresentedStore

NAMED = "practice:tartu-e-services-presented-by-raimond-tamm"


def store() -> PresentedStore:
    real = MemoryStore()
    nodes = [
        *gf.nodes(),
        Node(id=NAMED, label=Label.PRACTICE, properties={"title": "Presented by Raimond Tamm"}),
    ]
    rels = [*gf.relations(), Relation(start=gf.TARTU, type=RelType.SHARED, end=NAMED)]
    real.upsert(nodes, rels)
    return PresentedStore(real, real.select(WHOLE_GRAPH).graph)


def test_details_by_shown_or_store_id_name_nobody() -> None:
    s = store()
    for asked in (gf.TAMM, opaque_id(gf.TAMM)):
        detail = s.node_detail(asked)
        assert detail is not None and detail.id == opaque_id(gf.TAMM) and detail.name == SPEAKER
        assert "Tamm" not in repr(detail) and "raimond" not in repr(detail)
    tartu = s.node_detail(gf.TARTU)
    assert tartu is not None and "raimond" not in repr(tartu).casefold()
    assert opaque_id(NAMED) in {n.id for n in tartu.neighbours}


def test_a_focus_on_a_shown_id_selects_around_the_real_node() -> None:
    s = store()
    around = s.select(SubgraphQuery(focus=opaque_id(gf.TAMM), hops=1, limit=None)).graph
    assert opaque_id(gf.TAMM) in around and gf.P_TARTU in around
    assert all(a.get("name") != "Raimond Tamm" for _, a in around.nodes(data=True))


def test_search_and_facets_show_no_name() -> None:
    s = store()
    assert s.search("Tamm") == []  # found only through a name: nothing, not a "Speaker"
    assert [h.id for h in s.search("Tartu")] and all("Tamm" not in h.name for h in s.search("e"))
    assert s.version() != s.store.version()  # caches keep the two apart
