"""The peer finder: "my city works on X: which municipalities already shared a practice
on X, who presented it, at which event?"

**Score** (documented in docs/analysis.md): a recency-weighted Adamic-Adar index on the
bipartite graph of cities and what they share: topics (a city works on a topic when it
shared a practice about it) and events (a city took part, see graph/read/analysis/index.py).
For the asking city *a* and a candidate *b*::

    score(a, b) = sum over shared features f of  recency_b(f) / ln(1 + k_f)

where ``k_f`` is the number of cities with feature f (a topic every city works on says
little; one only two cities share says a lot), and ``recency_b(f)`` is
``0.5 ** (age / half_life)`` for b's latest practice on the topic, or for the event; age
counts in years back from the newest event in the graph (not from today, so an answer
does not change overnight); undated practices count as one half-life old. ``ln(1 + k)``
instead of Adamic-Adar's ``ln(k)`` lets a topic only the candidate works on still count
when the search is by topic alone.

**Ranking**: cities with at least one shared topic first (a shared topic always outranks
any number of shared events), then by score, then by number of practices, then by name.
When topics are asked for, only cities that shared a practice on one of them are peers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache

import networkx as nx

from graph.core.model import Label, RelType, source_where
from graph.read.analysis.index import (
    AnalysisInputError,
    CityIndex,
    build_index,
    name_of,
    resolve_city,
    resolve_topic,
)
from graph.read.anonymise import hidden_name
from graph.store.base import WHOLE_GRAPH, Selection, SubgraphQuery

DEFAULT_HALF_LIFE_YEARS = 5.0
UNDATED_WEIGHT = 0.5  # an undated practice counts as one half-life old
DEFAULT_PEER_LIMIT = 20
METHOD = (
    "recency-weighted Adamic-Adar over shared topics and events: "
    "sum of 0.5**(age/half-life) / ln(1 + cities sharing it); shared topics rank first"
)


@dataclass(frozen=True)
class EventRef:
    id: str
    title: str
    date: str | None  # ISO date, when known


@dataclass(frozen=True)
class PracticeEvidence:
    id: str
    title: str
    topics: list[str]  # topic names
    events: list[EventRef]
    presenters: list[str]  # people's names
    date: str | None


@dataclass(frozen=True)
class EventEvidence:
    id: str
    title: str
    date: str | None
    how: list[str]  # how the peer took part: "shared a practice", "hosted it", ...


@dataclass(frozen=True)
class Peer:
    id: str
    name: str
    country_code: str | None
    score: float
    topic_score: float
    event_score: float
    shared_topics: list[str]  # topic names
    practices: list[PracticeEvidence]
    events: list[EventEvidence]
    presenters: list[str]
    sources: list[str]  # ids of the Source nodes that stated the evidence
    source_files: list[str]  # their paths or urls
    reason: str


@dataclass(frozen=True)
class PeerResult:
    city: str | None  # the asking city's id
    city_name: str | None
    topics: list[str]  # topic ids asked about (or the city's own topics)
    topic_names: list[str]
    peers: list[Peer]
    candidates: int  # cities scored before the limit
    method: str = METHOD
    half_life_years: float = DEFAULT_HALF_LIFE_YEARS
    reference_date: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def recency(d: date | None, reference: date | None, half_life_years: float) -> float:
    """``0.5 ** (age / half_life)``: 1 for the newest event, 0.5 one half-life before it.

    >>> round(recency(date(2019, 1, 1), date(2024, 1, 1), 5.0), 3)
    0.5
    """
    if d is None or reference is None:
        return UNDATED_WEIGHT
    age_years = max((reference - d).days, 0) / 365.25
    return round(0.5 ** (age_years / half_life_years), 6)


@dataclass(frozen=True)
class PeerScope:
    """What the peer finder reads: selections of one store, made by its one filter.

    - ``home``: the date range, where the asking city's topics and events are read, and how
      common each topic and event is (a country filter narrows the peers, not the weights);
      a city or topic asked for is looked up here first;
    - ``among``: the date range and the countries, where peers and their evidence come
      from: its practices are the peers' candidate practices, exactly as the Network view
      and the Practices table show them for the same filters;
    - ``whole``: reads every node, only for a name ``home`` lacks (so a city that did
      nothing in the date range has no peers rather than no name).
    """

    home: Selection
    among: Selection
    whole: Callable[[], Selection]

    @classmethod
    def of(
        cls,
        select: Callable[[SubgraphQuery], Selection],
        *,
        countries: Iterable[str] = (),
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> PeerScope:
        """The scope for these filters, read with ``select`` (``store.select``, or the
        dashboard's cached ``Context.select``): one read when no filter is set, else one
        per filter set (and the whole graph only for a name not found in the range)."""
        dated = SubgraphQuery(date_from=date_from, date_to=date_to, limit=None)
        home = select(dated if dated.has_anchor_filter else WHOLE_GRAPH)
        codes = frozenset(c.strip().upper() for c in countries if c.strip())
        among = select(replace(dated, countries=codes)) if codes else home
        whole = cache(lambda: select(WHOLE_GRAPH)) if dated.has_anchor_filter else lambda: home
        return cls(home=home, among=among, whole=whole)

    @classmethod
    def everything(cls, selection: Selection) -> PeerScope:
        """No filter: one selection in every role."""
        return cls(home=selection, among=selection, whole=lambda: selection)

    def lookup(self, resolve: Callable[[nx.MultiDiGraph, str], str], text: str) -> str:
        """``resolve(graph, text)`` in ``home``, else in the whole graph."""
        try:
            return resolve(self.home.graph, text)
        except AnalysisInputError:
            whole = self.whole()
            if whole is self.home:
                raise
            return resolve(whole.graph, text)


def find_peers(
    scope: PeerScope | Selection,
    *,
    city: str | None = None,
    topics: Iterable[str] = (),
    half_life_years: float = DEFAULT_HALF_LIFE_YEARS,
    limit: int = DEFAULT_PEER_LIMIT,
    hide_people: bool = False,
) -> PeerResult:
    """Peer cities of ``city`` and/or on ``topics``, best first, each with its evidence.

    Args:
        scope: what to search: ``PeerScope.of(store.select, countries=..., date_from=...)``
            for the filters, or one selection (usually ``store.select(WHOLE_GRAPH)``).
        city: a city id or name ("Tartu", "city:ee:tartu"); optional when topics are given.
        topics: topic ids or names in any spelling graph/ingest/topics.py knows.
        half_life_years: how fast older evidence fades.
        limit: at most this many peers.
        hide_people: name presenters "Speaker" (the dashboard's presenter mode).

    Raises:
        AnalysisInputError: neither a city nor a topic, or one that is not in the graph.

    Example (the graph of tests/graph_fixtures.py)::

        [(p.name, p.reason) for p in find_peers(selection, city="Tartu").peers]
        -> [("La Paz", "shared 1 practice on e-governance: 'I-Government in La Paz' by
          Roberto Flores at Municipal COVID-19 governance (2021-03-12); met Tartu at
          Municipal COVID-19 governance, 2021-03-12")]
    """
    if isinstance(scope, Selection):
        scope = PeerScope.everything(scope)
    topic_list = [t for t in topics if t and t.strip()]
    if city is None and not topic_list:
        raise AnalysisInputError("peers: give a city, a topic, or both")
    asking = scope.lookup(resolve_city, city) if city else None
    asked_topics = [scope.lookup(resolve_topic, t) for t in topic_list]
    home = build_index(scope.home.graph)
    idx = home if scope.among is scope.home else build_index(scope.among.graph)
    graph = idx.graph

    def named(node: str) -> str:  # the asking city and the topics may lie outside ``home``
        return (
            name_of(home.graph, node) if node in home.graph else name_of(scope.whole().graph, node)
        )

    wanted_topics = list(dict.fromkeys(asked_topics)) or (
        sorted(home.city_topics.get(asking, {})) if asking else []
    )
    wanted_events = sorted(home.city_events.get(asking, {})) if asking else []
    reference = home.newest_date

    def eligible(c: str) -> bool:
        return c != asking

    topic_scores = _topic_scores(home, idx, wanted_topics, eligible, reference, half_life_years)
    event_scores = _event_scores(home, idx, wanted_events, eligible, reference, half_life_years)
    candidates = set(topic_scores) if asked_topics else set(topic_scores) | set(event_scores)

    def practices_of(c: str) -> list[str]:
        found = {p for t in wanted_topics for p in idx.city_topics.get(c, {}).get(t, ())}
        return sorted(found, key=lambda p: (idx.practices[p].date or date.min, p), reverse=True)

    ranked = sorted(
        candidates,
        key=lambda c: (
            -(topic_scores.get(c, 0.0) > 0),
            -(topic_scores.get(c, 0.0) + event_scores.get(c, 0.0)),
            -len(practices_of(c)),
            name_of(graph, c).casefold(),
            c,
        ),
    )
    peers = [
        _peer(
            idx,
            c,
            asking_name=named(asking) if asking else None,
            practices=practices_of(c),
            topics=wanted_topics,
            events=wanted_events,
            topic_score=topic_scores.get(c, 0.0),
            event_score=event_scores.get(c, 0.0),
            hide_people=hide_people,
        )
        for c in ranked[: max(limit, 0)]
    ]
    notes = []
    if asking and not wanted_topics:
        notes.append(f"{named(asking)} shared no practice on a topic; peers by events")
    return PeerResult(
        city=asking,
        city_name=named(asking) if asking else None,
        topics=wanted_topics,
        topic_names=[named(t) for t in wanted_topics],
        peers=peers,
        candidates=len(candidates),
        half_life_years=half_life_years,
        reference_date=reference.isoformat() if reference else None,
        notes=notes,
    )


def _topic_scores(
    home: CityIndex,
    idx: CityIndex,
    topics: list[str],
    eligible: Callable[[str], bool],
    reference: date | None,
    half_life_years: float,
) -> dict[str, float]:
    """Per city of ``idx``: the sum over the topics it shares of recency(latest practice) /
    ln(1 + k), k counted in ``home``."""
    scores: dict[str, float] = {}
    for t in topics:
        k = len(home.topic_cities.get(t, ()))
        weight = 1 / math.log(1 + k) if k else 0.0
        for c in filter(eligible, idx.topic_cities.get(t, ())):
            latest = max(
                (idx.practices[p].date for p in idx.city_topics[c][t]),
                key=lambda d: d or date.min,
            )
            scores[c] = scores.get(c, 0.0) + weight * recency(latest, reference, half_life_years)
    return scores


def _event_scores(
    home: CityIndex,
    idx: CityIndex,
    events: list[str],
    eligible: Callable[[str], bool],
    reference: date | None,
    half_life_years: float,
) -> dict[str, float]:
    """Per city of ``idx``: the sum over the events it shares of recency(event) / ln(1 + k),
    k counted in ``home`` (which holds the asking city, so k >= 1)."""
    scores: dict[str, float] = {}
    for e in events:
        k = len(home.event_cities.get(e, ()))
        weight = 1 / math.log(1 + k) if k else 0.0
        r = recency(home.event_dates.get(e), reference, half_life_years)
        for c in filter(eligible, idx.event_cities.get(e, ())):
            scores[c] = scores.get(c, 0.0) + weight * r
    return scores


def _newest_first(idx: CityIndex, events: list[str]) -> list[str]:
    return sorted(events, key=lambda e: (idx.event_dates.get(e) or date.min, e), reverse=True)


def _event_ref(idx: CityIndex, e: str) -> EventRef:
    d = idx.event_dates.get(e)
    return EventRef(id=e, title=name_of(idx.graph, e), date=d.isoformat() if d else None)


def _peer(
    idx: CityIndex,
    c: str,
    *,
    asking_name: str | None,
    practices: list[str],
    topics: list[str],
    events: list[str],
    topic_score: float,
    event_score: float,
    hide_people: bool,
) -> Peer:
    g = idx.graph

    def person(node: str) -> str:
        return hidden_name(g.nodes[node], node, hide_people=hide_people)

    wanted = set(topics)
    evidence = []
    for p in practices:
        info = idx.practices[p]
        evidence.append(
            PracticeEvidence(
                id=p,
                title=info.title,
                topics=[name_of(g, t) for t in info.topics if t in wanted],
                events=[_event_ref(idx, e) for e in _newest_first(idx, info.events)],
                presenters=sorted({person(p) for p in info.presenters}),
                date=info.date.isoformat() if info.date else None,
            )
        )
    mine = idx.city_events.get(c, {})
    shared_events = _newest_first(idx, [e for e in events if e in mine])
    event_evidence = [
        EventEvidence(**asdict(_event_ref(idx, e)), how=sorted(mine[e])) for e in shared_events
    ]
    presenters = sorted({name for pe in evidence for name in pe.presenters})
    sources = _sources(g, c, practices, shared_events)
    shared_topics = sorted(
        {name_of(g, t) for t in topics if idx.city_topics.get(c, {}).get(t)}, key=str.casefold
    )
    return Peer(
        id=c,
        name=name_of(g, c),
        country_code=g.nodes[c].get("country_code"),
        score=round(topic_score + event_score, 4),
        topic_score=round(topic_score, 4),
        event_score=round(event_score, 4),
        shared_topics=shared_topics,
        practices=evidence,
        events=event_evidence,
        presenters=presenters,
        sources=sources,
        source_files=source_files(g, sources),
        reason=_reason(asking_name, shared_topics, evidence, event_evidence),
    )


def _sources(g: nx.MultiDiGraph, city: str, practices: list[str], events: list[str]) -> list[str]:
    """The sources that stated the evidence: the practices, who shared and presented them,
    where they were presented, and the shared events."""
    found: dict[str, None] = {}
    for n in (*practices, *events):
        found.update(dict.fromkeys(g.nodes[n].get("sources") or ()))
    wanted = {city, *practices, *events}
    for p in practices:
        for u, v, attrs in (*g.in_edges(p, data=True), *g.out_edges(p, data=True)):
            if (u in wanted and v in wanted) or g.nodes[u].get("label") == Label.PERSON:
                found.update(dict.fromkeys(attrs.get("sources") or ()))
    return sorted(found)


def source_files(g: nx.MultiDiGraph, sources: list[str]) -> list[str]:
    """What a person opens to check: each source's path or url (its id when unknown)."""
    files = []
    for s in sources:
        attrs = g.nodes[s] if s in g else {}
        files.append(source_where(attrs, s))
    return list(dict.fromkeys(files))


def _reason(
    asking: str | None,
    topics: list[str],
    practices: list[PracticeEvidence],
    events: list[EventEvidence],
) -> str:
    """One line a person can check: what was shared, by whom, where, and when."""
    parts = []
    if practices:
        latest = practices[0]
        where = latest.events[0].title if latest.events else None
        detail = f"'{latest.title}'"
        if latest.presenters:
            detail += f" by {', '.join(latest.presenters)}"
        if where:
            detail += f" at {where}"
        if latest.date:
            detail += f" ({latest.date})"
        n = len(practices)
        parts.append(
            f"shared {n} practice{'s' if n > 1 else ''} on {', '.join(topics)}: "
            f"{'latest ' if n > 1 else ''}{detail}"
        )
    if events and asking:
        first = events[0]
        when = f", {first.date}" if first.date else ""
        more = f" and {len(events) - 1} more" if len(events) > 1 else ""
        parts.append(f"met {asking} at {first.title}{when}{more}")
    return "; ".join(parts) or "no shared topic or event"


DRAWN_EVENTS = 5  # a peer's shared events drawn in the peers' network, newest first


def peer_subgraph(graph: nx.MultiDiGraph, result: PeerResult) -> nx.MultiDiGraph:
    """The asking city, its peers and their evidence (practices with the latest event each
    was presented at, the newest ``DRAWN_EVENTS`` shared events, the topics asked about,
    the presenters), with the relations among them: the peers' network. (Every event of
    every practice made the busiest city's network of synth --events 5000 3,672 nodes and
    19,917 relations, 3,271 of them events: a ball, and a 4.6 MB page; the tables beside
    it list every event.)"""
    keep = {result.city} if result.city else set()
    keep.update(result.topics)
    for peer in result.peers:
        keep.add(peer.id)
        keep.update(p.id for p in peer.practices)
        keep.update(p.events[0].id for p in peer.practices if p.events)
        keep.update(e.id for e in peer.events[:DRAWN_EVENTS])
    if result.city:  # how the asking city reached those events and topics
        for _, practice, rel in graph.out_edges(result.city, keys=True):
            if rel == RelType.SHARED and any(
                n in keep for n in nx.all_neighbors(graph, practice) if n != result.city
            ):
                keep.add(practice)
    people = {
        u
        for n in list(keep)
        if n in graph
        for u, _, rel in graph.in_edges(n, keys=True)
        if rel == RelType.PRESENTED
    }
    return graph.subgraph((keep | people) & set(graph.nodes)).copy()
