"""The Network view: the filtered subgraph drawn by our component, a detail panel beside it
for the clicked node, search listing every match, double-click to expand, the path between
two selected nodes, and downloads.

A large network (more than ``CITY_MAP_ABOVE`` nodes of the default kinds, no focus) is
first drawn as its city map (graph/read/analysis/citymap.py: cities linked when they met,
a connected part of at most ``CITY_MAP_CITIES``), which a ball of thousands of practices
and events is not; a filter keeps the map (its cities are those the filters select), one
click switches to the node kinds, and back. A city on the map opens whom it met
(graph/read/analysis/meetings.py): the cities and the events between them.

Everything the user does here is a setting of the view (graph/ui/viewstate.py: node,
path, expanded, find, camera, drawing, met), so the link and Back/Forward keep it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

import networkx as nx
import streamlit as st

from graph.core.model import Label
from graph.read.analysis.citymap import (
    CityMap,
    city_map,
    city_map_from_json,
    city_map_json,
    masked_city_map,
)
from graph.read.analysis.communities import community_names
from graph.read.analysis.meetings import Meetings, meetings
from graph.read.masked import MaskedGraphs
from graph.render.export import export_bytes
from graph.render.html import (
    Attention,
    Drawing,
    attending,
    drawing_data,
    layout_groups,
    network_html,
    placement,
)
from graph.render.map import timeline_scripts
from graph.render.words import plural
from graph.store.base import Selection, SubgraphQuery
from graph.ui import detail, store_access, time_control
from graph.ui.context import Context
from graph.ui.network_component import Click, View, network, pending, seen_key
from graph.ui.search import Match, matches
from graph.ui.store_access import Codec
from graph.ui.text import md
from graph.ui.viewstate import DEFAULT_LABELS, ViewState

CANVAS_HEIGHT = 700  # the least height of a one-way drawing's frame
DRAWING_HEIGHT = 420  # the Network view's drawing: at least this, else down to the window's end
DOWNLOADS = (
    ("GraphML", "graphml", "application/xml"),
    ("GEXF", "gexf", "application/xml"),
    ("CSV (zip)", "csv", "application/zip"),
    ("PNG", "png", "image/png"),
)
TITLE = "citygraph network"
CITY_MAP_TITLE = "citygraph: city map"
CITY_MAP_ABOVE = 2000  # nodes of the default kinds above which the first picture is the map
CITY_MAP_CITIES = 200  # the most cities the map shows (fewer when "Show at most" is lower)
MATCHES_LISTED = 30  # search matches offered to pick from (all are highlighted)
# Session keys: the view's settings (graph/ui/viewstate.py), and what no link keeps: the
# node selected before the last (for a path), the search handled last, its matches.
NODE, EXPANDED, PATH, FIND, CAMERA = "node", "expanded", "path", "find", "camera"
PREVIOUS, SEARCHED, MATCHES, NONCE = "_cg_previous", "_cg_searched", "_cg_matches", "_cg_nonce"
DRAWN = "_cg_drawn_key"  # the content key of the drawing shown last


def draw(graph: nx.MultiDiGraph, *, title: str, presenter: bool, key: str) -> str:
    """Draw ``graph`` as a one-way page (views without a detail panel); return its HTML."""
    html = network_html(graph, title=title, presenter=presenter, height=f"{CANVAS_HEIGHT // 2}px")
    st.iframe(html, height=CANVAS_HEIGHT)
    return html


@dataclass(frozen=True)
class Picture:
    """A drawing the Network view shows: its graph, title, sizes and colours; whether a
    double-click (and a search hit outside it) opens more of the whole graph into it."""

    graph: nx.MultiDiGraph
    title: str = TITLE
    size_by: Mapping[Hashable, float] | None = None
    color_by: Mapping[Hashable, int | str] | None = None
    opens: bool = True
    beside: Callable[[str], None] | None = field(default=None, compare=False)
    # Where the time control finds when each node first took part (default: the whole graph).
    history: nx.MultiDiGraph | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Place:
    """Where the Network view's parts go, made in page order before any is filled: the
    switch between drawings and the search box side by side, the matches under them, the
    drawing with its panel, the notes saying what is shown and left out, the downloads.
    (A part filled later keeps its place, so the drawing never moves in the page and
    Streamlit keeps its frame.)"""

    switch: Any
    find: Any
    matches: Any
    drawing: Any
    notes: Any
    downloads: Any

    @classmethod
    def made(cls) -> Place:
        switch, find = st.columns([2, 3], vertical_alignment="bottom")
        return cls(
            switch=switch,
            find=find,
            matches=st.empty(),
            drawing=st.container(),
            notes=st.container(),
            downloads=st.container(),
        )


def render(ctx: Context) -> None:
    if not ctx.facets.labels:
        return  # an empty graph: the app already says how to load data
    state = ctx.state
    whole = ctx.whole().graph
    place = Place.made()
    if state.met and state.met in whole:
        _render_meetings(ctx, whole, place)
    elif draws_city_map(state, default_kinds(ctx.facets.labels)):
        place.switch.button(
            "Show cities, practices and events instead",
            key="drawing-kinds",
            on_click=_set_drawing,
            args=("kinds",),
        )
        _render_city_map(ctx, whole, place)
    else:
        place.switch.button(
            "Show the city map",
            help="The cities, linked when they met at an event.",
            key="drawing-cities",
            on_click=_set_drawing,
            args=("cities",),
        )
        _render_kinds(ctx, whole, place)


def default_kinds(labels: Mapping[str, int]) -> int:
    """How many nodes of the default kinds the graph holds (what decides the city map)."""
    return sum(labels.get(k, 0) for k in DEFAULT_LABELS)


def draws_city_map(state: ViewState, total: int) -> bool:
    """Whether the Network view draws the city map: when asked to, or by default for a
    network of more than ``CITY_MAP_ABOVE`` nodes of the default kinds (``total``: in the
    whole graph, so a filter keeps the map) without a focus (node kinds chosen or a focus
    mean the user asked for those nodes).

    >>> draws_city_map(ViewState(), 5000), draws_city_map(ViewState(), 113)
    (True, False)
    >>> draws_city_map(ViewState(drawing="kinds"), 5000), draws_city_map(ViewState(focus="x"), 5000)
    (False, False)
    """
    if state.drawing != "auto":
        return state.drawing == "cities"
    return state.focus is None and state.labels == DEFAULT_LABELS and total > CITY_MAP_ABOVE


def _set_drawing(drawing: str) -> None:
    ss = st.session_state
    ss["drawing"], ss["met"] = drawing, None
    ss[EXPANDED], ss[PATH] = [], []


# --- the node kinds --------------------------------------------------------------------------


def _render_kinds(ctx: Context, whole: nx.MultiDiGraph, place: Place) -> None:
    ss = st.session_state
    result = ctx.network()
    path = _path_nodes(whole, tuple(ss.get(PATH) or ()))
    graph = _with(result.graph, whole, _opened(whole, ss.get(EXPANDED) or ()), path)
    if graph.number_of_nodes() == 0:
        place.drawing.info(_why_nothing(ctx, result))
        return
    graph = _without_loose_nodes(graph, place.notes)
    _say_what_is_shown(ctx, graph, result.total, result.truncated, place.notes)
    _show(ctx, Picture(graph), whole, place, path=path)


def _why_nothing(ctx: Context, result: Selection) -> str:
    """Why the kinds view has nothing to draw, in words."""
    state = ctx.state
    if state.why_empty():
        return f"Nothing can pass these filters: {state.why_empty()}."
    kinds = " and ".join(k.lower() for k in state.labels) or "nodes"
    if result.truncated and result.total:
        word = plural(2, state.labels[0].lower()).split(" ", 1)[1] if len(state.labels) == 1 else ""
        counted = f"{result.total:,} {word}" if word else f"{result.total:,} nodes ({kinds})"
        return (
            f"{counted} pass these filters, over 'Show at most' "
            f"({state.limit:,}), and none of them is related to another, so no connected "
            "part can be kept to draw: add a node kind that links them (Practice, Event), "
            "narrow the filters, or raise 'Show at most'."
        )
    if ctx.state.query().has_anchor_filter:
        return "No node passes these filters. Clear some filters in the sidebar."
    return f"The graph holds no {kinds}: choose other node kinds in the sidebar."


def _say_what_is_shown(
    ctx: Context, graph: nx.MultiDiGraph, total: int, truncated: bool, slot: Any
) -> None:
    shown, relations = graph.number_of_nodes(), graph.number_of_edges()
    if not truncated:
        slot.caption(
            f"{shown} nodes, {relations} relations. Click a node for its details, "
            "double-click to open its neighbours; Ctrl/⌘ + wheel zooms."
        )
        return
    kinds = Counter(str(a.get("label")) for _, a in graph.nodes(data=True))
    left_out = ""
    query = ctx.state.query()
    if not query.has_anchor_filter and query.focus is None:
        chosen = [str(v) for v in query.labels] or list(ctx.facets.labels)
        gone = {k: ctx.facets.labels.get(k, 0) - kinds.get(k, 0) for k in chosen}
        left_out = ", ".join(plural(n, k.lower()) for k, n in sorted(gone.items()) if n > 0)
        left_out = f" ({left_out})" if left_out else ""
    slot.warning(
        f"Showing {shown} of {total} nodes ({relations} relations): the connected part "
        f"around the best-connected node. Left out: {total - shown} nodes{left_out}. "
        "Raise 'Show at most', narrow the filters, or focus on a node to see others. "
        "The tables list them all."
    )


def _without_loose_nodes(graph: nx.MultiDiGraph, slot: Any) -> nx.MultiDiGraph:
    """The graph without nodes that have no relation in it (they would float apart and
    shrink the picture), unless nothing is related; says which were left out."""
    loose = sorted(n for n in graph if graph.degree(n) == 0)
    if not loose or len(loose) == graph.number_of_nodes():
        return graph
    names = ", ".join(detail.name(graph, n) for n in loose[:5])
    more = f" and {len(loose) - 5} more" if len(loose) > 5 else ""
    slot.caption(
        f"Not drawn: {plural(len(loose), 'node')} without a relation in this view "
        f"({md(names)}{more}). Add node kinds to see how they connect."
    )
    gone = set(loose)
    return nx.MultiDiGraph(graph.subgraph(n for n in graph if n not in gone))


def _path_nodes(whole: nx.MultiDiGraph, ends: tuple[str, ...]) -> list[str]:
    """The nodes of the path between the two ``ends`` (none when it has not two ends in
    ``whole``, or they are not connected)."""
    if len(ends) != 2 or not all(e in whole for e in ends):
        return []
    return list(detail.path_between(whole, ends[0], ends[1]))


def _opened(whole: nx.MultiDiGraph, nodes: Iterable[str]) -> set[str]:
    """The double-clicked nodes and their neighbours."""
    found: set[str] = set()
    for node in nodes:
        if node in whole:
            found.add(node)
            found.update(whole.successors(node))
            found.update(whole.predecessors(node))
    return {n for n in found if whole.nodes[n].get("label") != Label.SOURCE}


def _with(
    graph: nx.MultiDiGraph, whole: nx.MultiDiGraph, extra: Iterable[str], path: Iterable[str]
) -> nx.MultiDiGraph:
    """``graph`` with more nodes of the whole graph (and their relations among all)."""
    more = {n for n in (*extra, *path) if n in whole} - set(graph)
    if not more:
        return graph
    return nx.MultiDiGraph(whole.subgraph(set(graph) | more))


# --- the city map ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedMap:
    """The city map with its communities, each named by what its cities share most."""

    found: CityMap
    groups: Mapping[Hashable, int | str]


def _city_map(ctx: Context, query: SubgraphQuery, limit: int) -> NamedMap:
    """The city map of ``query``'s selection, made once per data version for every session
    (and kept beside the graph file for the unfiltered graph); in presenter mode the same
    map, masked (graph/ui/store_access.py)."""
    return ctx.result(
        f"city-map-{limit}",
        query,
        partial(_named_map, limit=limit),
        masked=_masked_map,
        disk=_NAMED_MAP,
    )


def _named_map(selection: Selection, *, limit: int) -> NamedMap:
    found = city_map(selection.graph, limit=limit)
    numbers = layout_groups(found.graph)
    names = community_names(selection.graph, numbers)
    return NamedMap(found=found, groups={n: names[g] for n, g in numbers.items()})


def _masked_map(named: NamedMap, masked: MaskedGraphs) -> NamedMap:
    attrs = named.found.graph.nodes
    return NamedMap(
        found=masked_city_map(named.found, masked),
        groups={
            masked.shown_id(str(n), attrs[n]): masked.mask.text(g) if isinstance(g, str) else g
            for n, g in named.groups.items()
        },
    )


_NAMED_MAP = Codec(
    encode=lambda named: {
        "map": city_map_json(named.found),
        "groups": [[n, g] for n, g in named.groups.items()],
    },
    decode=lambda data: NamedMap(
        found=city_map_from_json(data["map"]), groups={n: g for n, g in data["groups"]}
    ),
)


def _render_city_map(ctx: Context, whole: nx.MultiDiGraph, place: Place) -> None:
    state = ctx.state
    query = state.query().unbounded()  # the filters, every kind: the cities and their events
    limit = min(state.limit, CITY_MAP_CITIES)
    named = _city_map(ctx, query, limit)
    found = named.found
    graph = found.graph
    if graph.number_of_nodes() == 0:
        place.drawing.info(
            "No two cities met at an event with these filters, so the city map is empty: "
            "show cities, practices and events instead, or clear some filters."
        )
        return
    shown = graph.number_of_nodes()
    never = found.cities - found.met
    left_out = [f"{found.cities - shown} of {found.cities} cities"] if found.cities > shown else []
    filtered = " passing the filters" if query.has_anchor_filter else ""
    place.notes.info(
        f"**City map**: {plural(shown, 'city')}{filtered}, linked when they met at an event "
        f"({plural(graph.number_of_edges(), 'link')}: each city's strongest ties; hover a "
        "link for the events and topics two cities share). Size: events taken part in; "
        "colour: communities, named by their cities' top topics (or countries). Left out: "
        + ", ".join(
            [
                *left_out,
                *([f"{plural(never, 'city')} that met no other here"] if never else []),
                "the practices, events and people behind the links",
            ]
        )
        + ". Click a city for its detail and whom it met, or switch to cities, practices "
        "and events above."
    )
    picture = Picture(
        graph,
        title=CITY_MAP_TITLE,
        size_by=_sizes(found.events),
        color_by=named.groups,
        opens=False,
        beside=partial(_open_meetings_button, whole, graph),
        history=ctx.select(query).graph,
    )
    _show(ctx, picture, whole, place)


def _open_meetings_button(whole: nx.MultiDiGraph, graph: nx.MultiDiGraph, node: str) -> None:
    if node in graph:
        st.button(
            f"Open {detail.name(whole, node)}'s network",
            key="open-city",
            on_click=_open_meetings,
            args=(node,),
            width="stretch",
            help="The cities it met and the events where.",
        )


def _open_meetings(city: str) -> None:
    ss = st.session_state
    ss["met"], ss[CAMERA], ss[EXPANDED], ss[PATH] = city, None, [], []


# --- whom a city met ---------------------------------------------------------------------------


@st.cache_resource(show_spinner="Finding whom the city met…", max_entries=8)
def _meetings(
    _selection: Selection, version: str, query: SubgraphQuery, city: str, limit: int
) -> Meetings:
    return meetings(_selection.graph, city, limit=limit)


def _render_meetings(ctx: Context, whole: nx.MultiDiGraph, place: Place) -> None:
    state = ctx.state
    city = str(state.met)
    place.switch.button(
        "Back to the city map",
        key="met-back",
        on_click=_set_drawing,
        args=(state.drawing,),
    )
    query = state.query().unbounded()
    found = _meetings(ctx.select(query), ctx.version, query, city, state.limit)
    name = detail.name(whole, city)
    if found.events == 0:
        place.drawing.info(f"{md(name)} took part in no event with these filters: it met no city.")
        return
    left = (
        f" Showing the {found.kept_events} events with the most cities (raise 'Show at most' "
        "for more)."
        if found.kept_events < found.events
        else ""
    )
    place.notes.info(
        f"**Whom {md(name)} met**: {plural(found.cities, 'city')} at "
        f"{plural(found.events, 'event')} it took part in (shared a practice, hosted, or "
        f"sent a speaker).{left} Hover a link for how it took part."
    )
    picture = Picture(found.graph, title=f"citygraph: whom {name} met", opens=False)
    _show(ctx, picture, whole, place)


# --- one interactive drawing -------------------------------------------------------------------


def _show(
    ctx: Context,
    picture: Picture,
    whole: nx.MultiDiGraph,
    place: Place,
    path: Sequence[str] = (),
) -> None:
    """Search, the drawing with its detail panel beside it, and the downloads."""
    state, ss = ctx.state, st.session_state
    graph = picture.graph
    click = pending("network")  # acted on before the drawing is sent, which then answers it
    if click is not None and not time_control.on_period(click):
        _on_click(click, opens=picture.opens)
    with place.find:
        hits = _search(graph, whole, opens=picture.opens, slot=place.matches)
    drawn = placement(
        graph, size_by=picture.size_by, color_by=picture.color_by, presenter=state.presenter
    )
    attention = Attention(selected=ss.get(NODE), found=tuple(m.id for m in hits), path=tuple(path))
    data = drawing_data(
        graph, title=picture.title, presenter=state.presenter, context=whole, drawing=drawn
    )
    _forget_camera_of_another_drawing(data["key"])
    history = whole if picture.history is None else picture.history
    found = store_access.years(
        ctx.store, version=ctx.version, drawing=data["key"], drawn=graph, context=history
    )
    time_control.add_timeline(data, graph, history, period=state.period, found=found)
    if ss.get(NODE) not in graph and ss.get(NODE) not in whole:
        ss[NODE] = None
    focus = ss.get(SEARCHED, (None, None))[1]
    if focus is None and _opens_on_selection(graph, path):
        ss[NONCE] = int(ss.get(NONCE, 0)) + 1  # zoomed to once, as a picked match is
        focus = ss.get(NODE)
    left, right = place.drawing.columns([3, 1], gap="small")
    with left:
        view = View(
            selected=ss.get(NODE),
            focus=focus,
            found=tuple(m.id for m in hits if m.id in graph),
            path=tuple(path),
            camera=_camera(ss.get(CAMERA)),
            nonce=int(ss.get(NONCE, 0)),
            ack=ss.get(seen_key("network")),
            period=state.period,
            camera_param=ViewState.camera.name,
        )
        late = network(
            data,
            view=view,
            height=DRAWING_HEIGHT,
            key="network",
            fill=True,
            scripts=timeline_scripts(),
        )
    # A first report (no value under the key before the component ran).
    if late is not None and not time_control.on_period(late):
        _on_click(late, opens=picture.opens)
    with right:
        node = ss.get(NODE)
        if picture.beside is not None and isinstance(node, str):
            picture.beside(node)
        _panel(whole, presenter=state.presenter)
    with place.downloads:
        _downloads(
            graph,
            attending(drawn, graph, attention),
            attention,
            presenter=state.presenter,
            size_by=picture.size_by,
            color_by=picture.color_by,
            title=picture.title,
        )


def _opens_on_selection(graph: nx.MultiDiGraph, path: Sequence[str]) -> bool:
    """Whether this run opens a link or a scene that selects a drawn node and keeps no
    camera (nor a path): the drawing then zooms to the node, as picking it in the search
    would, instead of showing the whole network with the node somewhere in it."""
    ss = st.session_state
    node = ss.get(NODE)
    return bool(ss.get("_cg_opened_link") and node in graph and not ss.get(CAMERA) and not path)


def _camera(value: object) -> tuple[float, float, float] | None:
    if not value:
        return None
    x, y, zoom = cast(Iterable[float], value)
    return (float(x), float(y), float(zoom))


def _forget_camera_of_another_drawing(key: str) -> None:
    """A camera belongs to the drawing it was set on: when the user's change (not a link
    or a step Back) draws another graph, the new one is shown whole."""
    ss = st.session_state
    if ss.get(DRAWN) not in (None, key) and not ss.get("_cg_opened_link"):
        ss[CAMERA] = None
    ss[DRAWN] = key


def _search(
    graph: nx.MultiDiGraph, whole: nx.MultiDiGraph, *, opens: bool, slot: Any
) -> list[Match]:
    """Type, press Enter: every match is listed and highlighted, the best one selected and
    zoomed to. With ``opens``, matches are looked for in the whole graph and one not drawn
    is opened here with its neighbours when picked (or when it is the best)."""
    ss = st.session_state
    text = st.text_input(
        "Find in the drawing",
        key=FIND,
        placeholder="a city, practice, event or topic; typos are forgiven",
    )
    if not text.strip():
        ss[SEARCHED] = (None, None)
        return []
    where = whole if opens else graph
    found: list[Match] = ss.get(MATCHES, ("", []))[1] if ss.get(MATCHES, ("",))[0] == text else []
    if ss.get(MATCHES, ("",))[0] != text:
        found = matches(text, where)
        ss[MATCHES] = (text, found)
    if ss.get(SEARCHED, (None,))[0] != text:  # a new search: select and zoom to the best
        ss[NONCE] = int(ss.get(NONCE, 0)) + 1
        best = next((m.id for m in found if m.id in graph), found[0].id if found else None)
        ss[SEARCHED] = (text, best)
        if best is not None:
            _pick(best, graph, rerun=best not in graph)
    if not found:
        slot.caption(f"No match for “{md(text)}” in this graph.")
        return []
    _list_matches(found, graph, slot)
    return found


def _list_matches(found: list[Match], graph: nx.MultiDiGraph, slot: Any) -> None:
    """Every match named (the first ``MATCHES_LISTED`` can be picked); all are
    highlighted in the drawing."""
    drawn = sum(1 for m in found if m.id in graph)
    elsewhere = (
        f", {len(found) - drawn} not drawn (pick one to open it)" if drawn < len(found) else ""
    )
    with slot.container():
        st.caption(
            f"{plural(len(found), 'match')} ({drawn} highlighted in the drawing{elsewhere}). "
            + ("Pick one to select it." if len(found) > 1 else "")
        )
        if len(found) > 1:
            names = {m.id: f"{m.name} ({m.label})" for m in found[:MATCHES_LISTED]}
            st.pills(
                "Matches",
                options=list(names),
                format_func=names.__getitem__,
                key="_cg_pick",
                label_visibility="collapsed",
                on_change=_picked,
                args=(graph,),
            )
            if len(found) > MATCHES_LISTED:
                st.caption(f"…and {len(found) - MATCHES_LISTED} more (all highlighted).")


def _picked(graph: nx.MultiDiGraph) -> None:
    node = st.session_state.get("_cg_pick")
    if node:
        st.session_state[NONCE] = int(st.session_state.get(NONCE, 0)) + 1
        text = st.session_state.get(SEARCHED, (None,))[0]
        st.session_state[SEARCHED] = (text, node)
        _pick(node, graph, rerun=False)


def _pick(node: str, graph: nx.MultiDiGraph, *, rerun: bool) -> None:
    """Select ``node``; one not drawn is opened into the drawing with its neighbours."""
    ss = st.session_state
    if node not in graph:
        ss[EXPANDED] = list(dict.fromkeys([*(ss.get(EXPANDED) or ()), node]))
    ss[CAMERA] = None
    _select(node)
    if rerun:
        st.rerun()


def _select(node: str | None) -> None:
    ss = st.session_state
    if node is not None and ss.get(NODE) not in (None, node):
        ss[PREVIOUS] = ss[NODE]
    ss[NODE] = node


def _on_click(click: Click, *, opens: bool) -> None:
    ss = st.session_state
    event, node = click.event, click.node
    if event == "camera":
        # A camera from before the last search's zoom is older than that zoom: not taken.
        if click.nonce is None or click.nonce >= int(ss.get(NONCE, 0)):
            ss[CAMERA] = click.camera
    elif event == "select" or (event == "expand" and not opens):
        _select(node)
        ss[PATH] = []
    elif event == "expand" and node is not None:
        ss[EXPANDED] = list(dict.fromkeys([*(ss.get(EXPANDED) or ()), node]))
        _select(node)
        st.rerun()


def _path_said(whole: nx.MultiDiGraph) -> None:
    """The path drawn, in words, with a button that clears it."""
    ss = st.session_state
    if ss.get(PATH):
        detail.path_text(whole, _path_nodes(whole, tuple(ss[PATH])))
        if st.button("Clear the path", key="path-clear"):
            ss[PATH] = []
            st.rerun()


def _panel(whole: nx.MultiDiGraph, *, presenter: bool) -> None:
    ss = st.session_state
    node = ss.get(NODE)
    if node is None or node not in whole:
        _path_said(whole)  # a link may name a path and no node: the drawing shows it, so do words
        st.markdown(
            "**Click a node** to see what it is, where that was stated and what it connects to."
        )
        return
    previous = ss.get(PREVIOUS)
    if isinstance(previous, str) and previous in whole and previous != node:
        names = f"{detail.name(whole, previous)} → {detail.name(whole, node)}"
        if st.button(f"Path: {names}", key="path-button", width="stretch"):
            ss[PATH] = [previous, node]
            st.rerun()
    _path_said(whole)
    if ss.get(EXPANDED) and st.button("Close opened neighbourhoods", key="collapse"):
        ss[EXPANDED] = []
        st.rerun()
    detail.render(whole, node, presenter=presenter)


def _downloads(
    graph: nx.MultiDiGraph,
    drawn: Drawing,
    attention: Attention,
    *,
    presenter: bool,
    size_by: Mapping[Hashable, float] | None = None,
    color_by: Mapping[Hashable, int | str] | None = None,
    title: str = TITLE,
) -> None:
    """The drawn graph as files: with the drawing's positions, colours and captions, and
    labelled first where the screen singles nodes out (in presenter mode ``graph`` and the
    captions are masked already, so no file names anyone)."""
    columns = st.columns(len(DOWNLOADS) + 1)
    for column, (name, fmt, mime) in zip(columns, DOWNLOADS, strict=False):
        # The file is made only when the button is clicked (a callable), without a rerun.
        column.download_button(
            f"Download {name}",
            data=partial(export_bytes, graph, fmt, drawing=drawn, title=title),
            file_name=f"citygraph-view.{'zip' if fmt == 'csv' else fmt}",
            mime=mime,
            key=f"download-{fmt}",
            on_click="ignore",
        )
    columns[-1].download_button(
        "Download HTML",
        data=partial(_page, graph, presenter, size_by, color_by, title, attention),
        file_name="citygraph-view.html",
        mime="text/html",
        key="download-html",
        on_click="ignore",
    )


def _page(
    graph: nx.MultiDiGraph,
    presenter: bool,
    size_by: Mapping[Hashable, float] | None,
    color_by: Mapping[Hashable, int | str] | None,
    title: str,
    attention: Attention,
) -> bytes:
    page = network_html(
        graph,
        title=title,
        presenter=presenter,
        size_by=size_by,
        color_by=color_by,
        attention=attention,
    )
    return page.encode("utf-8")


def _sizes(values: Mapping[str, int]) -> Mapping[Hashable, float]:
    """A per-city count as the drawing's ``size_by`` (a mapping's key type is invariant)."""
    return cast(Mapping[Hashable, float], {k: float(v) for k, v in values.items()})
