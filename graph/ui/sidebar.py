"""The sidebar, and the view's way into and out of the URL.

Every setting is declared once in graph/ui/viewstate.py; this module draws the widgets of
those with a sidebar ``Widget`` (one drawing function per widget kind, in ``WIDGETS``),
puts a link's view into the session when a session starts or the user steps Back or
Forward (``start``), and writes the view back into the address bar after every run
(``write_url``), so the link is always the view on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

import networkx as nx
import streamlit as st
from rapidfuzz import fuzz, process, utils

from graph.store.base import Facets, FacetValue
from graph.ui.presenter import PresentedStore, shown
from graph.ui.reader import Reader
from graph.ui.text import city_choice, country_names
from graph.ui.viewstate import Ignored, Reading, Setting, ViewState, Widget, id_settings

# What each view is called; app.py decides which views a run offers. Read-only: a module
# constant is shared by every session's thread.
VIEW_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "network": "Network",
        "map": "Map",
        "practices": "Practices",
        "city": "City profile",
        "sources": "Sources",
        "peers": "Peer finder",
        "metrics": "Metrics",
        "trails": "Learning trails",
        "scenes": "Scenes",
        "load": "Load data",
    }
)
NOTICE = "_cg_notice"
_READY = "_cg_ready"
_WRITTEN = "_cg_url"  # the parameters this session last wrote into the address bar
MANY = 300  # options above which a filter is searched, not listed whole
NEAR = 70  # rapidfuzz's WRatio for a topic offered instead of one the graph lacks
LISTED = 100  # options such a filter lists for a search (and before one)


@dataclass(frozen=True)
class Graph:
    """What the sidebar needs of the graph: the filters' choices, and whether a node id
    is one this run's store shows (its ids: presenter mode's in presenter mode)."""

    facets: Facets
    has_node: Callable[[str], bool]


def link_to_open() -> Reading | None:
    """The URL's view when it must be put into the session: on a session's first run, or
    when the user stepped Back or Forward to another view; None otherwise (the session's
    widgets hold the view, and the URL follows them)."""
    params = st.query_params.to_dict()
    ss = st.session_state
    if not ss.get(_READY) or (_navigated() and params != ss.get(_WRITTEN)):
        return ViewState.read(params)
    return None


def _navigated() -> bool:
    """Whether this run follows a step Back or Forward in the browser's history."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    flag = getattr(ctx, "is_history_navigation", None)
    return True if flag is None else bool(flag)  # older Streamlit: compare the URL alone


def presenting(link: Reading | None) -> bool:
    """Whether this run shows presenter mode: the link being opened, else the switch."""
    if link is not None:
        return bool(link.state.presenter)
    return bool(st.session_state.get("presenter"))


def start(link: Reading | None, graph: Graph, views: Sequence[str], store: Reader) -> None:
    """Before any widget is drawn: put ``link``'s view into the session (ids the graph
    lacks dropped and named above the view), or keep the views' own settings (Streamlit
    forgets the state of a widget not drawn in a run, and each view draws only its own)."""
    ss = st.session_state
    if link is None:
        for setting in ViewState.SETTINGS.values():
            if setting.widget is None and setting.name in ss:
                ss[setting.name] = ss[setting.name]
        return
    state = link.state
    if isinstance(store, PresentedStore):
        state = _shown_ids(state, store)
    state, unknown = known(state, graph, views)
    notice = Reading(state, (*link.ignored, *unknown)).notice()
    if notice:
        ss[NOTICE] = notice
    state.to_session(ss)
    ss[_READY] = True
    ss[_WRITTEN] = st.query_params.to_dict()
    ss["_cg_opened_link"] = True  # the views keep what the link says (a camera, a path)


def known(state: ViewState, graph: Graph, views: Sequence[str]) -> tuple[ViewState, list[Ignored]]:
    """``state`` without the ids ``graph`` does not hold, and what was dropped."""
    facets = graph.facets
    valid: dict[str, set[str]] = {
        "topics": {f.id for f in facets.topics},
        "countries": {_code(f) for f in facets.countries},
        "cities": {f.id for f in facets.cities},
        "events": {f.id for f in facets.events},
    }
    changes: dict[str, object] = {}
    dropped: list[Ignored] = []
    for setting, value in state.values():
        if not setting.known or not value:
            continue

        def ok(item: str, known: str = setting.known) -> bool:
            return graph.has_node(item) if known == "node" else item in valid[known]

        if isinstance(value, tuple):
            gone = [v for v in value if not ok(v)]
            if gone:
                changes[setting.name] = tuple(v for v in value if ok(v))
        else:
            gone = [] if ok(value) else [value]
            if gone:
                changes[setting.name] = setting.default
        if gone:
            why = "not in this graph"
            if setting.known == "topics":
                why = _nearest_topics(gone, facets.topics) or "no such topic here"
            dropped.append(Ignored(f"{setting.name}={','.join(gone)}", why))
    if state.tab not in views:
        dropped.append(Ignored(f"tab={state.tab}", "no such view"))
        changes["tab"] = views[0]
    return state.replace(**changes), dropped


