"""Learning trails: evidence that city B may have learned from city A.

A **trail** says: A presented a practice on topic T at event E1; B took part in E1 (it
presented a practice there itself, a person representing it spoke, it hosted E1, or only
its country is listed as taking part); and later, at an event E2, B presented a practice on
T, or one whose title is similar. Attended, then presented on the same topic later: a
possible transfer, not a proven one.

Which meetings count (``FINDERS`` look, ``KEEP`` keeps, in order): B's practice must be
new at E2 (its first dated presentation) and come after E1, at most ``MAX_LAG_MONTHS``
later; A's practice is not B's own; without a shared topic the titles must be alike
(``title_similarity >= TITLE_ALONE``). Where only B's country took part, the
``COUNTRY_EVENTS`` latest such events before E2 are looked at, per topic: a country listed
at an event says little about one of its cities, and a big one takes part in hundreds (at
5,000 synthetic events, every such event made 480,000 trails, nearly all of them chance).

**Strength** is a product of named factors (``FACTORS``, in the order they matter):

- *topic and title*: ``t + 2 * s`` when the practices share T, where ``t`` is how much
  sharing T says (``topic_specificity``: near 0 for a topic every city works on, 1 for one
  only a city does) and ``s`` how similar their titles are beyond the topic's own words
  (``title_similarity``); ``s`` alone when they share no topic but the titles are similar;
- *presence*: how B took part in E1: presented or spoke there 1, hosted it 0.8, only its
  country took part 0.4 (direct presence over country-level participation);
- *lag*: ``0.5 ** (months / 24)``: a shorter lag is likelier a transfer;
- *new to B*: 0.5 when B had presented on T up to E1 (it knew T already) and the titles
  are not alike, else 1 (alike titles: the practice itself is what B took up).

One trail per (A, B, T), the strongest; best first (ties: the earlier E1, then ids).
Trails longer than ``MAX_LAG_MONTHS`` are not looked for. Undated events take part in no
trail: their order is unknown.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import networkx as nx

from graph.core.bulk import paused_gc
from graph.core.model import Label, RelType, source_where
from graph.ingest.topics import fold
from graph.read.analysis.index import (
    HOSTED,
    SHARED_THERE,
    SPOKE_THERE,
    CityIndex,
    build_index,
    name_of,
)
from graph.read.evidence import Passage, node_passages, relation_passages
from graph.store.base import Selection

COUNTRY_THERE = "its country took part"
PRESENCE_WEIGHT: dict[str, float] = {
    SHARED_THERE: 1.0,
    SPOKE_THERE: 1.0,
    HOSTED: 0.8,
    COUNTRY_THERE: 0.4,
}
LAG_HALF_LIFE_MONTHS = 24
MAX_LAG_MONTHS = 120
KNOWN_TOPIC_WEIGHT = 0.5  # B had presented on T before E1
TITLE_ALONE = 0.5  # the least title similarity that makes a trail without a shared topic
# Title similarity: shared words weighted by rarity (idf) over all words of both titles,
# plus this much: a word one title in e^3 (20) has shares too little alone to count much.
SIMILARITY_SMOOTHING = 3.0
MIN_WORD = 3  # shorter words (articles, "of", "in", "la") say nothing about a practice
# A word in more than this share of the titles (and more than COMMON_MIN of them) is common
# ("the", "programme", "in": a template's words): it makes no two titles alike.
COMMON_SHARE, COMMON_MIN = 0.1, 5
POSTING_MAX = 300
COUNTRY_EVENTS = 3  # a word in more titles finds no candidates by itself (speed)
DEFAULT_TRAIL_LIMIT = 50
WHAT_A_TRAIL_IS = (
    "A trail: city A presented a practice at an event that city B attended, and B later "
    "presented on the same topic (or a practice of a similar title). Attended, then "
    "presented on the same topic later: a possible transfer, not a proven one."
)


@dataclass(frozen=True)
class SourceRef:
    """Where a fact was stated: a Source node, its file or address."""

    id: str
    where: str


@dataclass(frozen=True)
class TrailEnd:
    """One end of a trail: a city's practice presented at an event."""

    city: str
    city_name: str
    practice: str
    practice_title: str
    presenters: tuple[str, ...]  # people's names (masked in presenter mode's selections)
    event: str
    event_title: str
    date: date
    sources: tuple[SourceRef, ...]  # stating the practice, the event and the presentation
    # Where the recaps among them state it: the practice, its presentation, the event
    # (graph/read/evidence.py; tables keep no passages).
    passages: tuple[Passage, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "city": self.city,
            "city_name": self.city_name,
            "practice": self.practice,
            "practice_title": self.practice_title,
            "presenters": list(self.presenters),
            "event": self.event,
            "event_title": self.event_title,
            "date": self.date.isoformat(),
            "sources": [s.__dict__ for s in self.sources],
            "passages": [passage_json(p) for p in self.passages],
        }


