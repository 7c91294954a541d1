"""What every view gets: the store, the settings, the view state, and the one read."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graph.core.settings import Settings
from graph.store.base import WHOLE_GRAPH, Facets, Selection, SubgraphQuery
from graph.ui import store_access
from graph.ui.reader import Reader
from graph.ui.viewstate import ViewState


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

    def network(self) -> Selection:
        """The sidebar's selection: what the Network view draws."""
        return self.select(self.state.query())

    def table(self) -> Selection:
        """The sidebar's selection with every kind of node and no cap, for the tables
        describing it: they list everything the filters (and focus) select; "Show at
        most" caps the drawing only."""
        return self.select(replace(self.state.query().widened(), limit=None))

    def whole(self) -> Selection:
        """The whole graph, uncapped: what the analysis views (peers, metrics) read."""
        return self.select(WHOLE_GRAPH)
