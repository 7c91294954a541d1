"""The City profile: one city's events, practices, topics, people and ego network."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.read.tables import city_profile
from graph.store.base import SubgraphQuery
from graph.ui import network_tab
from graph.ui.context import Context
from graph.ui.frames import table
from graph.ui.text import city_choice, country_names, md


def render(ctx: Context) -> None:
    countries = country_names(ctx.facets.countries)
    cities = {f.id: city_choice(f.name, f.extra, countries) for f in ctx.facets.cities}
    if not cities:
        st.info("No city is loaded yet.")
        return
    # No city is chosen for the user: a link naming one the graph lacks says so (above the
    # view) and the picker waits, rather than showing another city's profile.
    options: list[str | None] = [None, *cities]
    if st.session_state.get("city") not in options:
        st.session_state["city"] = None
    city = st.selectbox(
        "City",
        options=options,
        key="city",
        format_func=lambda c: "pick a city…" if c is None else cities[c],
    )
    if city is None:
        st.info(f"Pick one of the {len(cities):,} cities for its profile.")
        return
    # Three steps reach what a profile tells: events where its practices were presented
    # and the cities that hosted them.
    around = ctx.select(SubgraphQuery.around(city, hops=3, limit=None))
    profile = city_profile(around, city, presenter=ctx.state.presenter)
    st.markdown(f"### {md(profile.name)}" + (f", {md(profile.country)}" if profile.country else ""))
    a, b, c, d = st.columns(4)
    a.metric("Events", len(profile.events))
    b.metric("Practices", len(profile.practices))
    c.metric("Topics", len(profile.topics))
    d.metric("People", len(profile.people))
    shown = ctx.state.presenter
    left, right = st.columns([2, 1])  # the tables' columns fit without wrapping a date
    with left:
        st.markdown("**Events**")
        table(pd.DataFrame(profile.events, columns=["event", "date", "held in"]), presenter=shown)
        st.markdown("**Practices**")
        table(pd.DataFrame(profile.practices, columns=["practice", "topics"]), presenter=shown)
    with right:
        st.markdown("**Topics**")
        st.write(", ".join(profile.topics) or "none recorded")
        st.markdown("**People**")
        if shown:  # a table of "Speaker" rows with their roles blank says nothing
            count = len(profile.people)
            st.write(f"{count} {'person' if count == 1 else 'people'}; presenter mode hides who.")
        else:
            table(pd.DataFrame(profile.people, columns=["person", "role"]), presenter=shown)
    st.markdown("**Ego network** (two steps around the city)")
    ego = ctx.select(SubgraphQuery.around(city, hops=2, limit=ctx.state.limit))
    network_tab.draw(
        ego.graph, title=f"citygraph: {profile.name}", presenter=ctx.state.presenter, key="city"
    )