def passage_json(p: Passage) -> dict[str, object]:
    """A passage as the JSON output gives it: its words, the page and the rule that read it."""
    return {"text": p.text, "source": p.source, "where": p.where, "url": p.url, "rule": p.rule}


def passages_text(passages: Iterable[Passage]) -> str:
    """Passages in one cell or line: each quoted (on one line), with its page.

    >>> passages_text([Passage("Tartu presented its app.", "r", "source:1", "a.txt", None)])
    '"Tartu presented its app." (a.txt)'
    """
    return "; ".join(f'"{" ".join(p.text.split())}" ({p.where})' for p in passages)


@dataclass(frozen=True)
class Trail:
    """A possible transfer from ``first.city`` (A) to ``later.city`` (B) on ``topic``."""

    first: TrailEnd  # A's practice at E1
    later: TrailEnd  # B's practice at E2
    topic: str | None  # the topic's node id (None: titles alike, neither has a topic)
    topic_name: str
    shared_topics: tuple[str, ...]  # every topic both practices are about (ids)
    presence: str  # how B took part in E1
    presence_sources: tuple[SourceRef, ...]
    months: int  # from E1 to E2, whole months
    title_similarity: float
    new_topic: bool  # B had presented nothing on the topic before E1
    score: float
    factors: tuple[tuple[str, float], ...]
    presence_passages: tuple[Passage, ...] = ()  # where recaps state how B took part

    @property
    def from_city(self) -> str:
        return self.first.city

    @property
    def to_city(self) -> str:
        return self.later.city

    @property
    def first_event(self) -> str:
        return self.first.event

    @property
    def later_event(self) -> str:
        return self.later.event

    def sentence(self) -> str:
        """The trail in one line, as a person reads it."""
        a, b = self.first, self.later
        about = f"on {self.topic_name}" if self.topic_name else "with a similar title"
        return (
            f"{a.city_name} presented '{a.practice_title}' at {a.event_title} "
            f"({a.date.isoformat()}); {b.city_name} took part ({self.presence}) and "
            f"{_months(self.months)} later presented '{b.practice_title}' {about} at "
            f"{b.event_title} ({b.date.isoformat()})"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "from_city": self.from_city,
            "from_city_name": self.first.city_name,
            "to_city": self.to_city,
            "to_city_name": self.later.city_name,
            "topic": self.topic,
            "topic_name": self.topic_name,
            "shared_topics": list(self.shared_topics),
            "first_event": self.first_event,
            "first_date": self.first.date.isoformat(),
            "later_event": self.later_event,
            "later_date": self.later.date.isoformat(),
            "months": self.months,
            "presence": self.presence,
            "title_similarity": self.title_similarity,
            "new_topic": self.new_topic,
            "score": self.score,
            "factors": dict(self.factors),
            "first": self.first.as_json(),
            "later": self.later.as_json(),
            "presence_sources": [s.__dict__ for s in self.presence_sources],
            "presence_passages": [passage_json(p) for p in self.presence_passages],
            "sentence": self.sentence(),
        }


@dataclass(frozen=True)
class TrailResult:
    """The trails found, best first (at most the limit asked for), how many there were in
    all, and, when there are none, why (``reason``)."""

    trails: list[Trail]
    found: int
    reason: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> list[dict[str, object]]:
        return [t.as_json() for t in self.trails]


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later``.

    >>> months_between(date(2021, 3, 12), date(2022, 3, 11))
    11
    >>> months_between(date(2021, 3, 12), date(2022, 3, 12))
    12
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


# --- what the graph holds, looked up -------------------------------------------------------


@dataclass(frozen=True)
class _Shown:
    """A practice presented at a dated event."""

    practice: str
    event: str
    date: date


