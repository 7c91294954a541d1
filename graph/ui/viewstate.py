"""The dashboard's view: every setting declared once, and everything else derived from it.

A *setting* is one thing a link restores: a filter, a switch, the selected node, the
camera. Each is one line in ``ViewState``'s class body, saying

- its **name**: the ``ViewState`` attribute, the URL parameter and the Streamlit session
  key (a widget's ``key``), all the same word;
- its **type and URL form** (``Form``): how it is read from a link (junk is ignored and
  named, since a link is user input) and written back, and how its widget holds it;
- its **default** (a default value is never written into the URL);
- its **widget** (``Widget``: drawn by the sidebar, graph/ui/sidebar.py) or none (a view
  draws it under the same key, or clicks set it);
- the **query** field it fills (``SubgraphQuery``) when it filters what the store selects;
- whether it holds **node ids** (``Ids``/``OneId`` forms: checked against the graph when a
  link is opened, translated when presenter mode is switched).

From these the rest follows, for every setting alike: ``read`` (a link -> a state and
what it ignored), ``to_params`` (a state -> the link), ``from_session``/``to_session``
(the widgets' state <-> a state), ``query`` (the store query). So a new setting is in the
link, survives Back/Forward and presenter mode, and is checked, by being declared.

**To add a setting** (a Map view's zoom, a time period...), add one line to ``ViewState``:

    period = Setting(Words(), default=(), widget=Widget("multiselect", "Period", "years"))

then read it as ``ctx.state.period``; draw its widget in a view with ``key="period"`` when
it has no sidebar ``Widget``. A new view name (``?tab=map``) is a key of ``app.views()``.

>>> state = ViewState(topics=("topic:mobility",), presenter=True, limit=800,
...                   peer_topics=("topic:waste",), path_from="city:ee:tartu", node="event:x",
...                   drawing="cities", camera=(10.5, -3.0, 1.25))
>>> ViewState.from_params(state.to_params()) == state
True
>>> state.to_params()["camera"]
'10.5,-3,1.25'
>>> ViewState.from_params({"limit": "lots", "labels": "City,Nonsense"}).labels
('City',)
>>> ViewState.from_params({"drawing": "hairball"}).drawing
'auto'
>>> for part in ViewState.read({"hops": "x", "labels": "City,Blob"}).ignored:
...     print(part.param, "-", part.why)
labels=Blob - not one of City, Country, Event, Organisation, Person, Practice, Source, Topic
hops=x - not a whole number
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Generic, Protocol, TypeVar, overload

from graph.core.days import stored_day
from graph.core.model import Label
from graph.read.tables import PRACTICE_COLUMNS
from graph.store.base import DEFAULT_NODE_LIMIT, SubgraphQuery

T = TypeVar("T")

# Cities, their practices and the events they met at: a network from the first picture
# (cities and practices alone are pairs with nothing between them).
DEFAULT_LABELS: tuple[str, ...] = (Label.CITY.value, Label.PRACTICE.value, Label.EVENT.value)
MAX_LIMIT = 5000
MAX_HOPS = 4
# What the Network view draws: the node kinds chosen, the city map (cities linked when they
# met), or "auto": the city map for a large network, the kinds otherwise (graph/ui/network_tab).
DRAWINGS = ("auto", "kinds", "cities")
DEFAULT_PEERS = 10
MAX_PEERS = 100
MAX_TEXT = 200  # characters of typed text a link keeps
MAX_IDS = 200  # node ids one setting keeps from a link


class Session(Protocol):
    """Where widgets keep their values: ``st.session_state`` (a dict in tests)."""

    def __contains__(self, key: str) -> bool: ...

    def __getitem__(self, key: str) -> Any: ...

    def __setitem__(self, key: str, value: Any) -> None: ...


class Unreadable(ValueError):
    """A link's value a form cannot read; the message says why, for the user."""


# --- URL forms: how a value is written in a link and held by its widget -------------------


