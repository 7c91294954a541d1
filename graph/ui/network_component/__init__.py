"""The network drawing as a Streamlit component of our own, so clicks come back to Python.

``st.iframe``/``components.html`` only show a page; this component (a static folder of
plain HTML and JavaScript speaking Streamlit's component protocol, no build step) draws
with the same script as the standalone page (graph/render/templates/drawing.js), gets
vis-network inline in its arguments (nothing is fetched), and returns what the user did:
``Click(event="select" | "expand", node=id)``, once per click.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.components.v1 import declare_component

from graph.render.html import drawing_assets

_FRONTEND = Path(__file__).resolve().parent / "frontend"
_component = declare_component("citygraph_network", path=str(_FRONTEND))


@dataclass(frozen=True)
class View:
    """What the drawing should show besides the graph: a selected node, a node to zoom to
    (a search hit; ``nonce`` makes the same hit zoom again), a path to highlight."""

    selected: str | None = None
    focus: str | None = None
    path: tuple[str, ...] = ()
    nonce: int = 0
    period: str | None = None  # the time control's years ("2016-2019"), None: every year


@dataclass(frozen=True)
class Click:
    event: str  # "select" (a click; node None when the click hit nothing), "expand", "period"
    node: str | None  # the node; for "period", the years chosen ("2016-2019") or None


def network(
    data: Mapping[str, Any],
    *,
    view: View,
    height: int,
    key: str,
    scripts: Sequence[str] = (),
) -> Click | None:
    """Draw ``data`` (``graph.render.html.drawing_data``) and return the user's newest
    click, or None when there is none since the last call with this ``key``. ``scripts``
    hook into the drawing (``window.citygraphHooks``: the map's outlines, the time control)."""
    raw = _component(
        data=dict(data),
        assets={**asdict(drawing_assets()), "scripts": list(scripts)},
        view={**asdict(view), "path": list(view.path)},
        height=height,
        key=key,
        default=None,
    )
    return _new_click(raw, seen_key=f"_cg_seen_{key}")


def _new_click(raw: object, *, seen_key: str) -> Click | None:
    """The component keeps returning its last value on every rerun: act on each once."""
    if not isinstance(raw, Mapping) or raw.get("n") is None:
        return None
    if st.session_state.get(seen_key) == raw["n"]:
        return None
    st.session_state[seen_key] = raw["n"]
    event = str(raw.get("event") or "")
    if event not in ("select", "expand", "period"):
        return None
    node = raw.get("id")
    return Click(event=event, node=None if node is None else str(node))


def ids_in(data: Mapping[str, Any]) -> Sequence[str]:
    """The node ids a drawing holds (to check a selection still exists)."""
    return [str(n["id"]) for n in data.get("nodes", ())]