@dataclass
class _Lookups:
    """The graph read once into what trail finding asks, all over dated events only."""

    index: CityIndex
    dates: dict[str, date]  # dated events
    first_shown: dict[str, _Shown]  # practice -> its first dated presentation
    at_event: dict[str, list[str]]  # event -> practices presented there
    on_topic_at: dict[tuple[str, str], list[str]]  # (event, topic) -> practices on it there
    attended: dict[str, list[tuple[date, str, str]]]  # city -> (date, event, how), by date
    country_of: dict[str, str]  # city -> country id
    countries_at: set[tuple[str, str]]  # (country, event): the country took part
    # (country, topic) -> the dated events the country took part in where the topic was
    # presented, by date
    country_events: dict[tuple[str, str], list[tuple[date, str]]]
    topic_since: dict[tuple[str, str], date]  # (city, topic) -> its first practice on it
    words: dict[str, frozenset[str]]  # practice -> the words of its title, not its cities'
    idf: dict[str, float]
    postings: dict[str, list[str]]  # a rare word -> the practices with it in their titles
    topic_words: dict[str, frozenset[str]]
    topic_spread: dict[str, int]  # topic -> how many cities work on it
    working: int  # how many cities work on any topic

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> _Lookups:
        index = build_index(graph)
        dates = {e: d for e, d in index.event_dates.items() if d is not None}
        first_shown: dict[str, _Shown] = {}
        at_event: dict[str, list[str]] = defaultdict(list)
        on_topic_at: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p, info in index.practices.items():
            shown = sorted((dates[e], e) for e in info.events if e in dates)
            if shown:
                first_shown[p] = _Shown(p, shown[0][1], shown[0][0])
            for _, e in shown:
                at_event[e].append(p)
                for t in info.topics:
                    on_topic_at[e, t].append(p)
        attended: dict[str, list[tuple[date, str, str]]] = {}
        for c, events in index.city_events.items():
            attended[c] = sorted(
                (dates[e], e, _best_presence(hows)) for e, hows in events.items() if e in dates
            )
        country_of: dict[str, str] = {}
        countries_at: set[tuple[str, str]] = set()
        for u, v, k in graph.edges(keys=True):
            if k == RelType.IN:
                country_of[u] = v
            elif k == RelType.PARTICIPATED_IN and v in dates:
                countries_at.add((u, v))
        by_event: dict[str, list[str]] = defaultdict(list)
        for country, e in countries_at:
            by_event[e].append(country)
        country_events: dict[tuple[str, str], list[tuple[date, str]]] = defaultdict(list)
        for e, t in on_topic_at:
            for country in by_event.get(e, ()):
                country_events[country, t].append((dates[e], e))
        for events_on in country_events.values():
            events_on.sort()
        topic_since: dict[tuple[str, str], date] = {}
        for c, practices in index.city_practices.items():
            for p in practices:
                if p in first_shown:
                    for t in index.practices[p].topics:
                        d = first_shown[p].date
                        if (c, t) not in topic_since or d < topic_since[c, t]:
                            topic_since[c, t] = d
        words = {
            p: _title_words(graph, info.title, info.cities) for p, info in index.practices.items()
        }
        df: dict[str, int] = defaultdict(int)
        for ws in words.values():
            for w in ws:
                df[w] += 1
        n = len(words)
        common = {w for w, k in df.items() if k > max(COMMON_SHARE * n, COMMON_MIN)}
        words = {p: ws - common for p, ws in words.items()}
        idf = {w: math.log((n + 1) / (k + 1)) for w, k in df.items() if w not in common}
        postings: dict[str, list[str]] = defaultdict(list)
        for p, ws in words.items():
            for w in ws:
                if df[w] <= POSTING_MAX:
                    postings[w].append(p)
        topic_words = {
            t: _words(name_of(graph, t), *(graph.nodes[t].get("names") or ()))
            for t, a in graph.nodes(data=True)
            if a.get("label") == Label.TOPIC
        }
        return cls(
            index=index,
            dates=dates,
            first_shown=first_shown,
            at_event=at_event,
            on_topic_at=on_topic_at,
            attended=attended,
            country_of=country_of,
            countries_at=countries_at,
            country_events=country_events,
            topic_since=topic_since,
            words=words,
            idf=idf,
            postings=postings,
            topic_words=topic_words,
            topic_spread={t: len(cs) for t, cs in index.topic_cities.items()},
            working=len(set().union(*index.topic_cities.values())),
        )