def _nearest_topics(asked: list[str], topics: Sequence[FacetValue]) -> str:
    """ "no such topic; the nearest: …" for topics a link names that the graph lacks (the
    asked id or its words, against the topics' names), or "" when none is near.

    >>> near = [FacetValue("topic:flood-protection", "flood protection", 3),
    ...         FacetValue("topic:waste", "waste", 9)]
    >>> _nearest_topics(["topic:flood"], near)
    'no such topic; the nearest: flood protection'
    """
    names = {v.name: v for v in topics}
    found: list[str] = []
    for item in asked:
        words = item.split(":", 1)[-1].replace("-", " ")
        hits = process.extract(
            words, list(names), scorer=fuzz.WRatio, processor=utils.default_process, limit=3
        )
        found += [name for name, score, _ in hits if score >= NEAR and name not in found]
    return f"no such topic; the nearest: {', '.join(found[:3])}" if found else ""


def _shown_ids(state: ViewState, store: PresentedStore) -> ViewState:
    """A link's ids as presenter mode shows them (so a name in a link does not stay)."""
    return translated(state, store.shown_id)


def translated(state: ViewState, turn: Callable[[str], str]) -> ViewState:
    """``state`` with every node id it holds turned by ``turn`` (presenter mode's ids)."""
    changes: dict[str, object] = {}
    for setting in id_settings():
        value = getattr(state, setting.name)
        if isinstance(value, str):
            changes[setting.name] = turn(value)
        elif isinstance(value, tuple):
            changes[setting.name] = tuple(turn(v) for v in value)
    return state.replace(**changes)


def _switch_ids(whole: Callable[[], nx.MultiDiGraph]) -> None:
    """The presenter switch moved: ids in the session go to the other mode's ids."""
    mask = shown(whole()).mask
    turn = mask.public_id if st.session_state.get("presenter") else mask.real_id
    for setting in id_settings():
        value = st.session_state.get(setting.name)
        if isinstance(value, str):
            st.session_state[setting.name] = turn(value)
        elif isinstance(value, list | tuple):
            st.session_state[setting.name] = [turn(v) for v in value]


# --- the widgets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """What a widget drawing function gets: the setting, the graph's choices, the store
    (to search nodes), the views offered, and the whole graph (for the presenter switch)."""

    setting: Setting[Any]
    widget: Widget
    graph: Graph
    store: Reader
    views: Sequence[str]
    whole: Callable[[], nx.MultiDiGraph]


def _code(value: FacetValue) -> str:
    return str(value.extra or value.id).upper()


def _choices(drawn: Drawn) -> list[FacetValue]:
    """A facet list named by the widget's ``options``."""
    facets = drawn.graph.facets
    found: list[FacetValue] = getattr(facets, drawn.widget.options)
    return found


def _radio(drawn: Drawn) -> None:
    st.radio(
        drawn.widget.label,
        options=list(drawn.views),
        key=drawn.setting.name,
        format_func=lambda v: VIEW_NAMES.get(v, v.title()),
    )


def _toggle(drawn: Drawn) -> None:
    st.toggle(
        drawn.widget.label,
        key=drawn.setting.name,
        help=drawn.widget.help or None,
        on_change=_switch_ids if drawn.setting.name == "presenter" else None,
        args=(drawn.whole,) if drawn.setting.name == "presenter" else None,
    )


def _multiselect(drawn: Drawn) -> None:
    """Every choice listed, or, above ``MANY`` of them, a search box and the choices that
    match it (a list of thousands fails in the browser and cannot be read anyway)."""
    ss, name, widget = st.session_state, drawn.setting.name, drawn.widget
    if widget.options == "labels":
        options = sorted({*drawn.graph.facets.labels, *ss.get(name, [])})
        st.multiselect(widget.label, options=options, key=name, help=widget.help or None)
        return
    values = _choices(drawn)
    ident = _code if widget.options == "countries" else (lambda v: v.id)
    by_id = {ident(v): v for v in values}
    chosen = [v for v in ss.get(name, []) if v in by_id]
    ss[name] = chosen
    if len(values) <= MANY:
        options = list(dict.fromkeys(ident(v) for v in values))
        hint = None
    else:
        text = st.text_input(
            f"Search {widget.label.lower()}",
            key=f"_cg_find_{name}",
            placeholder=f"type to search {len(values):,} {widget.options}",
        )
        found = _matching(values, text)
        options = list(dict.fromkeys([*chosen, *(ident(v) for v in found)]))
        hint = (
            f"{len(values):,} in all: listing the {len(found)} "
            + (f"matching “{text}”" if text.strip() else "with most practices and events")
            + "; search above for others."
        )

    countries = country_names(drawn.graph.facets.countries)

    def fmt(option: str) -> str:
        v = by_id.get(option)
        if v is None:
            return option
        if widget.options == "cities":  # "Tartu, Estonia (3)"
            return f"{city_choice(v.name, v.extra, countries)} ({v.count})"
        extra = f", {v.extra}" if v.extra and widget.options != "countries" else ""
        return f"{v.name} ({v.count}{extra})"

    st.multiselect(widget.label, options=options, key=name, format_func=fmt, help=hint)


