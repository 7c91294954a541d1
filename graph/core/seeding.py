"""Seeded igraph calls that are safe from several threads at once.

igraph draws every random number from one process-wide generator, and its C core is not
safe to run from two threads at once. Streamlit serves each session from its own thread,
so two sessions laying out a graph (or finding communities) at the same moment would
share one random sequence and get other results than each alone. ``seeded`` makes such a
call a critical section: one at a time, each with its own seeded generator, and Python's
``random`` module put back after.

>>> import igraph
>>> g = igraph.Graph.Ring(30)
>>> with seeded(7):
...     first = g.layout_fruchterman_reingold(niter=50).coords
>>> with seeded(7):
...     again = g.layout_fruchterman_reingold(niter=50).coords
>>> first == again
True
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_IGRAPH = threading.RLock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Within the block, igraph's random numbers come from ``seed``, and no other thread
    runs a seeded igraph call."""
    import igraph

    with _IGRAPH:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)