_PRESENCE_ORDER = (SHARED_THERE, SPOKE_THERE, HOSTED)


def _best_presence(hows: Iterable[str]) -> str:
    found = set(hows)
    return next((h for h in _PRESENCE_ORDER if h in found), SHARED_THERE)


_WORD = re.compile(r"\w+")


def _words(*texts: str) -> frozenset[str]:
    """The comparison words of some text: folded (case, accents, ß), at least MIN_WORD long.

    >>> sorted(_words("Bürgerhaushalt in Köln: the e-Petition app"))
    ['app', 'burgerhaushalt', 'koln', 'petition', 'the']
    """
    found: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text.casefold()):
            if not word.isascii():  # folding is slow: only where there is something to fold
                found.update(w for w in _WORD.findall(fold(word)) if len(w) >= MIN_WORD)
            elif len(word) >= MIN_WORD:
                found.add(word)
    return frozenset(found)


def _title_words(graph: nx.MultiDiGraph, title: str, cities: Iterable[str]) -> frozenset[str]:
    """A practice title's words without its cities' names (every title of a city has them)."""
    names: list[str] = []
    for c in cities:
        attrs = graph.nodes[c]
        names.extend([str(attrs.get("name") or ""), *(attrs.get("names") or ())])
    return _words(title) - _words(*names)


def title_similarity(
    a: frozenset[str],
    b: frozenset[str],
    idf: Mapping[str, float],
    drop: frozenset[str] = frozenset(),
) -> float:
    """How alike two titles are, 0 to 1: the rarity (idf) of the words they share over that
    of all their words, plus ``SIMILARITY_SMOOTHING`` (so a few common words shared count
    little); ``drop``: words left out (the shared topic's own).

    >>> idf = {"participatory": 4.0, "budgeting": 4.0, "pilot": 1.0, "app": 3.0}
    >>> round(title_similarity(frozenset({"participatory", "budgeting"}),
    ...                        frozenset({"participatory", "budgeting", "app"}), idf), 2)
    0.57
    >>> round(title_similarity(frozenset({"pilot"}), frozenset({"pilot"}), idf), 2)
    0.25
    """
    a, b = a - drop, b - drop
    both = a & b
    if not both:
        return 0.0
    shared = sum(idf.get(w, 0.0) for w in both)
    total = sum(idf.get(w, 0.0) for w in a | b)
    return round(shared / (total + SIMILARITY_SMOOTHING), 4)


# --- candidates and their strength ---------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A possible trail before it is kept and scored: A's practice at E1, how B took part
    in E1, B's practice first shown at E2, and what they share."""

    a: str
    first: _Shown
    presence: str
    b: str
    later: _Shown
    shared_topics: tuple[str, ...]
    topic: str | None
    specificity: float  # of the shared topic (topic_specificity), 0 without one
    similarity: float
    months: int
    new_topic: bool


def topic_specificity(cities_on_it: int, cities: int) -> float:
    """How much sharing a topic says, 0 to 1: ``ln((n + 1) / k) / ln(n + 1)`` for a topic
    ``k`` of the ``n`` cities work on (the rarity Adamic and Adar weigh a shared neighbour
    by, as the peer finder does; scaled to 1 for a topic one city works on). A topic every
    city works on says little that two cities share it.

    >>> topic_specificity(1, 100), round(topic_specificity(10, 100), 2)
    (1.0, 0.5)
    >>> round(topic_specificity(100, 100), 3)
    0.002
    """
    n = max(cities, cities_on_it, 1)
    return round(math.log((n + 1) / max(cities_on_it, 1)) / math.log(n + 1), 4)


def _topic_and_title(c: Candidate) -> float:
    return c.specificity + 2.0 * c.similarity if c.shared_topics else c.similarity


def _presence(c: Candidate) -> float:
    return PRESENCE_WEIGHT[c.presence]


def _lag(c: Candidate) -> float:
    return 0.5 ** (c.months / LAG_HALF_LIFE_MONTHS)


def _novelty(c: Candidate) -> float:
    # With alike titles the practice itself is what B took up, whatever B knew of T.
    return 1.0 if c.new_topic or c.similarity >= TITLE_ALONE else KNOWN_TOPIC_WEIGHT


