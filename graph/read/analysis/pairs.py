"""Pairs of cities that share events or topics, counted at once by sparse matrix products.

Two cities share an event when both took part in it, a topic when both shared a practice
on it (graph/read/analysis/index.py). With the cities x events incidence matrix ``E``,
``E·Eᵀ`` holds every pair's shared events (scipy's C code); the topics a pair shares are
the dot product of their two rows of the cities x topics matrix. Going pair by pair over
each event's cities (``itertools.combinations``) took 2.7 s for the 105,702 pairs of
``synth --events 5000``.

Only counts are made for every pair; which events and topics a pair shares are read for
the few pairs a drawing shows (``shared_events``, ``shared_topics``).

>>> import networkx as nx
>>> from graph.read.analysis.index import build_index
>>> g = nx.MultiDiGraph()
>>> for c in ("a", "b", "c"):
...     g.add_node(f"city:xx:{c}", label="City")
>>> g.add_node("event:e", label="Event")
>>> for c in ("a", "b"):
...     g.add_node(f"practice:{c}", label="Practice")
...     _ = g.add_edge(f"city:xx:{c}", f"practice:{c}", key="SHARED")
...     _ = g.add_edge(f"practice:{c}", "event:e", key="PRESENTED_AT")
>>> found = linked_pairs(build_index(g))
>>> list(found.named())
[('city:xx:a', 'city:xx:b', 1, 0)]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from graph.read.analysis.index import CityIndex


@dataclass(frozen=True)
class Pairs:
    """Pairs of cities (``first[k] < second[k]``, positions in ``cities``, which is sorted,
    so position order is id order) with the events and topics each pair shares."""

    cities: tuple[str, ...]
    first: np.ndarray
    second: np.ndarray
    events: np.ndarray  # how many events the pair shares
    topics: np.ndarray  # how many of the counted topics it shares

    def __len__(self) -> int:
        return len(self.first)

    def named(self) -> Iterator[tuple[str, str, int, int]]:
        """(city, city, shared events, shared topics) for every pair."""
        cities = self.cities
        for a, b, e, t in zip(
            self.first.tolist(),
            self.second.tolist(),
            self.events.tolist(),
            self.topics.tolist(),
            strict=True,
        ):
            yield cities[a], cities[b], e, t


def linked_pairs(
    index: CityIndex, *, topics: Collection[str] | None = None, by_topics: bool = False
) -> Pairs:
    """The pairs that met at an event (and with ``by_topics``, also those sharing one of
    ``topics``), each with its shared events and its shared topics among ``topics``
    (default: every topic)."""
    cities = tuple(sorted({*index.cities, *index.city_events, *index.city_topics}))
    position = {c: i for i, c in enumerate(cities)}
    counted = list(index.topic_cities) if topics is None else [t for t in topics]
    events = _incidence(position, index.event_cities)
    subjects = _incidence(position, {t: index.topic_cities.get(t, ()) for t in counted})
    met = sparse.triu(events @ events.T, k=1).tocsr()  # each pair's shared events
    alike = sparse.triu(subjects @ subjects.T, k=1).tocsr() if by_topics else None
    found = (met if alike is None else met + alike).tocoo()
    first, second = found.row.astype(np.int64), found.col.astype(np.int64)
    order = np.lexsort((second, first))  # by first city, then second
    first, second = first[order], second[order]
    return Pairs(
        cities=cities,
        first=first,
        second=second,
        # Read off the products made already: counting again row by row for every pair
        # was 34% of the Metrics view at a million table rows.
        events=_at(met, first, second),
        topics=_shared(subjects, first, second) if alike is None else _at(alike, first, second),
    )


def _at(matrix: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``matrix[first[k], second[k]]`` for every k (0 where it holds nothing)."""
    if len(first) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(matrix[first, second], dtype=np.int64).ravel()


def _incidence(
    position: Mapping[str, int], members: Mapping[str, Collection[str]]
) -> sparse.csr_matrix:
    """The cities x features matrix: 1 where the city has the feature."""
    rows, columns = [], []
    for column, cities in enumerate(members.values()):
        for city in cities:
            rows.append(position[city])
            columns.append(column)
    data = np.ones(len(rows), dtype=np.int32)
    shape = (len(position), len(members))
    return sparse.csr_matrix((data, (rows, columns)), shape=shape)


def _shared(matrix: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """For each pair, how many features (columns of ``matrix``) both cities have."""
    if len(first) == 0 or matrix.shape[1] == 0:
        return np.zeros(len(first), dtype=np.int64)
    both = matrix[first].multiply(matrix[second])
    return np.asarray(both.sum(axis=1), dtype=np.int64).ravel()


def strongest(pairs: Pairs, weights: np.ndarray, per_city: int) -> list[tuple[str, str]]:
    """Each city's ``per_city`` strongest pairs (ties by the other city's id), the union
    over cities, as (city, city) with the smaller id first, in id order."""
    if len(pairs) == 0:
        return []
    owner = np.concatenate([pairs.first, pairs.second])
    other = np.concatenate([pairs.second, pairs.first])
    weight = np.concatenate([weights, weights])
    pair = np.concatenate([np.arange(len(pairs))] * 2)
    order = np.lexsort((other, -weight, owner))
    owner, pair = owner[order], pair[order]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    rank = np.arange(len(owner)) - np.repeat(starts, np.diff(np.r_[starts, len(owner)]))
    kept = np.unique(pair[rank < per_city])
    cities = pairs.cities
    return [(cities[pairs.first[k]], cities[pairs.second[k]]) for k in kept.tolist()]


def shared_events(index: CityIndex, a: str, b: str) -> list[str]:
    """The events both cities took part in, by id."""
    return sorted(set(index.city_events.get(a, {})) & set(index.city_events.get(b, {})))


def shared_topics(
    index: CityIndex, a: str, b: str, *, among: Collection[str] | None = None
) -> list[str]:
    """The topics both cities shared a practice on (those in ``among`` only), by id."""
    found = set(index.city_topics.get(a, {})) & set(index.city_topics.get(b, {}))
    return sorted(found if among is None else found & set(among))


__all__ = ["Pairs", "linked_pairs", "shared_events", "shared_topics", "strongest"]
