"""What the dashboard's views may ask of a store: its reading half.

Every view gets a ``Reader`` (graph/ui/context.py): the store itself, or in presenter mode
graph/ui/presenter.PresentedStore, which implements exactly these methods, each masked.
A view that needs another call must add it here, and so to the presenter's store, where
it is masked or mypy says it is missing: no call reaches the store unmasked by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import networkx as nx

from graph.core.model import Label
from graph.store.base import (
    DEFAULT_SEARCH_LIMIT,
    Facets,
    LoadRecord,
    NodeDetail,
    SearchHit,
    Selection,
    Stats,
    SubgraphQuery,
)


class Reader(Protocol):
    """The reads of ``graph.store.base.GraphStore`` the dashboard makes."""

    name: str

    def select(self, query: SubgraphQuery) -> Selection: ...

    def facets(self) -> Facets: ...

    def node_detail(self, node_id: str) -> NodeDetail | None: ...

    def search(
        self, text: str, *, labels: Iterable[Label] = (), limit: int = DEFAULT_SEARCH_LIMIT
    ) -> list[SearchHit]: ...

    def stats(self) -> Stats: ...

    def version(self) -> str: ...

    def to_networkx(self) -> nx.MultiDiGraph: ...

    def incomplete_loads(self) -> list[LoadRecord]: ...
