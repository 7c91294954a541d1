"""How the network grew: events, participating countries and cities per year.

A country takes part in a year's events when it PARTICIPATED_IN one of them, hosted one,
or one of its cities took part; a city takes part as graph/read/analysis/index.py says
(shared a practice there, hosted it, or a representative spoke). Undated events are
counted apart (``undated``), never guessed into a year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from graph.core.model import RelType
from graph.read.analysis.index import build_index
from graph.store.base import Selection


@dataclass(frozen=True)
class YearCount:
    year: int
    events: int
    countries: int
    cities: int


@dataclass(frozen=True)
class Timeline:
    years: list[YearCount]  # every year from the first to the last, gaps as zeros
    undated_events: int

    def as_json(self) -> dict:
        return asdict(self)

    def rows(self) -> list[dict[str, int]]:
        """One dict per year, ready for a chart or a table."""
        return [asdict(y) for y in self.years]


def per_year(selection: Selection) -> Timeline:
    """Events, countries and cities per year of the events in the selection.

    Example (the graph of tests/graph_fixtures.py)::

        [(y.year, y.events, y.countries, y.cities) for y in per_year(selection).years]
        -> [(2021, 1, 3, 2), (2022, 0, 0, 0), (2023, 1, 2, 2)]
    """
    graph = selection.graph
    index = build_index(graph)
    event_year = {e: d.year for e, d in index.event_dates.items() if d is not None}
    countries: dict[int, set[str]] = defaultdict(set)
    cities: dict[int, set[str]] = defaultdict(set)
    events: dict[int, int] = defaultdict(int)
    for year in event_year.values():
        events[year] += 1
    for u, v, k in graph.edges(keys=True):
        if k == RelType.PARTICIPATED_IN and v in event_year:
            countries[event_year[v]].add(u)
    for city, taken in index.city_events.items():
        code = graph.nodes[city].get("country_code")
        for e in taken:
            if e in event_year:
                cities[event_year[e]].add(city)
                if code:
                    countries[event_year[e]].add(f"country:{str(code).lower()}")
    if not event_year:
        return Timeline(years=[], undated_events=len(index.event_dates))
    first, last = min(event_year.values()), max(event_year.values())
    years = [
        YearCount(year=y, events=events[y], countries=len(countries[y]), cities=len(cities[y]))
        for y in range(first, last + 1)
    ]
    return Timeline(years=years, undated_events=len(index.event_dates) - len(event_year))
