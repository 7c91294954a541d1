r"""The passages that stated a source's facts, as a ``Source`` node keeps them.

A recap's ``Source`` node has a ``passages`` property: one string per fact, the id of the
node the fact made, the rule that found it and the passage of the page that states it,
tab-separated. Only sources that have passages carry them (tables have none), so a store
of a million table rows holds and reads nothing more; a node's or a relation's passages
are found through the sources it lists (``graph/read/evidence.py``).

When ids change after a load's files are read (one person, one event across pages), the
entries follow (``rekeyed``); presenter mode shows opaque ids and masked names in them
too (``masked``).

>>> entry = encode("city:ee:tartu", "places.cue_before", "Experts from Tartu\tcame.")
>>> decode(entry)
Entry(node='city:ee:tartu', rule='places.cue_before', passage='Experts from Tartu came.')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

PASSAGES = "passages"  # the Source property that holds them


class Entry(NamedTuple):
    node: str  # the id of the node the fact made
    rule: str  # the rule that found it
    passage: str  # the words of the page that state it


def encode(node: str, rule: str, passage: str) -> str:
    """One entry as the property holds it (tabs in the passage become spaces)."""
    return "\t".join((node, rule, passage.replace("\t", " ")))


def decode(entry: str) -> Entry:
    node, rule, passage = [*entry.split("\t", 2), "", ""][:3]
    return Entry(node, rule, passage)


def entries(value: object) -> list[Entry]:
    """The entries of a ``passages`` property value (anything else: none)."""
    if not isinstance(value, list | tuple):
        return []
    return [decode(v) for v in value if isinstance(v, str)]


def rekeyed(value: object, rename: Mapping[str, str]) -> tuple[str, ...]:
    r"""``value`` with the entries of renamed nodes moved to their new ids.

    >>> rekeyed([encode("person:a-b:ee:tartu", "r", "A B")], {"person:a-b:ee:tartu": "person:a-b"})
    ('person:a-b\tr\tA B',)
    """
    out = []
    for e in entries(value):
        out.append(encode(rename.get(e.node, e.node), e.rule, e.passage))
    return tuple(dict.fromkeys(out))


def masked(
    value: object, *, text: Callable[[str], str], node_id: Callable[[str], str]
) -> tuple[str, ...]:
    """``value`` as presenter mode shows it: ids as it shows them, names masked."""
    return tuple(encode(node_id(e.node), e.rule, text(e.passage)) for e in entries(value))
