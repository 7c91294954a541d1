"""Search in one step: the node whose name best matches what was typed, typos forgiven.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("city:ee:tartu", label="City", name="Tartu")
>>> g.add_node("city:bo:la-paz", label="City", name="La Paz")
>>> best_match("Tarty", g), best_match("la paz", g), best_match("Reykjavik", g)
('city:ee:tartu', 'city:bo:la-paz', None)
"""

from __future__ import annotations

import networkx as nx
from rapidfuzz import fuzz, process, utils

from graph.core.model import Label, display_name

MIN_SCORE = 75  # rapidfuzz's WRatio, 0-100: "Tarty" -> "Tartu" scores 80


def best_match(text: str, graph: nx.MultiDiGraph) -> str | None:
    """The id of the node (never a Source) whose name or other names best match ``text``;
    an exact match (ignoring case) wins; ties go to the better-connected node, then the id."""
    needle = utils.default_process(text)
    if not needle:
        return None
    choices: dict[tuple[str, int], str] = {}
    for node, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        if attrs.get("label") == Label.SOURCE:
            continue
        names = [display_name(dict(attrs), str(node)), *(attrs.get("names") or ())]
        for i, name in enumerate(names):
            choices[(str(node), i)] = str(name)
    exact = [key[0] for key, name in choices.items() if utils.default_process(name) == needle]
    if exact:
        return max(exact, key=lambda n: (graph.degree(n), [-ord(c) for c in n]))
    hits = process.extract(
        needle,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        score_cutoff=MIN_SCORE,
        limit=20,
    )
    if not hits:
        return None
    top = max(score for _, score, _ in hits)
    best = sorted({key[0] for _, score, key in hits if score == top})
    return max(best, key=lambda n: (graph.degree(n), [-ord(c) for c in n]))
