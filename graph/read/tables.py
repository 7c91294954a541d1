"""What the dashboard's tables show, computed from a selection (no Streamlit here).

Every table is a function of a ``Selection`` (``store.select(query)``, see
graph/store/base.py) and returns plain rows, so a table shows exactly what the query
selects, is tested without a browser, and works with either store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.core.days import day_text
from graph.core.model import Label, RelType, source_where
from graph.read.anonymise import SPEAKER, hidden_name
from graph.store.base import Selection

__all__ = [
    "PRACTICE_COLUMNS",
    "SPEAKER",
    "city_profile",
    "matching",
    "name_of",
    "practice_rows",
    "source_rows",
]

# The Practices table's columns, in order (``PracticeRow.shown``).
PRACTICE_COLUMNS = ("city", "country", "practice", "presenter", "event", "date", "topics", "source")


def name_of(graph: nx.MultiDiGraph, node_id: str, *, presenter: bool = False) -> str:
    """What a reader sees for a node; people are "Speaker" in presenter mode."""
    return hidden_name(graph.nodes[node_id], node_id, hide_people=presenter)


def _ends(graph: nx.MultiDiGraph, node_id: str, rel: RelType, *, out: bool) -> list[str]:
    """The nodes ``rel`` links ``node_id`` to (from it when ``out``), each once, by id: read
    off the adjacency (neighbour -> its relations' keys), not through edge views made per
    call (half of the Practices table's rows at a million table rows)."""
    # networkx's own dicts behind its read-only views (each view costs a call per item)
    ends = (graph._succ if out else graph._pred)[node_id]
    key = rel.value
    return sorted(other for other, keys in ends.items() if key in keys)


def _source_text(graph: nx.MultiDiGraph, source_ids: Iterable[str]) -> str:
    texts = []
    for sid in source_ids:
        attrs = graph.nodes[sid] if sid in graph else {}
        texts.append(source_where(attrs, sid))
    return "; ".join(dict.fromkeys(texts))


@dataclass(frozen=True)
class PracticeRow:
    """One city's practice, with where and when it was presented and by whom."""

    city: str
    country: str
    practice: str
    presenter: str
    event: str
    date: str
    topics: str
    source: str
    # ids, for filtering and for the detail panel
    practice_id: str
    city_id: str | None
    country_code: str | None
    event_ids: tuple[str, ...]
    topic_ids: tuple[str, ...]
    dates: tuple[str, ...]

    def shown(self) -> dict[str, str]:
        """The columns a user sees, in order."""
        return {
            "city": self.city,
            "country": self.country,
            "practice": self.practice,
            "presenter": self.presenter,
            "event": self.event,
            "date": self.date,
            "topics": self.topics,
            "source": self.source,
        }


def practice_rows(selection: Selection, *, presenter: bool = False) -> list[PracticeRow]:
    """One row per practice of the selection and city that shared it (a practice no city
    claims: one row).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("city:ee:tartu", label="City", name="Tartu", country_code="EE")
    >>> g.add_node("practice:bikes", label="Practice", title="Bikes")
    >>> _ = g.add_edge("city:ee:tartu", "practice:bikes", key="SHARED", type="SHARED")
    >>> [(r.city, r.practice) for r in practice_rows(Selection(g, total=2, truncated=False))]
    [('Tartu', 'Bikes')]
    """
    graph = selection.graph
    rows = []
    for pid, attrs in graph.nodes(data=True):
        if attrs.get("label") != Label.PRACTICE:
            continue
        events = _ends(graph, pid, RelType.PRESENTED_AT, out=True)
        dates = tuple(day_text(graph.nodes[e].get("date")) for e in events)
        topics = _ends(graph, pid, RelType.ABOUT, out=True)
        people = _ends(graph, pid, RelType.PRESENTED, out=False)
        common = {
            "practice": name_of(graph, pid),
            "presenter": ", ".join(name_of(graph, p, presenter=presenter) for p in people),
            "event": "; ".join(name_of(graph, e) for e in events),
            "date": "; ".join(d for d in dates if d),
            "topics": ", ".join(name_of(graph, t) for t in topics),
            "source": _source_text(graph, attrs.get("sources") or ()),
            "practice_id": pid,
            "event_ids": tuple(events),
            "topic_ids": tuple(topics),
            "dates": dates,
        }
        cities: list[str | None] = [*_ends(graph, pid, RelType.SHARED, out=False)] or [None]
        for city in cities:
            code = graph.nodes[city].get("country_code") if city else None
            countries = _ends(graph, city, RelType.IN, out=True) if city else []
            rows.append(
                PracticeRow(
                    city=name_of(graph, city) if city else "",
                    country=name_of(graph, countries[0]) if countries else (code or ""),
                    city_id=city,
                    country_code=str(code).upper() if code else None,
                    **common,
                )
            )
    return sorted(rows, key=lambda r: (r.city.casefold(), r.practice.casefold()))


def matching(rows: Iterable[PracticeRow], text: str) -> list[PracticeRow]:
    """The rows any shown column of which contains ``text`` (case-insensitive): the table's
    own search box; the sidebar's filters are the selection's business.

    >>> g = nx.MultiDiGraph(); g.add_node("practice:bikes", label="Practice", title="Bikes")
    >>> rows = practice_rows(Selection(g, total=1, truncated=False))
    >>> len(matching(rows, "BIKE")), len(matching(rows, "boats"))
    (1, 0)
    """
    needle = text.strip().casefold()
    return [
        r for r in rows if not needle or any(needle in v.casefold() for v in r.shown().values())
    ]


@dataclass(frozen=True)
class CityProfile:
    id: str
    name: str
    country: str
    events: list[dict[str, str]] = field(default_factory=list)
    practices: list[dict[str, str]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    people: list[dict[str, str]] = field(default_factory=list)


def city_profile(selection: Selection, city_id: str, *, presenter: bool = False) -> CityProfile:
    """A city's events (held there, or where it presented), practices, topics and people,
    as far as the selection holds them (give it the city's neighbourhood).

    Raises:
        KeyError: no such city in the selection.
    """
    graph = selection.graph
    if city_id not in graph or graph.nodes[city_id].get("label") != Label.CITY:
        raise KeyError(city_id)
    practices = _ends(graph, city_id, RelType.SHARED, out=True)
    people = _ends(graph, city_id, RelType.REPRESENTS, out=False)
    events = set(_ends(graph, city_id, RelType.HELD_IN, out=False))
    for p in practices:
        events.update(_ends(graph, p, RelType.PRESENTED_AT, out=True))
    for person in people:
        events.update(_ends(graph, person, RelType.SPOKE_AT, out=True))
    topics = {t for p in practices for t in _ends(graph, p, RelType.ABOUT, out=True)}
    countries = _ends(graph, city_id, RelType.IN, out=True)

    def event_row(e: str) -> dict[str, str]:
        held = _ends(graph, e, RelType.HELD_IN, out=True)
        return {
            "event": name_of(graph, e),
            "date": day_text(graph.nodes[e].get("date")),
            # an event held nowhere is said so, not left blank
            "held in": ", ".join(name_of(graph, c) for c in held)
            or ("online" if graph.nodes[e].get("format") == "virtual" else "not stated"),
            "id": e,
        }

    return CityProfile(
        id=city_id,
        name=name_of(graph, city_id),
        country=name_of(graph, countries[0]) if countries else "",
        events=sorted((event_row(e) for e in events), key=lambda r: (r["date"], r["event"])),
        practices=[
            {
                "practice": name_of(graph, p),
                "topics": ", ".join(
                    name_of(graph, t) for t in _ends(graph, p, RelType.ABOUT, out=True)
                ),
                "id": p,
            }
            for p in practices
        ],
        topics=sorted((name_of(graph, t) for t in topics), key=str.casefold),
        people=[
            {
                "person": name_of(graph, p, presenter=presenter),
                "role": "" if presenter else str(graph.nodes[p].get("role") or ""),
            }
            for p in people
        ],
    )


def source_rows(selection: Selection) -> list[dict[str, Any]]:
    """What was loaded from where: one row per Source node of the selection, with the
    loaders' warnings and how many of the selection's nodes it stated."""
    graph = selection.graph
    stated: Counter[str] = Counter(
        s for _, a in graph.nodes(data=True) for s in set(a.get("sources") or ())
    )
    rows = []
    for sid, attrs in graph.nodes(data=True):
        if attrs.get("label") != Label.SOURCE:
            continue
        described = _ends(graph, sid, RelType.DESCRIBES, out=True)
        warnings = attrs.get("warnings") or []
        rows.append(
            {
                "source": source_where(attrs, sid),
                "kind": str(attrs.get("kind") or ""),
                "loaded at": str(attrs.get("loaded_at") or ""),
                "events": ", ".join(name_of(graph, e) for e in described),
                "facts (nodes)": stated[sid],
                "warnings": max(int(attrs.get("warning_count") or 0), len(warnings)),
                "warning details": _warning_details(attrs),
                "id": sid,
            }
        )
    return sorted(rows, key=lambda r: r["source"])


def _warning_details(attrs: dict[str, Any]) -> list[str]:
    """A source's kept warnings, and a line counting those only counted (large tables)."""
    kept = list(attrs.get("warnings") or ())
    more = int(attrs.get("warning_count") or 0) - len(kept)
    return [*kept, f"... and {more:,} more"] if more > 0 else kept
