"""citygraph dashboard: ``streamlit run app.py`` (or ``make run``).

Thin on purpose: widgets and layout here, everything else in graph/ (data in
graph.read.tables, pages in graph.render.html, one rendering module per view in graph.ui).
To add a view, add it to ``views()``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import networkx as nx
import streamlit as st

from graph.core.errors import CitygraphError
from graph.core.settings import Settings
from graph.store import store_location
from graph.store.base import WHOLE_GRAPH
from graph.store.scenes import open_shelf
from graph.ui import (
    admin,
    city_tab,
    errors,
    map_tab,
    metrics,
    network_tab,
    peer_finder,
    practices_tab,
    presenter,
    scenes,
    sidebar,
    sources_tab,
    store_access,
    trails_tab,
)
from graph.ui.context import Context
from graph.ui.reader import Reader
from graph.ui.store_access import get_store

View = Callable[[Context], None]


def views(settings: Settings) -> dict[str, View]:
    """The views, by URL name; the first is the default."""
    found: dict[str, View] = {
        "network": network_tab.render,
        "map": map_tab.render,
        "practices": practices_tab.render,
        "city": city_tab.render,
        "sources": sources_tab.render,
        "peers": peer_finder.render,
        "trails": trails_tab.render,
        "metrics": metrics.render,
        "scenes": scenes.render,
    }
    if settings.admin_password:
        found["load"] = admin.render
    return found


def empty_hint(settings: Settings) -> str:
    return (
        f"No data yet: {store_location(settings)} holds no graph. Load some with "
        "`citygraph load data/samples` (or start the dashboard with `make run`, which "
        "does it), then reload this page."
    )


def main() -> None:
    # No page_icon: a named icon is fetched from a font CDN, and the page must stay offline.
    st.set_page_config(page_title="citygraph", layout="wide")
    settings: Settings | None = None
    try:
        settings = Settings.from_env()
        real = get_store(settings)
        version = real.version()  # before any read: a later load shows on the next rerun

        def whole() -> nx.MultiDiGraph:
            return store_access.select(real, WHOLE_GRAPH, version=version).graph

        # A link is opened on a session's first run and on Back/Forward, and a scene's when
        # one is opened or presented; presenter mode comes from it then, else from the
        # switch. Every view reads a store that shows no person's name in presenter mode.
        shelf = open_shelf(settings, real)
        link = scenes.pending_link(
            shelf, sidebar.link_to_open(), presenter=sidebar.presenting(None)
        )
        presenting = sidebar.presenting(link)
        store: Reader = store_access.presented(real, version=version) if presenting else real
        facets = store_access.facets(store, version=version, presenter=presenting)
        available = views(settings)

        def has_node(node_id: str) -> bool:
            shown = store_access.select(store, WHOLE_GRAPH, version=version, presenter=presenting)
            return node_id in shown.graph

        graph = sidebar.Graph(facets=facets, has_node=has_node)
        sidebar.start(link, graph, list(available), store)
        state = sidebar.render(graph, store, list(available), whole=whole)
        presenter.apply(state.presenter)
        if not facets.labels:
            st.info(empty_hint(settings))
        ctx = Context(
            store=store,
            settings=settings,
            state=state,
            facets=facets,
            version=version,
            scenes=scenes.for_session(
                shelf, settings, store, partial(sidebar.known, graph=graph, views=list(available))
            ),
        )
        scenes.place(ctx)  # presenting: the steps above the view; else saving, in the sidebar
        available[state.tab](ctx)
        sidebar.write_url()  # after the view: its clicks are in the link too
    except CitygraphError as error:
        errors.show(error, settings)


main()
