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


PASSAGE_CHARS = 300
"""The longest passage a fact is shown with: its line, or its sentence in a long line."""


def passage(text: str, start: int, end: int) -> tuple[int, int]:
    r"""The passage around ``text[start:end]`` that a reader sees as stating it: its line,
    or in a long line its sentence, at most ``PASSAGE_CHARS`` (more only when the fact
    itself is longer).

    >>> t = "Heading\nTartu (Estland) presented. Kiel too."
    >>> s, e = passage(t, 8, 13); t[s:e]
    'Tartu (Estland) presented. Kiel too.'
    """
    start, end = max(0, start), min(len(text), max(start, end))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start <= PASSAGE_CHARS:
        return line_start, line_end
    low = max(line_start, start - PASSAGE_CHARS)
    cut = max(
        text.rfind(". ", low, start), text.rfind("! ", low, start), text.rfind("? ", low, start)
    )
    s = cut + 2 if cut >= 0 else max(line_start, start - PASSAGE_CHARS // 3)
    ends = [i for i in (text.find(". ", end, line_end), text.find("! ", end, line_end)) if i >= 0]
    e = min(ends) + 1 if ends else line_end
    if e - s > PASSAGE_CHARS:
        s = max(s, min(start, end - PASSAGE_CHARS))
        e = min(e, max(end, s + PASSAGE_CHARS))
        # whole words at both ends
        space = text.rfind(" ", end, e)
        e = space if space > end else e
        space = text.find(" ", s, start)
        s = space + 1 if 0 <= space < start and s > line_start else s
    return s, e