Factor = Callable[[Candidate], float]
FACTORS: tuple[tuple[str, Factor], ...] = (
    ("topic and title", _topic_and_title),
    ("presence", _presence),
    ("lag", _lag),
    ("new to B", _novelty),
)


def strength(c: Candidate) -> float:
    """The product of ``FACTORS``."""
    return round(
        _topic_and_title(c) * _presence(c) * _lag(c) * _novelty(c), 4
    )  # FACTORS, unrolled: this runs for every candidate


def factors(c: Candidate) -> tuple[tuple[str, float], ...]:
    """Each factor's value, to say why a trail ranks where it does."""
    return tuple((name, round(f(c), 4)) for name, f in FACTORS)


def _no_topic_needs_alike_titles(c: Candidate) -> bool:
    return bool(c.shared_topics) or c.similarity >= TITLE_ALONE


def _within_lag(c: Candidate) -> bool:
    return c.first.date < c.later.date and c.months <= MAX_LAG_MONTHS


Rule = Callable[[Candidate], bool]
KEEP: tuple[tuple[str, Rule], ...] = (
    ("E1 before E2, within the longest lag", _within_lag),
    ("no shared topic: titles alike", _no_topic_needs_alike_titles),
)


# Where B may have met A's practice: a practice on one of the topics of B's later practice
# at an event B took part in; a practice with a title word in common anywhere B (or its
# country) took part.
Meeting = tuple[str, str, str]  # (A's practice, E1, how B took part)
Finder = Callable[["_Lookups", str, str, date], Iterable[Meeting]]


def _same_topic_attended(look: _Lookups, b: str, practice: str, before: date) -> Iterable[Meeting]:
    topics = look.index.practices[practice].topics
    for d, e, how in look.attended.get(b, ()):
        if d >= before:
            break
        for t in topics:
            for p in look.on_topic_at.get((e, t), ()):
                yield p, e, how


def _same_topic_country(look: _Lookups, b: str, practice: str, before: date) -> Iterable[Meeting]:
    """Only B's country took part: the latest ``COUNTRY_EVENTS`` such events before E2 per
    topic (the closest occasions; a big country takes part in hundreds)."""
    country = look.country_of.get(b)
    if country is None:
        return
    for t in look.index.practices[practice].topics:
        events = look.country_events.get((country, t), [])
        end = bisect.bisect_left(events, (before, ""))
        for _, e in events[max(0, end - COUNTRY_EVENTS) : end]:
            for p in look.on_topic_at.get((e, t), ()):
                yield p, e, COUNTRY_THERE


def _title_word_shared(look: _Lookups, b: str, practice: str, before: date) -> Iterable[Meeting]:
    # Not by the words of its own topics: the same topic is found above, where B was.
    own = frozenset().union(
        *(look.topic_words.get(t, frozenset()) for t in look.index.practices[practice].topics)
    )
    others: set[str] = set()
    for w in look.words.get(practice, frozenset()) - own:
        others.update(look.postings.get(w, ()))
    others.discard(practice)
    if not others:
        return
    went = {e: how for d, e, how in look.attended.get(b, ()) if d < before}
    country = look.country_of.get(b)
    for p in others:
        for e in look.index.practices[p].events:
            if look.dates.get(e, before) >= before:
                continue
            if e in went:
                yield p, e, went[e]
            elif (country, e) in look.countries_at:
                yield p, e, COUNTRY_THERE


FINDERS: tuple[tuple[str, Finder], ...] = (
    ("same topic where B took part", _same_topic_attended),
    ("same topic where B's country took part, the latest occasions", _same_topic_country),
    ("a title word in common where B or its country took part", _title_word_shared),
)


