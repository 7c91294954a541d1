"""Offset bookkeeping that stays fast on megabyte pages: sorted spans, looked up by bisect
(a page can hold thousands of masked names and city mentions; pairwise scans would be
quadratic)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


class SpanIndex:
    """A set of ``[start, end)`` spans, merged, answering point and overlap queries."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def contains(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self._starts, self._ends, strict=True))


def between(items: Sequence[T], starts: Sequence[int], start: int, end: int) -> Sequence[T]:
    """The items whose start offset (``starts``, sorted, parallel to ``items``) lies in
    ``[start, end)``."""
    return items[bisect_left(starts, start) : bisect_left(starts, end)]


def sorted_by(items: Iterable[T], key: Callable[[T], int]) -> tuple[list[T], list[int]]:
    ordered = sorted(items, key=key)
    return ordered, [key(x) for x in ordered]


_WORD = re.compile(r"\w+")


def occurrences(text: str, needles: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Where each needle (a name) occurs in ``text``, found in one pass over the words:
    each word start is checked only against the needles that begin with that word."""
    by_first: dict[str, list[str]] = {}
    for needle in set(needles):
        first = _WORD.match(needle)
        if first:
            by_first.setdefault(first.group(), []).append(needle)
    found: dict[str, list[tuple[int, int]]] = {n: [] for n in needles}
    if not by_first:
        return found
    for m in _WORD.finditer(text):
        for needle in by_first.get(m.group(), ()):
            if text.startswith(needle, m.start()):
                found[needle].append((m.start(), m.start() + len(needle)))
    return found
