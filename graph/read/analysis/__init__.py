"""Peer finder and network analysis, with networkx on whatever graph a store returns.

- ``find_peers``: ranked peer cities with evidence and a one-line reason, in a
  ``PeerScope`` (the store's selections for the filters) (peers.py)
- ``compute_metrics``: degree, betweenness, communities, bridging cities (metrics.py)
- ``city_path``: the chain of practices, events and people between two cities (paths.py)
- ``per_year``: events, countries and cities per year (timeline.py)
- ``find_trails``: learning trails, who may have learned from whom (trails.py)
"""

from graph.read.analysis.index import AnalysisInputError, build_index, resolve_city, resolve_topic
from graph.read.analysis.metrics import (
    CITY_METRICS,
    city_network,
    city_projection,
    compute_metrics,
    graph_metrics,
)
from graph.read.analysis.paths import city_path
from graph.read.analysis.peers import PeerScope, find_peers
from graph.read.analysis.timeline import per_year

__all__ = [
    "CITY_METRICS",
    "AnalysisInputError",
    "PeerScope",
    "build_index",
    "city_network",
    "city_path",
    "city_projection",
    "compute_metrics",
    "find_peers",
    "graph_metrics",
    "per_year",
    "resolve_city",
    "resolve_topic",
]
