"""A small hand-made graph for the store contract tests (no gazetteer needed).

Two events: a 2021 virtual exchange on e-governance where Tartu and La Paz shared
practices (Estonia, Bolivia, Georgia took part), and a 2023 waste dialogue held in Rostock
where Vienna shared one. Every fact names its source.
"""

from __future__ import annotations

import networkx as nx

from graph.core.model import Label, Node, PropertyValue, Relation, RelType
from graph.store.base import WHOLE_GRAPH, Selection

SRC_A = "source:aaaaaaaaaaaaaaaa"
SRC_B = "source:bbbbbbbbbbbbbbbb"

TARTU, LA_PAZ, ROSTOCK, VIENNA = (
    "city:ee:tartu",
    "city:bo:la-paz",
    "city:de:rostock",
    "city:at:vienna",
)
EE, BO, DE, AT, GE = "country:ee", "country:bo", "country:de", "country:at", "country:ge"
EV_COVID = "event:2021-03-12:covid-governance"
EV_WASTE = "event:2023-09-26:waste-dialogue"
P_TARTU = "practice:e-services-in-tartu"
P_LAPAZ = "practice:i-government-in-la-paz"
P_VIENNA = "practice:integrated-waste-management-in-vienna"
EGOV, COVID, WASTE = "topic:e-governance", "topic:covid-19", "topic:waste-management"
TAMM, FLORES, ABLEIDINGER = (
    "person:raimond-tamm",
    "person:roberto-flores",
    "person:martina-ableidinger",
)
GIZ = "organisation:giz"


def _node(node_id: str, label: Label, source: str = SRC_A, **props: PropertyValue) -> Node:
    return Node(id=node_id, label=label, properties=props, sources=(source,))


def _rel(
    start: str, rel: RelType, end: str, source: str = SRC_A, **props: PropertyValue
) -> Relation:
    return Relation(start=start, type=rel, end=end, properties=props, sources=(source,))


def nodes() -> list[Node]:
    return [
        _node(
            SRC_A,
            Label.SOURCE,
            path="recaps/covid.de.txt",
            sha256="a" * 64,
            kind="recap",
            warnings=("text says 2 countries, 3 are listed",),
        ),
        _node(SRC_B, Label.SOURCE, SRC_B, path="tables/events.csv", sha256="b" * 64, kind="table"),
        _node(EE, Label.COUNTRY, code="EE", name="Estonia", names=("Estland",)),
        _node(BO, Label.COUNTRY, code="BO", name="Bolivia", names=("Bolivien",)),
        _node(GE, Label.COUNTRY, code="GE", name="Georgia"),
        _node(DE, Label.COUNTRY, SRC_B, code="DE", name="Germany"),
        _node(AT, Label.COUNTRY, SRC_B, code="AT", name="Austria"),
        _node(TARTU, Label.CITY, name="Tartu", country_code="EE", lat=58.38, lon=26.72),
        _node(LA_PAZ, Label.CITY, name="La Paz", country_code="BO", lat=-16.5, lon=-68.15),
        _node(ROSTOCK, Label.CITY, SRC_B, name="Rostock", country_code="DE"),
        _node(VIENNA, Label.CITY, SRC_B, name="Vienna", names=("Wien",), country_code="AT"),
        _node(
            EV_COVID,
            Label.EVENT,
            title="Municipal COVID-19 governance",
            date="2021-03-12",
            format="virtual",
            participants_count=50,
        ),
        _node(
            EV_WASTE,
            Label.EVENT,
            SRC_B,
            title="Integrated waste management dialogue",
            date="2023-09-26",
            end_date="2023-09-28",
            format="in-person",
        ),
        _node(P_TARTU, Label.PRACTICE, title="E-services in Tartu"),
        _node(P_LAPAZ, Label.PRACTICE, title="I-Government in La Paz"),
        _node(P_VIENNA, Label.PRACTICE, SRC_B, title="Integrated waste management in Vienna"),
        _node(EGOV, Label.TOPIC, name="e-governance"),
        _node(COVID, Label.TOPIC, name="COVID-19"),
        _node(WASTE, Label.TOPIC, SRC_B, name="waste management"),
        _node(TAMM, Label.PERSON, name="Raimond Tamm", role="Deputy Mayor"),
        _node(FLORES, Label.PERSON, name="Roberto Flores"),
        _node(ABLEIDINGER, Label.PERSON, SRC_B, name="Martina Ableidinger"),
        _node(GIZ, Label.ORGANISATION, SRC_B, name="GIZ"),
    ]


def relations() -> list[Relation]:
    b = SRC_B
    return [
        _rel(TARTU, RelType.IN, EE),
        _rel(LA_PAZ, RelType.IN, BO),
        _rel(ROSTOCK, RelType.IN, DE, b),
        _rel(VIENNA, RelType.IN, AT, b),
        _rel(SRC_A, RelType.DESCRIBES, EV_COVID),
        _rel(SRC_B, RelType.DESCRIBES, EV_WASTE, b),
        _rel(EE, RelType.PARTICIPATED_IN, EV_COVID),
        _rel(BO, RelType.PARTICIPATED_IN, EV_COVID),
        _rel(GE, RelType.PARTICIPATED_IN, EV_COVID),
        _rel(AT, RelType.PARTICIPATED_IN, EV_WASTE, b),
        _rel(DE, RelType.PARTICIPATED_IN, EV_WASTE, b),
        _rel(EV_WASTE, RelType.HELD_IN, ROSTOCK, b),
        _rel(TARTU, RelType.SHARED, P_TARTU),
        _rel(LA_PAZ, RelType.SHARED, P_LAPAZ),
        _rel(VIENNA, RelType.SHARED, P_VIENNA, b),
        _rel(P_TARTU, RelType.PRESENTED_AT, EV_COVID),
        _rel(P_LAPAZ, RelType.PRESENTED_AT, EV_COVID),
        _rel(P_VIENNA, RelType.PRESENTED_AT, EV_WASTE, b),
        _rel(P_TARTU, RelType.ABOUT, EGOV),
        _rel(P_LAPAZ, RelType.ABOUT, EGOV),
        _rel(EV_COVID, RelType.ABOUT, COVID),
        _rel(P_VIENNA, RelType.ABOUT, WASTE, b),
        _rel(TAMM, RelType.PRESENTED, P_TARTU),
        _rel(FLORES, RelType.PRESENTED, P_LAPAZ),
        _rel(ABLEIDINGER, RelType.PRESENTED, P_VIENNA, b),
        _rel(TAMM, RelType.SPOKE_AT, EV_COVID, role="Deputy Mayor"),
        _rel(FLORES, RelType.SPOKE_AT, EV_COVID),
        _rel(ABLEIDINGER, RelType.SPOKE_AT, EV_WASTE, b),
        _rel(TAMM, RelType.REPRESENTS, TARTU),
        _rel(FLORES, RelType.REPRESENTS, LA_PAZ),
        _rel(ABLEIDINGER, RelType.REPRESENTS, VIENNA, b),
        _rel(ABLEIDINGER, RelType.REPRESENTS, GIZ, b),
    ]


def selected(graph: nx.MultiDiGraph) -> Selection:
    """A hand-built graph as analysis reads it: the whole-graph selection of a store
    holding it."""
    from graph.store.memory import MemoryStore

    return MemoryStore(nx.MultiDiGraph(graph)).select(WHOLE_GRAPH)
