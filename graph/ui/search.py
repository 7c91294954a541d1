"""Search in one step: every node whose name matches what was typed, best first, typos
forgiven.

Names come before codes: a name that is the text, starts with it, or holds it as a word
ranks first, then a code (a country's ``AT``, a city's country code) that *is* the text,
then names only similar to it ("Tarty" for Tartu). A code never matches in part, nor a
name much shorter than the text, so "heat" does not find Austria through ``AT``; and
similar names count from ``FUZZY_FROM`` characters typed. Within
a rank: the closer, then the better connected, then the id.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("city:ee:tartu", label="City", name="Tartu", country_code="EE")
>>> g.add_node("city:bo:la-paz", label="City", name="La Paz")
>>> g.add_node("country:at", label="Country", name="Austria", code="AT")
>>> g.add_node("practice:h", label="Practice", title="Heat action plan")
>>> best_match("Tarty", g), best_match("la paz", g), best_match("Reykjavik", g)
('city:ee:tartu', 'city:bo:la-paz', None)
>>> [m.id for m in matches("heat", g)], [m.id for m in matches("at", g)]
(['practice:h'], ['country:at'])
>>> g.add_node("practice:n", label="Practice", title=3.5)  # a title that is not text
>>> [m.id for m in matches("3.5", g)]
['practice:n']
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from rapidfuzz import fuzz, process, utils

from graph.core.model import Label, display_name

MIN_SCORE = 75  # rapidfuzz's WRatio, 0-100: "Tarty" -> "Tartu" scores 80
FUZZY_FROM = 4  # characters typed before similar names count ("at" is in too many)
CODE_KEYS = ("code",)  # properties that are codes: matched whole or not at all
EXACT, STARTS, WORD, CODE, SIMILAR = range(5)  # the ranks, best first
HOW = {
    EXACT: "name",
    STARTS: "name starts so",
    WORD: "word in the name",
    CODE: "code",
    SIMILAR: "similar name",
}


@dataclass(frozen=True)
class Match:
    """A node found: its id, kind, name, and how it matched (a ``HOW`` word)."""

    id: str
    label: str
    name: str
    rank: int
    score: float

    @property
    def how(self) -> str:
        return HOW[self.rank]


def _names(attrs: dict[str, object], node: str) -> list[str]:
    names = [display_name(attrs, node), *(attrs.get("names") or ())]  # type: ignore[misc]
    return [str(n) for n in names if n not in (None, "")]


def _rank(needle: str, name: str) -> int | None:
    """How a processed name holds the processed text, or None."""
    if name == needle:
        return EXACT
    if name.startswith(needle):
        return STARTS
    if f" {needle}" in f" {name}":
        return WORD
    return None


def matches(text: str, graph: nx.MultiDiGraph, *, limit: int | None = None) -> list[Match]:
    """Every node of ``graph`` (never a Source) matching ``text``, best first."""
    needle = utils.default_process(text)
    if not needle:
        return []
    found: dict[str, tuple[int, float]] = {}

    def keep(node: str, rank: int, score: float) -> None:
        if node not in found or (rank, -score) < (found[node][0], -found[node][1]):
            found[node] = (rank, score)

    fuzzy: dict[tuple[str, int], str] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") == Label.SOURCE:
            continue
        node = str(node)
        for i, name in enumerate(_names(dict(attrs), node)):
            processed = utils.default_process(name)
            rank = _rank(needle, processed)
            if rank is not None:
                keep(node, rank, 100.0)
            elif len(needle) >= FUZZY_FROM and len(processed) >= len(needle) - 1:
                # (a name much shorter than the text is no partial match of it)
                fuzzy[(node, i)] = processed
        for key in CODE_KEYS:
            code = attrs.get(key)
            if code is not None and utils.default_process(str(code)) == needle:
                keep(node, CODE, 100.0)
    for _, score, (node, _) in process.extract(
        needle, fuzzy, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, limit=None
    ):
        keep(node, SIMILAR, score)
    order = sorted(
        found,
        key=lambda n: (found[n][0], -found[n][1], -graph.degree(n), n),
    )
    return [
        Match(
            id=n,
            label=str(graph.nodes[n].get("label", "")),
            name=display_name(dict(graph.nodes[n]), n),
            rank=found[n][0],
            score=found[n][1],
        )
        for n in order[:limit]
    ]


def best_match(text: str, graph: nx.MultiDiGraph) -> str | None:
    """The id of the best match for ``text`` (see ``matches``), or None."""
    found = matches(text, graph, limit=1)
    return found[0].id if found else None
