"""The sidebar: every filter, read from and written back to the URL."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from types import MappingProxyType

import networkx as nx
import streamlit as st

from graph.core.model import Label
from graph.store.base import Facets, FacetValue, GraphStore
from graph.ui.presenter import PresentedStore, shown
from graph.ui.viewstate import DEFAULT_PEERS, MAX_HOPS, MAX_LIMIT, ViewState

# What each view is called; app.py decides which views a run offers. Read-only: a module
# constant is shared by every session's thread.
VIEW_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "network": "Network",
        "practices": "Practices",
        "city": "City profile",
        "sources": "Sources",
        "peers": "Peer finder",
        "metrics": "Metrics",
        "load": "Load data",
    }
)


# Widget state of views not drawn in a run is dropped by Streamlit: these are kept.
VIEW_KEYS = ("city", "node", "peer_topics", "peer_limit", "path_from", "path_to")
# Session keys holding node ids, translated when presenter mode is switched (its ids differ).
_ID_KEYS = (
    "topics",
    "cities",
    "events",
    "focus",
    "city",
    "node",
    "peer_topics",
    "path_from",
    "path_to",
)
NOTICE = "_cg_notice"


def presenting() -> bool:
    """Whether this run shows presenter mode: the switch, or on a first run the URL."""
    if st.session_state.get("_cg_ready"):
        return bool(st.session_state.get("presenter"))
    return ViewState.from_params(st.query_params.to_dict()).presenter


def init_from_url(facets: Facets, views: Sequence[str], store: GraphStore) -> None:
    """On a session's first run, put the URL's view into the widgets' state."""
    ss = st.session_state
    if ss.get("_cg_ready"):
        for key in VIEW_KEYS:
            if key in ss:
                ss[key] = ss[key]
        return
    params = st.query_params.to_dict()
    state = ViewState.from_params(params)
    unread = ViewState.unread(params)
    if unread:  # said above the view (dates are YYYY-MM-DD, numbers whole)
        ss[NOTICE] = f"Ignored in the link: {', '.join(unread)} (not a date or a number)."
    if isinstance(store, PresentedStore):
        state = _shown_ids(state, store)
    valid = _valid_ids(facets)
    ss["view"] = state.tab if state.tab in views else views[0]
    ss["presenter"] = state.presenter
    ss["labels"] = [v for v in state.labels if v in Label.__members__.values()]
    for name in ("topics", "countries", "cities", "events"):
        ss[name] = [v for v in getattr(state, name) if v in valid[name]]
    ss["date_from"], ss["date_to"] = state.date_from, state.date_to
    ss["focus"] = state.focus
    if state.focus and store.node_detail(state.focus) is None:
        missing = f"No node '{state.focus}' in this graph, showing everything."
        ss[NOTICE] = f"{ss[NOTICE]} {missing}" if ss.get(NOTICE) else missing
        ss["focus"] = None
    ss["hops"], ss["limit"] = state.hops, state.limit
    ss["drawing"] = state.drawing
    ss["city"], ss["node"] = state.city, state.node
    # Set only when the link says: the views start them from their own defaults otherwise.
    if state.peer_topics:
        ss["peer_topics"] = [t for t in state.peer_topics if t in valid["topics"]]
    ss["peer_limit"] = state.peers
    for key in ("path_from", "path_to"):
        if getattr(state, key) in valid["cities"]:
            ss[key] = getattr(state, key)
    ss["_cg_ready"] = True


def _shown_ids(state: ViewState, store: PresentedStore) -> ViewState:
    """A link's ids as presenter mode shows them (so a name in a link does not stay)."""
    changes: dict[str, object] = {}
    for key in _ID_KEYS:
        value = getattr(state, key, None)
        if isinstance(value, str):
            changes[key] = store.shown_id(value)
        elif isinstance(value, tuple):
            changes[key] = tuple(store.shown_id(v) for v in value)
    return state.replace(**changes)


def _switch_ids(whole: Callable[[], nx.MultiDiGraph]) -> None:
    """The presenter switch moved: ids in the session go to the other mode's ids."""
    mask = shown(whole()).mask
    turn = mask.public_id if st.session_state.get("presenter") else mask.real_id
    for key in _ID_KEYS:
        value = st.session_state.get(key)
        if isinstance(value, str):
            st.session_state[key] = turn(value)
        elif isinstance(value, list):
            st.session_state[key] = [turn(v) for v in value]


def _valid_ids(facets: Facets) -> dict[str, set[str]]:
    return {
        "topics": {f.id for f in facets.topics},
        "countries": {str(f.extra or f.id).upper() for f in facets.countries},
        "cities": {f.id for f in facets.cities},
        "events": {f.id for f in facets.events},
    }


