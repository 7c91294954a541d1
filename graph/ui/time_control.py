"""The time control in the Network and Map views: the drawing's years (when each node and
relation first took part, graph/read/analysis/periods.py) go with the drawing, and the
page replays them without a rerun (graph/render/templates/timeline.js). Only a stop comes
back: the period chosen, kept in the view's link (``period``, "2016-2019")."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import streamlit as st

from graph.read.analysis.index import CityIndex
from graph.read.analysis.periods import Activity, activity
from graph.ui.network_component import Click

PERIOD = "period"  # the setting: its URL parameter and session key
_PERIOD = re.compile(r"(\d{4})-(\d{4})")


def add_timeline(
    data: dict[str, Any],
    drawn: nx.MultiDiGraph,
    context: nx.MultiDiGraph,
    *,
    period: str | None,
    index: CityIndex | None = None,
    found: Activity | None = None,
) -> None:
    """Give the drawing ``data`` its years, and the period to open on (from the link);
    ``index``: ``context``'s, when the caller has it already; ``found``: the years
    themselves, when the caller kept them (graph/ui/store_access.py's ``years``)."""
    if found is None:
        found = activity(drawn, context, index=index)
    found.stamp(data["nodes"], data["edges"])
    data["timeline"] = {**found.as_data(), "period": period}


def with_period(data: dict[str, Any], period: str | None) -> dict[str, Any]:
    """``data`` (with its years: ``add_timeline``) opening on ``period``: a shallow copy,
    so drawing data kept for many reruns (and sessions) stays as it was.

    >>> kept = {"nodes": [], "timeline": {"years": [2019, 2020], "period": None}}
    >>> with_period(kept, "2019-2019")["timeline"], kept["timeline"]["period"]
    ({'years': [2019, 2020], 'period': '2019-2019'}, None)
    """
    return {**data, "timeline": {**data["timeline"], "period": period}}


def period_of(text: object) -> str | None:
    """A period as a link holds it ("2016-2019"), or None for anything else.

    >>> period_of("2016-2019"), period_of("2019-2016"), period_of("soon")
    ('2016-2019', '2016-2019', None)
    """
    match = _PERIOD.fullmatch(str(text or ""))
    if not match:
        return None
    a, b = sorted(int(g) for g in match.groups())
    return f"{a}-{b}"


def on_period(click: Click | None) -> bool:
    """Keep a period the user stopped on; True when the click was one."""
    if click is None or click.event != "period":
        return False
    st.session_state[PERIOD] = period_of(click.node)
    return True
