"""Presenter mode: every read a view makes goes through a store that hides people's names.

``PresentedStore`` wraps the real store: every graph it returns (a subgraph, the whole
graph) has passed ``graph.read.anonymise``'s one ``Mask``, learnt once from the whole
graph; facets, details and search hits are masked the same way; and the ids it takes
(a focus, a city, an event) are the ids it showed, translated back to the store's. The
app builds each view's ``Context`` on it, so no view, table, tooltip or download sees a
name, and the URL, which holds the ids the page shows, holds none either.

The page's larger text for presenting is here too.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import networkx as nx
import streamlit as st

from graph.core.model import Label
from graph.read.anonymise import SPEAKER, Mask
from graph.read.masked import MaskedGraphs
from graph.store.base import (
    DEFAULT_SEARCH_LIMIT,
    WHOLE_GRAPH,
    Facets,
    FacetValue,
    LoadRecord,
    Neighbour,
    NodeDetail,
    SearchHit,
    Selection,
    Stats,
    SubgraphQuery,
)
from graph.ui.reader import Reader

# A style-only st.html block is applied to the page without taking space. Presenter mode
# is for a projector (1280x720 to 1920x1080): the page's header goes, the main area starts
# near the top (so the drawing, which fills the window's height, fits the first screen),
# and every text scales up: the main area's, the sidebar's, tables' (plain tables in
# presenter mode, graph/ui/frames.py) and the widgets'; long words and buttons' labels wrap
# rather than cut ("Download Graph…" at 1280x720).
_LARGER_TEXT = """<style>
header[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1.2rem; padding-bottom: 2rem; }
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] input, [data-testid="stMain"] button
  { font-size: 1.3rem; }
[data-testid="stMain"] h3 { font-size: 2.2rem; }
[data-testid="stMain"] h4 { font-size: 1.8rem; }
[data-testid="stSidebar"] p, [data-testid="stSidebar"] label, [data-testid="stSidebar"] input,
[data-testid="stSidebar"] span { font-size: 1.15rem; }
[data-testid="stMain"] button .stMarkdownEllipsis,
[data-testid="stSidebar"] button .stMarkdownEllipsis
  { white-space: normal; text-overflow: clip; }
[data-testid="stMain"] button .stMarkdownEllipsis *,
[data-testid="stSidebar"] button .stMarkdownEllipsis *
  { white-space: normal; }
[data-testid="stTable"] table { width: 100%; table-layout: auto; }
[data-testid="stTable"] td, [data-testid="stTable"] th
  { font-size: 1.15rem; white-space: normal; overflow-wrap: anywhere; overflow: visible; }
</style>"""


def apply(enabled: bool) -> None:
    """Presenter mode's larger text for the Streamlit page (the drawing has its own)."""
    if enabled:
        st.html(_LARGER_TEXT)


@dataclass(frozen=True)
class Shown:
    """The whole graph as presenter mode shows it (frozen: sessions share it), the mask
    that made it, and what the mask changes (to mask any selection of it cheaply)."""

    mask: Mask
    graph: nx.MultiDiGraph
    masked: MaskedGraphs


_SHOWN: weakref.WeakKeyDictionary[nx.MultiDiGraph, Shown] = weakref.WeakKeyDictionary()
_SHOWN_LOCK = threading.Lock()


def shown(whole: nx.MultiDiGraph, *, masked: MaskedGraphs | None = None) -> Shown:
    """The mask learnt from ``whole`` and ``whole`` masked, computed once per graph object
    (the app's whole graph is one object per data version, shared by sessions). The masked
    graph shares every dict the mask leaves alone with ``whole`` (graph/read/masked.py):
    no second copy of the graph. ``masked``: what the mask changes in ``whole``, when the
    caller has it already (kept on disk: graph/ui/store_access.py)."""
    with _SHOWN_LOCK:
        found = _SHOWN.get(whole)
        if found is None:
            masked = MaskedGraphs.of(whole) if masked is None else masked
            found = _SHOWN[whole] = Shown(
                mask=masked.mask, graph=masked.apply(whole), masked=masked
            )
        return found