def _formatter(values: list[FacetValue], *, key: str = "id") -> Callable[[str], str]:
    names = {(str(v.extra).upper() if key == "extra" else v.id): v for v in values}

    def fmt(option: str) -> str:
        v = names.get(option)
        if v is None:
            return option
        extra = f", {v.extra}" if v.extra and key != "extra" else ""
        return f"{v.name} ({v.count}{extra})"

    return fmt


def render(
    facets: Facets,
    store: GraphStore,
    views: Sequence[str],
    *,
    whole: Callable[[], nx.MultiDiGraph],
) -> ViewState:
    """Draw the sidebar and return the state it describes (also written to the URL).

    ``whole`` gives the store's whole graph (for the presenter switch's ids)."""
    ss = st.session_state
    with st.sidebar:
        st.radio(
            "View",
            options=list(views),
            key="view",
            horizontal=False,
            format_func=lambda v: VIEW_NAMES.get(v, v.title()),
        )
        st.toggle(
            "Presenter mode",
            key="presenter",
            help="Hides people's names everywhere, downloads and the address bar included "
            "(shown as 'Speaker'), and enlarges text.",
            on_change=_switch_ids,
            args=(whole,),
        )
        st.markdown("**Filters**")
        label_options = sorted({*facets.labels, *ss.get("labels", [])})
        st.multiselect("Node kinds", options=label_options, key="labels", help="Empty: every kind.")
        st.multiselect(
            "Topic",
            options=[f.id for f in facets.topics],
            key="topics",
            format_func=_formatter(facets.topics),
        )
        st.multiselect(
            "Country",
            options=list(dict.fromkeys(str(f.extra or f.id).upper() for f in facets.countries)),
            key="countries",
            format_func=_formatter(facets.countries, key="extra"),
        )
        st.multiselect(
            "City",
            options=[f.id for f in facets.cities],
            key="cities",
            format_func=_formatter(facets.cities),
        )
        st.multiselect(
            "Event",
            options=[f.id for f in facets.events],
            key="events",
            format_func=_formatter(facets.events),
        )
        low, high = facets.date_min, facets.date_max
        col1, col2 = st.columns(2)
        col1.date_input(
            "From",
            key="date_from",
            min_value=_min(low, ss.get("date_from")),
            max_value=_max(high, ss.get("date_from")),
            format="YYYY-MM-DD",
        )
        col2.date_input(
            "To",
            key="date_to",
            min_value=_min(low, ss.get("date_to")),
            max_value=_max(high, ss.get("date_to")),
            format="YYYY-MM-DD",
        )
        st.markdown("**Focus**")
        text = st.text_input("Search", key="search", placeholder="a city, practice, topic…")
        hits = store.search(text, limit=30) if text.strip() else []
        options = [
            None,
            *dict.fromkeys([*(h.id for h in hits), *([ss["focus"]] if ss.get("focus") else [])]),
        ]
        names = {h.id: f"{h.name} ({h.label})" for h in hits}
        if ss.get("focus") not in options:
            ss["focus"] = None
        st.selectbox(
            "Focus on",
            options=options,
            key="focus",
            format_func=lambda v: "nothing (whole view)" if v is None else names.get(v, v),
        )
        st.slider("Hops around the focus", 1, MAX_HOPS, key="hops")
        st.number_input(
            "Show at most (nodes)", min_value=10, max_value=MAX_LIMIT, step=100, key="limit"
        )
    state = ViewState(
        tab=ss["view"],
        labels=tuple(ss["labels"]),
        topics=tuple(ss["topics"]),
        countries=tuple(ss["countries"]),
        cities=tuple(ss["cities"]),
        events=tuple(ss["events"]),
        date_from=ss.get("date_from"),
        date_to=ss.get("date_to"),
        focus=ss.get("focus"),
        hops=int(ss["hops"]),
        limit=int(ss["limit"]),
        presenter=bool(ss["presenter"]),
        city=ss.get("city"),
        node=ss.get("node"),
        peer_topics=tuple(ss.get("peer_topics") or ()),
        peers=int(ss.get("peer_limit") or DEFAULT_PEERS),
        path_from=ss.get("path_from"),
        path_to=ss.get("path_to"),
        drawing=str(ss.get("drawing") or "auto"),
    )
    _notices(state)
    return state


def _notices(state: ViewState) -> None:
    """Say above the view why it may show less than asked (or nothing)."""
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.info(notice)
    reason = state.why_empty()
    if reason:
        st.warning(f"Nothing can pass these filters: {reason}. Swap the dates or clear one.")


def write_url(state: ViewState) -> None:
    """Keep the address bar in step with the view, so a copied link restores it."""
    params = state.to_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def _min(bound: date | None, value: date | None) -> date | None:
    return min(d for d in (bound, value) if d) if (bound or value) else None


def _max(bound: date | None, value: date | None) -> date | None:
    return max(d for d in (bound, value) if d) if (bound or value) else None
