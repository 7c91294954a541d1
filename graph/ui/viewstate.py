"""The dashboard's view as URL query parameters, so a copied link opens the same view.

One frozen ``ViewState`` holds every filter and switch; ``from_params`` reads it from
``st.query_params`` (tolerating junk: a bad value falls back to its default, since a link
is user input), ``to_params`` writes only what differs from the defaults.

>>> state = ViewState(topics=("topic:mobility",), presenter=True, limit=800,
...                   peer_topics=("topic:waste",), path_from="city:ee:tartu", node="event:x",
...                   drawing="cities")
>>> ViewState.from_params(state.to_params()) == state
True
>>> ViewState.from_params({"limit": "lots", "labels": "City,Nonsense"}).labels
('City',)
>>> ViewState.from_params({"drawing": "hairball"}).drawing
'auto'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date

from graph.core.days import stored_day
from graph.core.model import Label
from graph.store.base import DEFAULT_NODE_LIMIT, SubgraphQuery

# Cities, their practices and the events they met at: a network from the first picture
# (cities and practices alone are pairs with nothing between them).
DEFAULT_LABELS: tuple[str, ...] = (Label.CITY.value, Label.PRACTICE.value, Label.EVENT.value)
MAX_LIMIT = 5000
MAX_HOPS = 4
# What the Network view draws: the node kinds chosen, the city map (cities linked when they
# met), or "auto": the city map for a large network, the kinds otherwise (graph/ui/network_tab).
DRAWINGS = ("auto", "kinds", "cities")

_LISTS = ("labels", "topics", "countries", "cities", "events", "peer_topics")
_IDS = ("focus", "city", "node", "path_from", "path_to")  # one node id each
_NUMBERS = ("hops", "limit", "peers")
DEFAULT_PEERS = 10
MAX_PEERS = 100


@dataclass(frozen=True)
class ViewState:
    """Everything a link should restore."""

    tab: str = "network"
    labels: tuple[str, ...] = DEFAULT_LABELS
    topics: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    focus: str | None = None
    hops: int = 1
    limit: int = DEFAULT_NODE_LIMIT
    presenter: bool = False
    city: str | None = None  # the City profile's (and the Peer finder's) city
    node: str | None = None  # the node detail panel's node
    peer_topics: tuple[str, ...] = ()  # the Peer finder's "works on" topics
    peers: int = DEFAULT_PEERS  # how many peers the Peer finder lists
    path_from: str | None = None  # the Metrics view's "How are two cities connected?"
    path_to: str | None = None
    drawing: str = "auto"  # one of DRAWINGS

    @classmethod
    def from_params(cls, params: Mapping[str, str | list[str]]) -> ViewState:
        """The state a link describes; unknown keys and bad values are ignored."""
        raw = _last(params)
        values: dict[str, object] = {}
        for name in _LISTS:
            if name in raw:
                items = tuple(dict.fromkeys(p for p in str(raw[name]).split(",") if p))
                if name == "labels":
                    items = tuple(i for i in items if i in Label.__members__.values())
                values[name] = items
        for name in ("date_from", "date_to"):
            values[name] = stored_day(raw.get(name))
        for name in _IDS:
            values[name] = str(raw[name]) if raw.get(name) else None
        if re.fullmatch(r"[a-z_]{1,24}", str(raw.get("tab", ""))):
            values["tab"] = raw["tab"]  # the app checks it names a view it has
        values["hops"] = _int(raw.get("hops"), default=1, low=1, high=MAX_HOPS)
        values["limit"] = _int(raw.get("limit"), default=DEFAULT_NODE_LIMIT, low=1, high=MAX_LIMIT)
        values["peers"] = _int(raw.get("peers"), default=DEFAULT_PEERS, low=1, high=MAX_PEERS)
        values["presenter"] = str(raw.get("presenter", "")).lower() in ("1", "true", "yes", "on")
        if raw.get("drawing") in DRAWINGS:
            values["drawing"] = raw["drawing"]
        return cls(**values)  # type: ignore[arg-type]

    @staticmethod
    def unread(params: Mapping[str, str | list[str]]) -> list[str]:
        """The link's dates and numbers that ``from_params`` had to ignore, as given (so the
        page can say why a link opened without them).

        >>> ViewState.unread({"date_from": "2021-02-30", "date_to": "2021-12-31", "hops": "x"})
        ['date_from=2021-02-30', 'hops=x']
        """
        raw = _last(params)
        bad = [n for n in ("date_from", "date_to") if raw.get(n) and stored_day(raw[n]) is None]
        bad += [n for n in _NUMBERS if raw.get(n) and not _is_int(raw[n])]
        return [f"{n}={raw[n]}" for n in bad]

    def to_params(self) -> dict[str, str]:
        """Query parameters for this state: only what differs from the default view."""
        default = ViewState()
        params: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if f.name in _LISTS:
                params[f.name] = ",".join(value)
            elif isinstance(value, bool):
                params[f.name] = "1" if value else "0"
            elif isinstance(value, date):
                params[f.name] = value.isoformat()
            elif value is not None:
                params[f.name] = str(value)
        return params

    def query(self) -> SubgraphQuery:
        """The store query for the Network view."""
        return SubgraphQuery(
            labels=frozenset(Label(v) for v in self.labels),
            topics=frozenset(self.topics),
            countries=frozenset(self.countries),
            cities=frozenset(self.cities),
            events=frozenset(self.events),
            date_from=self.date_from,
            date_to=self.date_to,
            focus=self.focus,
            hops=self.hops,
            limit=self.limit,
        )

    def why_empty(self) -> str | None:
        """Why no view can show anything with these filters, when the filters say so.

        >>> ViewState(date_from=date(2024, 5, 1), date_to=date(2023, 1, 1)).why_empty()
        'the start date (2024-05-01) is after the end date (2023-01-01)'
        """
        if self.date_from and self.date_to and self.date_from > self.date_to:
            return (
                f"the start date ({self.date_from.isoformat()}) is after the end date "
                f"({self.date_to.isoformat()})"
            )
        return None

    def replace(self, **changes: object) -> ViewState:
        return replace(self, **changes)  # type: ignore[arg-type]


def _last(params: Mapping[str, str | list[str]]) -> dict[str, str]:
    """One value per parameter: the last of a repeated one (the one a user added last)."""
    return {k: str(v[-1] if isinstance(v, list) else v) for k, v in params.items() if v != []}


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _int(value: object, *, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, low), high)