def _candidates(look: _Lookups, b: str, practice: str) -> Iterable[Candidate]:
    """Every way B's ``practice`` (first shown at E2) may have come from a practice B met,
    that ``KEEP`` keeps."""
    later = look.first_shown[practice]
    mine = look.index.practices[practice]
    best_how: dict[tuple[str, str], str] = {}
    for _, finder in FINDERS:
        for p, e, how in finder(look, b, practice, later.date):
            held = best_how.get((p, e))
            if held is None or PRESENCE_WEIGHT[how] > PRESENCE_WEIGHT[held]:
                best_how[p, e] = how
    mine_topics = set(mine.topics)
    for (p, e), how in best_how.items():
        theirs = look.index.practices[p]
        if p == practice or b in theirs.cities:
            continue
        shared = tuple(sorted(mine_topics.intersection(theirs.topics)))
        drop = frozenset().union(*(look.topic_words.get(t, frozenset()) for t in shared))
        pool = shared or tuple(sorted(set(theirs.topics)))
        topic = min(pool, key=lambda t: (look.topic_spread.get(t, 0), t)) if pool else None
        specificity = (
            topic_specificity(look.topic_spread.get(topic, 0), look.working)
            if shared and topic
            else 0.0
        )
        since = look.topic_since.get((b, topic)) if topic else None
        when = look.dates[e]
        base = Candidate(
            a=theirs.cities[0] if theirs.cities else "",
            first=_Shown(p, e, when),
            presence=how,
            b=b,
            later=later,
            shared_topics=shared,
            topic=topic,
            specificity=specificity,
            similarity=title_similarity(look.words[p], look.words[practice], look.idf, drop),
            months=months_between(when, later.date),
            new_topic=since is None or since > when,
        )
        if not all(rule(base) for _, rule in KEEP):
            continue
        for a in theirs.cities:
            if a != b:
                yield base if a == theirs.cities[0] else replace(base, a=a)


# --- the trails ----------------------------------------------------------------------------


def find_trails(
    selection: Selection,
    *,
    topic: str | None = None,
    city: str | None = None,
    limit: int | None = DEFAULT_TRAIL_LIMIT,
) -> TrailResult:
    """The learning trails of the selection's graph, best first: at most ``limit`` (None:
    all); ``topic`` (a topic id) keeps those on it, ``city`` (a city id) those from or to it.

    Example (the graph of tests/graph_fixtures.py with a later event where La Paz presents
    on waste management after the waste dialogue): one trail, Vienna -> La Paz.
    """
    graph = selection.graph
    reason = why_no_trails(graph)
    if reason:
        return TrailResult(trails=[], found=0, reason=reason)
    with paused_gc():
        return _found(graph, topic=topic, city=city, limit=limit)


def _found(
    graph: nx.MultiDiGraph, *, topic: str | None, city: str | None, limit: int | None
) -> TrailResult:
    reason = None
    look = _Lookups.of(graph)
    best: dict[tuple[str, str, str | None], tuple[float, Candidate]] = {}
    for b, practices in look.index.city_practices.items():
        for practice in practices:
            if practice not in look.first_shown:
                continue
            for c in _candidates(look, b, practice):
                if topic is not None and c.topic != topic:
                    continue
                if city is not None and city not in (c.a, c.b):
                    continue
                score = strength(c)
                key = (c.a, c.b, c.topic)
                held = best.get(key)
                if held is None or _rank(score, c) < _rank(*held):
                    best[key] = (score, c)
    ranked = sorted(best.values(), key=lambda item: _rank(*item))
    chosen = ranked if limit is None else ranked[:limit]
    evidence = _Evidence(graph, look)
    trails = [evidence.trail(score, c) for score, c in chosen]
    if not ranked:
        reason = (
            "no city presented on a topic after taking part in an event where another city "
            "presented on it" + (" (with these filters)" if topic or city else "")
        )
    return TrailResult(trails=trails, found=len(ranked), reason=reason)


def _rank(score: float, c: Candidate) -> tuple[float, date, str, str, str, str]:
    return (-score, c.first.date, c.a, c.b, c.first.event, c.later.event)


def why_no_trails(graph: nx.MultiDiGraph) -> str | None:
    """Why a graph can hold no trail at all (no practices, no topics, no dated events), or
    None when it can."""
    labels = {str(a.get("label")) for _, a in graph.nodes(data=True)}
    if Label.PRACTICE not in labels:
        return "the graph holds no practices, so no city can have taken one up"
    if Label.TOPIC not in labels:
        return "the graph holds no topics, so no practice can be on the same topic as another"
    if not any(a.get("label") == Label.EVENT and a.get("date") for _, a in graph.nodes(data=True)):
        return "no event has a date, so no presentation is known to come after another"
    return None