class Form(Generic[T]):
    """How one kind of value is written in a link (``write``/``read``) and held by its
    widget (``widget_value``/``from_widget``). ``read`` raises ``Unreadable`` for junk;
    ``read_part`` keeps what it can of a list, returning the items it dropped."""

    ids = False  # holds node ids (checked against the graph, translated in presenter mode)

    def read(self, text: str) -> T:
        raise NotImplementedError

    def read_part(self, text: str) -> tuple[T, list[str], str]:
        """The value, the parts dropped and why (a list keeps its good items)."""
        return self.read(text), [], ""

    def write(self, value: T) -> str:
        return str(value)

    def widget_value(self, value: T) -> Any:
        return value

    def from_widget(self, raw: Any) -> T:
        return raw


class Flag(Form[bool]):
    def read(self, text: str) -> bool:
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off", ""):
            return False
        raise Unreadable("not 1 or 0")

    def write(self, value: bool) -> str:
        return "1" if value else "0"

    def from_widget(self, raw: Any) -> bool:
        return bool(raw)


@dataclass(frozen=True)
class Number(Form[int]):
    """A whole number, held within ``low``..``high``."""

    low: int
    high: int

    def read(self, text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise Unreadable("not a whole number") from None
        return min(max(number, self.low), self.high)

    def from_widget(self, raw: Any) -> int:
        return int(raw)


class Day(Form["date | None"]):
    def read(self, text: str) -> date | None:
        day = stored_day(text)
        if day is None and text:
            raise Unreadable("not a date (YYYY-MM-DD)")
        return day

    def write(self, value: date | None) -> str:
        return value.isoformat() if value else ""


@dataclass(frozen=True)
class Choice(Form[str]):
    """One of ``options``; empty ``options``: any short lower-case word (the app checks it,
    as it checks a view's name against the views it has)."""

    options: tuple[str, ...] = ()

    def read(self, text: str) -> str:
        if self.options and text not in self.options:
            raise Unreadable(f"not one of {', '.join(self.options)}")
        if not self.options and not re.fullmatch(r"[a-z_]{1,24}", text):
            raise Unreadable("not a view's name")
        return text

    def from_widget(self, raw: Any) -> str:
        return str(raw or (self.options[0] if self.options else ""))


class Text(Form[str]):
    def read(self, text: str) -> str:
        return text[:MAX_TEXT]

    def from_widget(self, raw: Any) -> str:
        return str(raw or "")


@dataclass(frozen=True)
class Words(Form[tuple[str, ...]]):
    """A comma-separated list, each item once, in order; with ``options`` only those
    (others are dropped and named); ``upper`` for codes (countries)."""

    options: tuple[str, ...] = ()
    upper: bool = False
    most: int = MAX_IDS

    def read(self, text: str) -> tuple[str, ...]:
        return self.read_part(text)[0]

    def read_part(self, text: str) -> tuple[tuple[str, ...], list[str], str]:
        items = [p.strip() for p in text.split(",") if p.strip()]
        if self.upper:
            items = [i.upper() for i in items]
        items = list(dict.fromkeys(items))
        dropped = [i for i in items if self.options and i not in self.options]
        kept = [i for i in items if i not in dropped]
        return tuple(kept[: self.most]), dropped, f"not one of {', '.join(self.options)}"

    def write(self, value: tuple[str, ...]) -> str:
        return ",".join(value)

    def widget_value(self, value: tuple[str, ...]) -> list[str]:
        return list(value)

    def from_widget(self, raw: Any) -> tuple[str, ...]:
        return tuple(raw or ())


class Ids(Words):
    """Node ids, comma-separated (ids never hold a comma: graph/core/model.make_id)."""

    ids = True


class OneId(Form["str | None"]):
    ids = True

    def read(self, text: str) -> str | None:
        return text[:MAX_TEXT] or None

    def write(self, value: str | None) -> str:
        return value or ""

    def from_widget(self, raw: Any) -> str | None:
        return str(raw) if raw else None


Camera = tuple[float, float, float]  # the drawing's centre (canvas units) and zoom


class CameraForm(Form["Camera | None"]):
    """Where the drawing looks: ``x,y,zoom``."""

    def read(self, text: str) -> Camera | None:
        try:
            x, y, zoom = (float(p) for p in text.split(","))
        except ValueError:
            raise Unreadable("not x,y,zoom") from None
        if not all(math.isfinite(v) for v in (x, y, zoom)) or not 0.01 <= zoom <= 8:
            raise Unreadable("not x,y,zoom (zoom 0.01 to 8)")
        return (x, y, zoom)

    def write(self, value: Camera | None) -> str:
        if value is None:
            return ""
        x, y, zoom = value
        return f"{round(x, 1):g},{round(y, 1):g},{round(zoom, 3):g}"

    def from_widget(self, raw: Any) -> Camera | None:
        if not raw:
            return None
        x, y, zoom = raw
        return (float(x), float(y), float(zoom))


class PeriodForm(Form["str | None"]):
    """Years of the time control: ``2016-2019`` (the earlier first)."""

    def read(self, text: str) -> str | None:
        match = re.fullmatch(r"(\d{4})-(\d{4})", text.strip())
        if not match:
            raise Unreadable("not years as YYYY-YYYY")
        first, last = sorted(int(g) for g in match.groups())
        return f"{first}-{last}"

    def write(self, value: str | None) -> str:
        return value or ""

    def from_widget(self, raw: Any) -> str | None:
        return self.read(str(raw)) if raw else None


# --- widgets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Widget:
    """How the sidebar draws a setting: ``kind`` names one of its drawing functions
    (graph/ui/sidebar.WIDGETS: radio, toggle, multiselect, date, node, slider, number),
    ``label`` is what the user reads, ``options`` where the choices come from (a ``Facets``
    list: topics, countries, cities, events; or labels, views), ``group`` the heading it
    sits under."""

    kind: str
    label: str
    options: str = ""
    help: str = ""
    group: str = ""


# --- settings ------------------------------------------------------------------------------


class Setting(Generic[T]):
    """One setting of the view (see the module's docstring); an attribute of ``ViewState``
    (``state.topics`` is the value, ``ViewState.topics`` the declaration)."""

    name: str

    def __init__(
        self,
        form: Form[T],
        *,
        default: T,
        widget: Widget | None = None,
        query: str | None = None,
        to_query: Callable[[T], object] | None = None,
        known: str | None = None,
        step: bool = True,
    ) -> None:
        self.form = form
        self.default = default
        self.widget = widget
        self.query = query  # the SubgraphQuery field it fills
        self.to_query = to_query or _query_value
        # Where its ids must be found when a link is opened: a Facets list (topics,
        # countries, cities, events) or "node" (any node of the graph).
        self.known = known
        # Whether a change of it is a step of the browser's history that Back returns
        # over; one that is not (the camera) replaces the current entry instead.
        self.step = step

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if "SETTINGS" not in owner.__dict__:
            owner.SETTINGS = {}  # type: ignore[attr-defined]
        owner.SETTINGS[name] = self  # type: ignore[attr-defined]

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Setting[T]: ...
    @overload
    def __get__(self, obj: ViewState, owner: type | None = None) -> T: ...
    def __get__(self, obj: ViewState | None, owner: type | None = None) -> Setting[T] | T:
        if obj is None:
            return self
        return obj._values[self.name]

    def __repr__(self) -> str:
        return f"Setting({self.name!r})"


def _query_value(value: object) -> object:
    return frozenset(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Ignored:
    """A part of a link that was not used, and why (for the line above the view)."""

    param: str  # as the link had it: "topics=topic:flood"
    why: str


@dataclass(frozen=True)
class Reading:
    """A link read: the state it describes and what of it was ignored."""

    state: ViewState
    ignored: tuple[Ignored, ...] = ()

    def notice(self) -> str | None:
        """One line naming what was ignored, or None.

        >>> ViewState.read({"hops": "x"}).notice()
        'Ignored in the link: hops=x (not a whole number).'
        """
        if not self.ignored:
            return None
        return (
            "Ignored in the link: " + ", ".join(f"{i.param} ({i.why})" for i in self.ignored) + "."
        )


class ViewState:
    """Everything a link restores: one ``Setting`` per line, in the order the sidebar
    shows them. Immutable and hashable; ``replace`` makes a changed copy."""

    SETTINGS: ClassVar[dict[str, Setting[Any]]]

    tab = Setting(
        Choice(),
        default="network",
        widget=Widget("radio", "View", options="views"),
    )
    presenter = Setting(
        Flag(),
        default=False,
        widget=Widget(
            "toggle",
            "Presenter mode",
            help="Hides people's names everywhere, downloads and the address bar included "
            "(shown as 'Speaker'), and enlarges text.",
        ),
    )
    labels = Setting(
        Words(options=tuple(sorted(label.value for label in Label))),
        default=DEFAULT_LABELS,
        widget=Widget("multiselect", "Node kinds", "labels", "Empty: every kind.", "Filters"),
        query="labels",
        to_query=lambda v: frozenset(Label(x) for x in v),
    )
    topics = Setting(
        Ids(),
        default=(),
        widget=Widget("multiselect", "Topic", "topics"),
        query="topics",
        known="topics",
    )
    countries = Setting(
        Words(upper=True),
        default=(),
        widget=Widget("multiselect", "Country", "countries"),
        query="countries",
        known="countries",
    )
    cities = Setting(
        Ids(),
        default=(),
        widget=Widget("multiselect", "City", "cities"),
        query="cities",
        known="cities",
    )
    events = Setting(
        Ids(),
        default=(),
        widget=Widget("multiselect", "Event", "events"),
        query="events",
        known="events",
    )
    date_from = Setting(Day(), default=None, widget=Widget("date", "From"), query="date_from")
    date_to = Setting(Day(), default=None, widget=Widget("date", "To"), query="date_to")
    focus = Setting(
        OneId(),
        default=None,
        widget=Widget("node", "Focus on", group="Focus"),
        query="focus",
        known="node",
    )
    hops = Setting(
        Number(1, MAX_HOPS),
        default=1,
        widget=Widget("slider", "Hops around the focus", group="Focus"),
        query="hops",
    )
    limit = Setting(
        Number(1, MAX_LIMIT),
        default=DEFAULT_NODE_LIMIT,
        widget=Widget(
            "number",
            "Show at most (nodes)",
            help="The drawing's cap; tables list everything the filters select.",
            group="Focus",
        ),
        query="limit",
    )
    # The Network view's own, set by its buttons and the drawing (clicks, the camera).
    drawing = Setting(Choice(DRAWINGS), default="auto")
    node = Setting(OneId(), default=None, known="node")  # the detail panel's node
    path = Setting(Ids(most=2), default=(), known="node")  # a path's two ends
    expanded = Setting(Ids(), default=(), known="node")  # neighbourhoods opened
    find = Setting(Text(), default="")  # "Find in the drawing"
    camera = Setting(CameraForm(), default=None, step=False)  # pans and zooms: no steps
    met = Setting(OneId(), default=None, known="cities")  # "Open X's network" (city map)
    # The time control of the Network and Map views (graph/ui/time_control.py): the years
    # shown when it was stopped; none: every year, undated events included.
    period = Setting(PeriodForm(), default=None)
    map_cities = Setting(Choice(("best", "all")), default="best")  # the Map view's cities
    # The scene being presented (graph/ui/scenes.py): 1 is the first; 0, none.
    scene = Setting(Number(0, 1000), default=0)
    # The Practices view's: its own filter, sort and page (graph/ui/practices_tab.py).
    table_find = Setting(Text(), default="")
    sort = Setting(Choice(PRACTICE_COLUMNS), default="city")
    descending = Setting(Flag(), default=False)
    page = Setting(Number(1, 1_000_000), default=1)
    # Drawn by the City profile and the Peer finder (city), the Peer finder (peer_topics,
    # peers) and the Metrics view (path_from, path_to).
    city = Setting(OneId(), default=None, known="cities")
    peer_topics = Setting(Ids(), default=(), known="topics")
    peers = Setting(Number(1, MAX_PEERS), default=DEFAULT_PEERS)
    path_from = Setting(OneId(), default=None, known="cities")
    path_to = Setting(OneId(), default=None, known="cities")

    __slots__ = ("_values",)
    _values: Mapping[str, Any]

    def __init__(self, **values: Any) -> None:
        unknown = set(values) - set(self.SETTINGS)
        if unknown:
            raise TypeError(f"no view setting named {', '.join(sorted(unknown))}")
        object.__setattr__(
            self, "_values", {n: values.get(n, s.default) for n, s in self.SETTINGS.items()}
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a ViewState is immutable: use replace()")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ViewState) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(self._values.values()))

    def __repr__(self) -> str:
        changed = ", ".join(f"{k}={v!r}" for k, v in self.changed().items())
        return f"ViewState({changed})"

    def changed(self) -> dict[str, Any]:
        """The settings that differ from their defaults."""
        return {n: v for n, v in self._values.items() if v != self.SETTINGS[n].default}

    def replace(self, **changes: Any) -> ViewState:
        return ViewState(**{**self._values, **changes})

    def values(self) -> Iterator[tuple[Setting[Any], Any]]:
        for name, setting in self.SETTINGS.items():
            yield setting, self._values[name]

    # --- the link --------------------------------------------------------------------------

    @classmethod
    def read(cls, params: Mapping[str, str | list[str]]) -> Reading:
        """The state a link describes, and what it had to ignore (unreadable values; ids
        are checked against a graph by ``Reading``'s user, graph/ui/sidebar.py)."""
        raw = _last(params)
        values: dict[str, Any] = {}
        ignored: list[Ignored] = []
        for name, setting in cls.SETTINGS.items():
            if name not in raw:
                continue
            try:
                value, dropped, why = setting.form.read_part(raw[name])
            except Unreadable as error:
                ignored.append(Ignored(f"{name}={raw[name]}", str(error)))
                continue
            values[name] = value
            if dropped:
                ignored.append(Ignored(f"{name}={','.join(dropped)}", why))
        return Reading(cls(**values), tuple(ignored))

    @classmethod
    def from_params(cls, params: Mapping[str, str | list[str]]) -> ViewState:
        """The state a link describes; unknown keys and bad values are ignored."""
        return cls.read(params).state

    def to_params(self) -> dict[str, str]:
        """Query parameters for this state: only what differs from the default view."""
        return {n: self.SETTINGS[n].form.write(v) for n, v in self.changed().items()}

    @classmethod
    def one_step(cls, link: Mapping[str, str], other: Mapping[str, str]) -> bool:
        """Whether two links are the same step of the browser's history: they differ at
        most in settings that are no steps (the camera).

        >>> ViewState.one_step({"countries": "EE", "camera": "1,2,1"}, {"countries": "EE"})
        True
        >>> ViewState.one_step({"countries": "EE"}, {"countries": "EE,BO"})
        False
        """

        def steps(params: Mapping[str, str]) -> dict[str, str]:
            return {
                k: v for k, v in params.items() if k not in cls.SETTINGS or cls.SETTINGS[k].step
            }

        return steps(link) == steps(other)

    # --- the widgets -------------------------------------------------------------------

    @classmethod
    def from_session(cls, session: Session) -> ViewState:
        """The state the widgets (and the views' session keys) hold."""
        values = {}
        for name, setting in cls.SETTINGS.items():
            if name in session:
                values[name] = setting.form.from_widget(session[name])
        return cls(**values)

    def to_session(self, session: Session) -> None:
        """Put this state into the widgets' session keys (before they are drawn)."""
        for setting, value in self.values():
            session[setting.name] = setting.form.widget_value(value)

    # --- the store ---------------------------------------------------------------------

    def query(self) -> SubgraphQuery:
        """The store query for the Network view: every setting that names a query field."""
        return SubgraphQuery(
            **{s.query: s.to_query(v) for s, v in self.values() if s.query}  # type: ignore[arg-type]
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


def id_settings() -> list[Setting[Any]]:
    """The settings that hold node ids (presenter mode shows other ids for some nodes)."""
    return [s for s in ViewState.SETTINGS.values() if s.form.ids]


def _last(params: Mapping[str, str | list[str]]) -> dict[str, str]:
    """One value per parameter: the last of a repeated one (the one a user added last)."""
    return {k: str(v[-1] if isinstance(v, list) else v) for k, v in params.items() if v != []}


__all__ = [
    "DEFAULT_LABELS",
    "DEFAULT_PEERS",
    "DRAWINGS",
    "MAX_HOPS",
    "MAX_LIMIT",
    "MAX_PEERS",
    "Form",
    "Ignored",
    "Reading",
    "Setting",
    "ViewState",
    "Widget",
    "id_settings",
]