def _matching(values: list[FacetValue], text: str) -> list[FacetValue]:
    """At most ``LISTED`` choices: those whose name holds ``text`` (names starting with it
    first), or with none typed the most used ones."""
    needle = text.strip().casefold()
    if not needle:
        return sorted(values, key=lambda v: (-v.count, v.name.casefold()))[:LISTED]
    hits = [v for v in values if needle in v.name.casefold() or needle == v.id.casefold()]
    hits.sort(key=lambda v: (not v.name.casefold().startswith(needle), -v.count, v.name))
    return hits[:LISTED]


def _date(drawn: Drawn) -> None:
    facets, name = drawn.graph.facets, drawn.setting.name
    current = st.session_state.get(name)
    st.date_input(
        drawn.widget.label,
        key=name,
        min_value=_least(facets.date_min, current),
        max_value=_most(facets.date_max, current),
        format="YYYY-MM-DD",
    )


def _node(drawn: Drawn) -> None:
    """Search a node by name, then pick it."""
    ss, name = st.session_state, drawn.setting.name
    text = st.text_input("Search", key="search", placeholder="a city, practice, topic…")
    hits = drawn.store.search(text, limit=30) if text.strip() else []
    current = [ss[name]] if ss.get(name) else []
    options = [None, *dict.fromkeys([*(h.id for h in hits), *current])]
    names = {h.id: f"{h.name} ({h.label})" for h in hits}
    st.selectbox(
        drawn.widget.label,
        options=options,
        key=name,
        format_func=lambda v: "nothing (whole view)" if v is None else names.get(v, v),
    )


def _slider(drawn: Drawn) -> None:
    form = drawn.setting.form
    st.slider(drawn.widget.label, form.low, form.high, key=drawn.setting.name)  # type: ignore[attr-defined]


def _number(drawn: Drawn) -> None:
    form = drawn.setting.form
    st.number_input(
        drawn.widget.label,
        min_value=10,
        max_value=form.high,  # type: ignore[attr-defined]
        step=100,
        key=drawn.setting.name,
        help=drawn.widget.help or None,
    )


# One drawing function per widget kind (viewstate.Widget.kind).
WIDGETS: Mapping[str, Callable[[Drawn], None]] = MappingProxyType(
    {
        "radio": _radio,
        "toggle": _toggle,
        "multiselect": _multiselect,
        "date": _date,
        "node": _node,
        "slider": _slider,
        "number": _number,
    }
)


def render(
    graph: Graph,
    store: Reader,
    views: Sequence[str],
    *,
    whole: Callable[[], nx.MultiDiGraph],
) -> ViewState:
    """Draw the sidebar's widgets, in the order their settings are declared, under their
    headings, and return the view they (and the views' own settings) describe.

    ``whole`` gives the store's whole graph (for the presenter switch's ids)."""
    heading = ""
    # From and To each take the sidebar's width: side by side in two columns the date
    # fields had 78 px for "yyyy-mm-dd" (112 px; 135 in presenter mode) and cut it.
    with st.sidebar:
        for setting in ViewState.SETTINGS.values():
            widget = setting.widget
            if widget is None:
                continue
            if widget.group and widget.group != heading:
                heading = widget.group
                st.markdown(f"**{heading}**")
            _draw(setting, graph, store, views, whole)
    state = ViewState.from_session(st.session_state)
    _notices(state)
    return state


def _draw(
    setting: Setting[Any],
    graph: Graph,
    store: Reader,
    views: Sequence[str],
    whole: Callable[[], nx.MultiDiGraph],
) -> None:
    assert setting.widget is not None
    WIDGETS[setting.widget.kind](Drawn(setting, setting.widget, graph, store, views, whole))


def _notices(state: ViewState) -> None:
    """Say above the view why it may show less than asked (or nothing)."""
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.info(notice)
    reason = state.why_empty()
    if reason:
        st.warning(f"Nothing can pass these filters: {reason}. Swap the dates or clear one.")


def write_url() -> None:
    """Keep the address bar in step with the view as the run left it (clicks and views
    included), so a copied link restores it and Back steps to the view before.

    Streamlit pushes a history entry for every change written here, so a change of
    settings that are no steps (the camera) is not written: the drawing has already put
    it into the address bar, replacing the current entry (network_component), and Back
    goes to the view before, not to the pan before."""
    params = ViewState.from_session(st.session_state).to_params()
    st.session_state[_WRITTEN] = params
    st.session_state.pop("_cg_opened_link", None)
    if not ViewState.one_step(st.query_params.to_dict(), params):
        st.query_params.from_dict(params)


def _least(bound: date | None, value: date | None) -> date | None:
    return min(d for d in (bound, value) if d) if (bound or value) else None


def _most(bound: date | None, value: date | None) -> date | None:
    return max(d for d in (bound, value) if d) if (bound or value) else None