class _Evidence:
    """The trails' evidence read from the graph: both ends with their presenters and
    sources, how B took part and what says so. Many trails share an end (A's practice at
    E1 is met by many cities), a source and a presence: each is read once."""

    def __init__(self, graph: nx.MultiDiGraph, look: _Lookups) -> None:
        self.graph, self.look = graph, look
        self._ends: dict[tuple[str, str, str], TrailEnd] = {}
        self._presences: dict[
            tuple[str, str, str], tuple[tuple[SourceRef, ...], tuple[Passage, ...]]
        ] = {}
        self._refs: dict[str, SourceRef] = {}
        self._names: dict[str, str] = {}

    def trail(self, score: float, c: Candidate) -> Trail:
        return Trail(
            first=self.end(c.a, c.first),
            later=self.end(c.b, c.later),
            topic=c.topic,
            topic_name=self.name(c.topic) if c.topic else "",
            shared_topics=c.shared_topics,
            presence=c.presence,
            presence_sources=self.presence(c)[0],
            presence_passages=self.presence(c)[1],
            months=c.months,
            title_similarity=c.similarity,
            new_topic=c.new_topic,
            score=score,
            factors=factors(c),
        )

    def name(self, node: str) -> str:
        found = self._names.get(node)
        if found is None:
            found = self._names[node] = name_of(self.graph, node)
        return found

    def end(self, city: str, shown: _Shown) -> TrailEnd:
        key = (city, shown.practice, shown.event)
        found = self._ends.get(key)
        if found is None:
            found = self._ends[key] = self._read_end(city, shown)
        return found

    def presence(self, c: Candidate) -> tuple[tuple[SourceRef, ...], tuple[Passage, ...]]:
        """The sources that say how B took part in E1, and where recaps say it."""
        key = (c.b, c.first.event, c.presence)
        found = self._presences.get(key)
        if found is None:
            stated = _presence_relations(self.graph, self.look, c)
            sources = [s for rel in stated for s in _edge_sources(self.graph, *rel)]
            said = [p for rel in stated for p in relation_passages(self.graph, *_fact(rel))]
            found = self._presences[key] = (self.refs(sources), tuple(dict.fromkeys(said)))
        return found

    def _read_end(self, city: str, shown: _Shown) -> TrailEnd:
        graph = self.graph
        info = self.look.index.practices[shown.practice]
        stated = [
            *(graph.nodes[shown.practice].get("sources") or ()),
            *(graph.nodes[shown.event].get("sources") or ()),
            *_edge_sources(graph, shown.practice, shown.event, RelType.PRESENTED_AT),
            *_edge_sources(graph, city, shown.practice, RelType.SHARED),
        ]
        said = [
            *relation_passages(graph, city, RelType.SHARED, shown.practice),
            *relation_passages(graph, shown.practice, RelType.PRESENTED_AT, shown.event),
            *node_passages(graph, shown.event),
        ]
        return TrailEnd(
            city=city,
            city_name=self.name(city),
            practice=shown.practice,
            practice_title=info.title,
            presenters=tuple(sorted(self.name(p) for p in info.presenters)),
            event=shown.event,
            event_title=self.name(shown.event),
            date=shown.date,
            sources=self.refs(stated),
            passages=tuple(dict.fromkeys(said)),
        )

    def refs(self, source_ids: Iterable[str]) -> tuple[SourceRef, ...]:
        return tuple(self._ref(s) for s in dict.fromkeys(source_ids))

    def _ref(self, source: str) -> SourceRef:
        found = self._refs.get(source)
        if found is None:
            attrs = self.graph.nodes[source] if source in self.graph else {}
            found = self._refs[source] = SourceRef(source, source_where(attrs, source))
        return found


def _edge_sources(graph: nx.MultiDiGraph, u: str, v: str, rel: RelType) -> list[str]:
    attrs = graph.get_edge_data(u, v, key=rel.value) or {}
    return list(attrs.get("sources") or ())


Stated = tuple[str, str, RelType]  # a relation: its start, its end, its type


def _presence_relations(graph: nx.MultiDiGraph, look: _Lookups, c: Candidate) -> list[Stated]:
    """The relations that say B took part in E1, the way the trail says it did."""
    b, e = c.b, c.first.event
    if c.presence == SHARED_THERE:
        return [
            (p, e, RelType.PRESENTED_AT)
            for p in look.index.city_practices.get(b, ())
            if e in look.index.practices[p].events
        ]
    if c.presence == HOSTED:
        return [(e, b, RelType.HELD_IN)]
    if c.presence == SPOKE_THERE:
        return [
            (person, e, RelType.SPOKE_AT)
            for person, _, k in graph.in_edges(e, keys=True)
            if k == RelType.SPOKE_AT and graph.has_edge(person, b, key=RelType.REPRESENTS.value)
        ]
    country = look.country_of.get(b)
    return [(country, e, RelType.PARTICIPATED_IN)] if country else []


