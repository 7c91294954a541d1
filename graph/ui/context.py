"""What every view gets: the store, the settings, the view state and cached graph data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graph.core.settings import Settings
from graph.store.base import Facets, GraphStore
from graph.ui.viewstate import ViewState


@dataclass(frozen=True)
class Context:
    store: GraphStore
    settings: Settings
    state: ViewState
    facets: Facets
    full_graph: Callable[[], nx.MultiDiGraph]  # the whole graph, cached per store version
    admin: bool = False
