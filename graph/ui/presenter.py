"""Presenter mode's larger text for the Streamlit page itself (the drawing has its own)."""

from __future__ import annotations

import streamlit as st

# A style-only st.html block is applied to the page without taking space.
_LARGER_TEXT = """<style>
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label
  { font-size: 1.3rem; }
[data-testid="stMain"] h3 { font-size: 2.2rem; }
</style>"""


def apply(enabled: bool) -> None:
    if enabled:
        st.html(_LARGER_TEXT)