def _fact(rel: Stated) -> tuple[str, RelType, str]:
    start, end, kind = rel
    return start, kind, end


# --- as a table and as a graph ------------------------------------------------------------

TRAIL_COLUMNS = (
    "rank",
    "score",
    "from_city",
    "from_city_name",
    "to_city",
    "to_city_name",
    "topic",
    "topic_name",
    "first_event",
    "first_event_title",
    "first_date",
    "first_practice_title",
    "first_presenters",
    "presence",
    "later_event",
    "later_event_title",
    "later_date",
    "later_practice_title",
    "later_presenters",
    "months",
    "title_similarity",
    "topic_specificity",
    "first_sources",
    "presence_sources",
    "later_sources",
    "first_passages",
    "presence_passages",
    "later_passages",
)
TRAIL = "TRAIL"  # the trails' relation type in a graph export


def trail_rows(trails: Iterable[Trail]) -> list[dict[str, object]]:
    """One flat row per trail (``TRAIL_COLUMNS``), best first: for a table or a CSV."""
    rows = []
    for rank, t in enumerate(trails, 1):
        a, b = t.first, t.later
        rows.append(
            {
                "rank": rank,
                "score": t.score,
                "from_city": a.city,
                "from_city_name": a.city_name,
                "to_city": b.city,
                "to_city_name": b.city_name,
                "topic": t.topic or "",
                "topic_name": t.topic_name,
                "first_event": a.event,
                "first_event_title": a.event_title,
                "first_date": a.date.isoformat(),
                "first_practice_title": a.practice_title,
                "first_presenters": "; ".join(a.presenters),
                "presence": t.presence,
                "later_event": b.event,
                "later_event_title": b.event_title,
                "later_date": b.date.isoformat(),
                "later_practice_title": b.practice_title,
                "later_presenters": "; ".join(b.presenters),
                "months": t.months,
                "title_similarity": t.title_similarity,
                "first_sources": "; ".join(s.where for s in a.sources),
                "presence_sources": "; ".join(s.where for s in t.presence_sources),
                "later_sources": "; ".join(s.where for s in b.sources),
                "first_passages": passages_text(a.passages),
                "presence_passages": passages_text(t.presence_passages),
                "later_passages": passages_text(b.passages),
            }
        )
    return rows


def trails_graph(graph: nx.MultiDiGraph, trails: Iterable[Trail]) -> nx.MultiDiGraph:
    """The trails as a graph of cities (with their names, countries and coordinates) and one
    ``TRAIL`` relation per trail from A to B, carrying the trail's facts (for GEXF)."""
    out = nx.MultiDiGraph()
    for rank, t in enumerate(trails, 1):
        for city in (t.from_city, t.to_city):
            if city not in out:
                attrs = graph.nodes[city] if city in graph else {}
                out.add_node(
                    city,
                    **{
                        k: attrs[k]
                        for k in ("label", "name", "country_code", "lat", "lon")
                        if attrs.get(k) is not None
                    },
                )
        out.add_edge(
            t.from_city,
            t.to_city,
            key=f"{TRAIL}:{rank}",
            type=TRAIL,
            title=f"{t.topic_name or 'similar title'}: {t.sentence()}",
            rank=rank,
            score=t.score,
            topic=t.topic or "",
            topic_name=t.topic_name,
            first_event=t.first_event,
            first_date=t.first.date.isoformat(),
            later_event=t.later_event,
            later_date=t.later.date.isoformat(),
            year=t.later.date.year,
            months=t.months,
            presence=t.presence,
            first_practice=t.first.practice_title,
            later_practice=t.later.practice_title,
        )
    return out


__all__ = [
    "DEFAULT_TRAIL_LIMIT",
    "FACTORS",
    "TRAIL",
    "TRAIL_COLUMNS",
    "WHAT_A_TRAIL_IS",
    "Candidate",
    "SourceRef",
    "Trail",
    "TrailEnd",
    "TrailResult",
    "find_trails",
    "months_between",
    "passage_json",
    "passages_text",
    "strength",
    "title_similarity",
    "topic_specificity",
    "trail_rows",
    "trails_graph",
    "why_no_trails",
]
