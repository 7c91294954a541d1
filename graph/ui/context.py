"""What every view gets: the store, the settings, the view state, and the one read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from graph.core.settings import Settings
from graph.read.masked import MaskedGraphs
from graph.store.base import WHOLE_GRAPH, Facets, Selection, SubgraphQuery
from graph.ui import store_access
from graph.ui.reader import Reader
from graph.ui.viewstate import ViewState

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    store: Reader  # the store, or presenter mode's (graph/ui/presenter.PresentedStore)
    settings: Settings
    state: ViewState
    facets: Facets
    version: str  # the store's version when this run began: every read of the run uses it
    admin: bool = False
    scenes: Any = None  # graph/ui/scenes.Scenes: the scenes kept with the graph

    def select(self, query: SubgraphQuery) -> Selection:
        """The one read for every view, cached per session by (version, query). In presenter
        mode ``store`` is the PresentedStore, whose selections hide people already."""
        return store_access.select(
            self.store, query, version=self.version, presenter=self.state.presenter
        )

    def result(
        self,
        name: str,
        query: SubgraphQuery,
        make: Callable[[Selection], T],
        *,
        masked: Callable[[T, MaskedGraphs], T] | None = None,
        disk: store_access.Codec | None = None,
    ) -> T:
        """``make(selection of query)``, once per data version for every session (the city
        map, metrics: graph/ui/store_access.py); in presenter mode the same result masked
        by ``masked``. ``disk``: kept beside the graph file too, for the unfiltered graph."""
        return store_access.result(
            self.store,
            name,
            query,
            make,
            version=self.version,
            presenter=self.state.presenter,
            masked=masked,
            disk=disk,
        )

    def network(self) -> Selection:
        """The sidebar's selection: what the Network view draws."""
        return self.select(self.state.query())

    def table(self) -> Selection:
        """The sidebar's selection with every kind of node and no cap, for the tables
        describing it: they list everything the filters (and focus) select; "Show at
        most" caps the drawing only."""
        return self.select(self.table_query())

    def table_query(self) -> SubgraphQuery:
        """The query of ``table``'s selection."""
        return replace(self.state.query().widened(), limit=None)

    def whole(self) -> Selection:
        """The whole graph, uncapped: what the analysis views (peers, metrics) read."""
        return self.select(WHOLE_GRAPH)
