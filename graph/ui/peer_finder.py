"""The Peer finder view: "my city works on X: who already shared a practice on X?"

Pick a city and/or topics; the sidebar's countries and date range narrow the peers. Each
peer comes with its reason and evidence (practices, events, presenters, source files),
and the peers' network is drawn around the chosen city.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping

import pandas as pd
import streamlit as st

from graph.core.errors import CitygraphError
from graph.read.analysis.peers import PeerResult, PeerScope, find_peers, peer_subgraph
from graph.render.export import records_csv
from graph.render.html import network_html
from graph.ui.context import Context
from graph.ui.frames import table
from graph.ui.text import city_choice, country_names, md, short_address
from graph.ui.viewstate import MAX_PEERS

CANVAS_HEIGHT = 560
EXPANDED = 3  # the first peers open with their evidence showing


def render(ctx: Context) -> None:
    state = ctx.state
    countries = country_names(ctx.facets.countries)
    cities = {f.id: city_choice(f.name, f.extra, countries) for f in ctx.facets.cities}
    topics = {f.id: f"{f.name} ({f.count})" for f in ctx.facets.topics}
    if not cities:
        st.info("No city is loaded yet.")
        return
    left, right, third = st.columns([2, 3, 1])
    # The city shares the City profile's setting, so a link with ?tab=peers&city=...
    # opens the peers of that city (graph/ui/viewstate.py declares both and the topics).
    city_options = [None, *cities]
    if st.session_state.get("city") not in city_options:
        st.session_state["city"] = None
    chosen_topics = st.session_state.get("peer_topics") or []
    st.session_state["peer_topics"] = [t for t in chosen_topics if t in topics]
    city = left.selectbox(
        "My city",
        options=city_options,
        key="city",
        format_func=lambda c: "any city" if c is None else cities[c],
    )
    chosen = right.multiselect(
        "works on",
        options=list(topics),
        key="peer_topics",
        format_func=topics.__getitem__,
        help="Empty: the topics the city shared practices on.",
    )
    limit = third.number_input("Peers", min_value=1, max_value=MAX_PEERS, key="peers")
    if city is None and not chosen:
        st.info("Pick your city, a topic, or both.")
        return
    narrowed = ", ".join(
        part
        for part in (
            f"countries {', '.join(state.countries)}" if state.countries else "",
            f"from {state.date_from}" if state.date_from else "",
            f"until {state.date_to}" if state.date_to else "",
        )
        if part
    )
    if narrowed:
        st.caption(f"Narrowed by the sidebar: {narrowed}.")
    # The store's selections for the sidebar's countries and dates (cached, like every read).
    scope = PeerScope.of(
        ctx.select, countries=state.countries, date_from=state.date_from, date_to=state.date_to
    )
    graph = ctx.whole().graph  # the peers' network is drawn from it
    try:
        result = find_peers(
            scope, city=city, topics=chosen, limit=int(limit), hide_people=state.presenter
        )
    except CitygraphError as error:
        st.warning(str(error))
        return
    _render_result(
        result,
        narrowed=narrowed,
        why_empty=state.why_empty(),
        presenter=state.presenter,
        countries=countries,
    )
    if result.peers:
        st.markdown("**The peers' network**: the city, its peers and the evidence between them")
        sub = peer_subgraph(graph, result)
        sizes: dict[Hashable, float] = {p.id: p.score for p in result.peers}
        if result.city:
            sizes[result.city] = max(sizes.values(), default=1.0)
        html = network_html(
            sub,
            title=f"citygraph: peers of {result.city_name or ', '.join(result.topic_names)}",
            size_by=sizes,
            presenter=state.presenter,
            height=f"{CANVAS_HEIGHT}px",
        )
        st.iframe(html, height=CANVAS_HEIGHT + 60)


def peer_rows(result: PeerResult) -> list[dict[str, object]]:
    """One flat row per peer, for the table and the CSV download."""
    return [
        {
            "rank": rank,
            "city": p.name,
            "country": p.country_code or "",
            "score": p.score,
            "topics": ", ".join(p.shared_topics),
            "practices": "; ".join(pr.title for pr in p.practices),
            "events": "; ".join(f"{e.title} ({e.date or 'undated'})" for e in p.events),
            "presenters": ", ".join(p.presenters),
            "reason": p.reason,
            "sources": "; ".join(p.source_files),
            "id": p.id,
        }
        for rank, p in enumerate(result.peers, 1)
    ]


def empty_reason(result: PeerResult, *, narrowed: str, why_empty: str | None) -> str:
    """Why no peer is listed, in words.

    >>> from graph.read.analysis.peers import PeerResult
    >>> r = PeerResult(city="city:ee:tartu", city_name="Tartu", topics=[], topic_names=[],
    ...                peers=[], candidates=0)
    >>> empty_reason(r, narrowed="", why_empty=None)
    'No other city shared a practice on the topics of Tartu, or met it at an event.'
    >>> empty_reason(r, narrowed="from 2030-01-01", why_empty=None)
    "No peer of Tartu passes the sidebar's filters (from 2030-01-01); clear them to see more."
    """
    asked = result.city_name or ", ".join(result.topic_names)
    if why_empty:
        return f"No peers: {why_empty}."
    if narrowed:
        return (
            f"No peer of {asked} passes the sidebar's filters ({narrowed}); clear them to see more."
        )
    if result.city_name:
        return f"No other city shared a practice on the topics of {asked}, or met it at an event."
    return f"No city shared a practice on {asked}."


def _render_result(
    result: PeerResult,
    *,
    narrowed: str,
    why_empty: str | None,
    presenter: bool,
    countries: Mapping[str, str],
) -> None:
    asked = result.city_name or ", ".join(result.topic_names)
    if not result.peers:
        st.info(md(empty_reason(result, narrowed=narrowed, why_empty=why_empty)))
        return
    st.markdown(
        f"**{len(result.peers)} of {result.candidates} peers of {md(asked)}**"
        + (f" on {md(', '.join(result.topic_names))}" if result.city and result.topics else "")
    )
    st.caption(
        f"Score: {md(result.method)}; half-life {result.half_life_years:g} years, counted back "
        f"from the newest event ({result.reference_date}). See docs/analysis.md."
    )
    for note in result.notes:
        st.caption(note)
    for rank, peer in enumerate(result.peers, 1):
        named = city_choice(peer.name, peer.country_code, countries)
        with st.expander(f"{rank}. {named}: score {peer.score:.3f}", expanded=rank <= EXPANDED):
            st.markdown(md(peer.reason))
            if peer.practices:
                table(
                    pd.DataFrame(
                        [
                            {
                                "practice": p.title,
                                "topics": ", ".join(p.topics),
                                "presented at": "; ".join(e.title for e in p.events),
                                "date": p.date or "",
                                "presenters": ", ".join(p.presenters),
                            }
                            for p in peer.practices
                        ]
                    ),
                    presenter=presenter,
                )
            if peer.events:
                table(
                    pd.DataFrame(
                        [
                            {"event met at": e.title, "date": e.date or "", "how": ", ".join(e.how)}
                            for e in peer.events
                        ]
                    ),
                    presenter=presenter,
                )
            if peer.source_files:
                # on a projector a file's name, a page's site and page, as every table shows them
                files = [short_address(f) if presenter else f for f in peer.source_files]
                st.caption("Sources: " + md("; ".join(files)))
    rows = peer_rows(result)
    a, b = st.columns(2)
    a.download_button(
        "Download peers (CSV)",
        data=records_csv(rows),
        file_name="citygraph-peers.csv",
        mime="text/csv",
        key="peers-csv",
    )
    b.download_button(
        "Download peers with evidence (JSON)",
        data=json.dumps(result.as_json(), ensure_ascii=False, indent=1).encode("utf-8"),
        file_name="citygraph-peers.json",
        mime="application/json",
        key="peers-json",
    )
