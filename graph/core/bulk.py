"""Work on millions of small objects at once (a large load, opening a large graph)."""

from __future__ import annotations

import gc
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from graph.core.errors import BudgetError


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are made that all
    stay alive: it would rescan them again and again (two thirds of a large table load's
    time, 40% of opening a large graph). Reference counting still frees what is let go.

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was made stays alive: straight into the oldest generation (freeze, then
        # unfreeze: no scan), or the next young collections scan it all, twice, before
        # it gets there (0.66 s after opening a million-row graph).
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def peak_memory() -> int:
    """The most memory (resident, bytes) this process has held so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux counts KiB


def physical_memory() -> int:
    """The machine's memory in bytes."""
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Budget:
    """How much time and memory one load may take; ``check`` stops it past either, before
    anything is written (the reading is where a large load spends them).

    >>> Budget(seconds=None, memory=1 << 40).check("events.csv", 10)  # within it: nothing
    >>> try:
    ...     Budget(seconds=0.0, memory=None).check("events.csv", 10)
    ... except BudgetError as e:
    ...     print(str(e)[:72])
    stopped after 10 rows of events.csv: the load took more than its time bu
    """

    seconds: float | None
    memory: int | None  # bytes of peak resident memory
    started: float = field(default_factory=time.monotonic)

    def check(self, where: str, rows: int) -> None:
        """Raise BudgetError when the load is past its time or memory budget.

        Raises:
            BudgetError: names what was read so far and which budget was reached.
        """
        reached = None
        if self.seconds is not None and time.monotonic() - self.started > self.seconds:
            reached = f"took more than its time budget of {self.seconds / 60:g} min (--max-minutes)"
        elif self.memory is not None and peak_memory() > self.memory:
            reached = (
                f"needed more than its memory budget of {self.memory / 2**30:.3g} GB (--max-memory)"
            )
        if reached:
            raise BudgetError(
                f"stopped after {rows:,} rows of {where}: the load {reached}; nothing was "
                "written, the graph is as it was"
            )