class PresentedStore:
    """The reading half of a ``GraphStore`` (``graph.ui.context.Reader``) that shows no
    person's name; reads go to ``store``. It has no other method: nothing reaches the
    store unmasked by a call this class forgot (it cannot write either).

    >>> from graph.store.memory import MemoryStore
    >>> from graph.core.model import Label, Node
    >>> real = MemoryStore()
    >>> _ = real.upsert([Node(id="person:ada-lind", label=Label.PERSON,
    ...                       properties={"name": "Ada Lind"})], [])
    >>> store = PresentedStore(real, real.to_networkx())
    >>> real.search("Lind")[0].name, store.search("Lind")
    ('Ada Lind', [])
    >>> [a["name"] for _, a in store.to_networkx().nodes(data=True)]
    ['Speaker']
    """

    def __init__(
        self,
        store: Reader,
        whole: nx.MultiDiGraph,
        *,
        view: Shown | None = None,
        select: Callable[[SubgraphQuery], Selection] | None = None,
        facets: Callable[[], Facets] | None = None,
    ) -> None:
        """``store`` masked by what ``view`` (default: ``shown(whole)``) learnt from its
        whole graph; ``select`` and ``facets`` read the real store (default: ``store``'s
        own; the dashboard passes its shared, cached reads: graph/ui/store_access.py)."""
        self.store = store
        self.name = store.name
        view = shown(whole) if view is None else view
        self.mask, self.whole, self.masked = view.mask, view.graph, view.masked
        self._select = store.select if select is None else select
        self._facets = store.facets if facets is None else facets

    def shown_id(self, node_id: str) -> str:
        """The id this store shows for ``node_id``, whether it is one already or a store id
        (a link made without presenter mode, opened with it)."""
        return node_id if node_id in self.whole else self.mask.public_id(node_id)

    # --- reads, masked ---------------------------------------------------------------------

    def real_query(self, query: SubgraphQuery) -> SubgraphQuery:
        """``query`` (holding the ids this store shows) with the store's ids."""
        real = self.mask.real_id
        return replace(
            query,
            topics=frozenset(map(real, query.topics)),
            cities=frozenset(map(real, query.cities)),
            events=frozenset(map(real, query.events)),
            focus=real(query.focus) if query.focus else None,
        )

    def select(self, query: SubgraphQuery) -> Selection:
        """The store's selection for ``query`` (its ids translated back), masked; the whole
        graph is the one masked already."""
        if query == WHOLE_GRAPH:
            return Selection(graph=self.whole, total=self.whole.number_of_nodes(), truncated=False)
        found = self._select(self.real_query(query))
        return Selection(
            graph=self.masked.apply(found.graph), total=found.total, truncated=found.truncated
        )

    def to_networkx(self) -> nx.MultiDiGraph:
        return self.whole

    def facets(self) -> Facets:
        facets = self._facets()

        def masked(values: list[FacetValue]) -> list[FacetValue]:
            return [
                FacetValue(
                    id=self.mask.public_id(v.id),
                    name=self.mask.text(v.name),
                    count=v.count,
                    extra=self.mask.text(v.extra) if v.extra else v.extra,
                )
                for v in values
            ]

        return replace(
            facets,
            topics=masked(facets.topics),
            cities=masked(facets.cities),
            events=masked(facets.events),
            countries=masked(facets.countries),
        )

    def node_detail(self, node_id: str) -> NodeDetail | None:
        """The node's detail as presenter mode shows it; ``node_id`` may be the shown id or
        the store's (a view that mapped it back), the detail always carries the shown one."""
        shown_id = self.shown_id(node_id)
        if shown_id not in self.whole:
            return None
        detail = self.store.node_detail(self.mask.real_id(shown_id))
        if detail is None:
            return None
        attrs = self.whole.nodes[shown_id]
        person = detail.label == Label.PERSON
        return NodeDetail(
            id=shown_id,
            label=detail.label,
            name=SPEAKER if person else self.mask.text(detail.name),
            properties={k: v for k, v in attrs.items() if k not in ("label", "sources")},
            sources=[
                {
                    k: self.mask.public_id(str(v)) if k == "id" else self.mask.value(v)
                    for k, v in source.items()
                }
                for source in detail.sources
            ],
            neighbours=[
                Neighbour(
                    id=self.mask.public_id(n.id, n.label),
                    label=n.label,
                    name=SPEAKER if n.label == Label.PERSON else self.mask.text(n.name),
                    type=n.type,
                    direction=n.direction,
                )
                for n in detail.neighbours
            ],
        )

    def search(
        self, text: str, *, labels: Iterable[Label] = (), limit: int = DEFAULT_SEARCH_LIMIT
    ) -> list[SearchHit]:
        """The store's hits, masked; a hit that matched only through a name is dropped (so
        a search for a surname finds nothing, rather than a "Speaker")."""
        needle = text.strip().casefold()
        hits = []
        for hit in self.store.search(text, labels=labels, limit=limit * 2):
            name = SPEAKER if hit.label == Label.PERSON else self.mask.text(hit.name)
            if needle and needle not in name.casefold():
                continue
            hits.append(
                SearchHit(id=self.mask.public_id(hit.id, hit.label), label=hit.label, name=name)
            )
        return hits[:limit]

    def stats(self) -> Stats:
        return self.store.stats()

    def incomplete_loads(self) -> list[LoadRecord]:
        """The store's unfinished loads, their file names masked."""
        return [
            replace(
                load,
                inputs=tuple(self.mask.text(i) for i in load.inputs),
                error=self.mask.text(load.error),
            )
            for load in self.store.incomplete_loads()
        ]

    def version(self) -> str:
        """The store's version, marked: a cache keyed on it never serves masked results
        to a view without presenter mode, nor the other way round."""
        return f"presented:{self.store.version()}"
