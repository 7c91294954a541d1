"""Presenter mode's one transform: a graph with every person's name hidden.

Every view, table, tooltip and download in presenter mode reads the graph this module
returns, so none of them can show a name: Person nodes keep their relations but are
called ``SPEAKER``, lose every other property and get an opaque id; every person's name
is masked inside every other text (practice titles, summaries, warnings, paths, relation
properties); and a node whose id spells a name (``practice:…-presented-by-raimond-tamm``)
gets an opaque id too, since ids reach tables and the address bar.

A name is found in all the spellings a text may use: folded (case, accents, scripts and
the letters transliterations differ by: "Müller", "Mueller" and "MULLER" are one, so are
"Шевченко", "Shevchenko" and "Schewtschenko"), in full or in part ("Jürgen Müller",
"von der Leyen", "García Márquez"), the surname alone ("Leyen", "Müllers") and a given
name alone when written as a name, capitalised ("Ursula", not "ursula"). A single word
that is also another node's name (a city's, a topic's) is not masked alone.

A ``Mask`` learns the names from one graph (the whole graph, so that a practice title
naming a person is masked even in a selection holding no Person node) and applies to any
part of it; ``public_id`` and ``real_id`` translate between the ids the store knows and
the ids presenter mode shows (and puts in URLs).

>>> g = nx.MultiDiGraph()
>>> g.add_node("person:ada-lind", label="Person", name="Ada Lind", role="Mayor of Tartu")
>>> g.add_node("practice:bikes", label="Practice", title="Bikes, presented by Ada Lind")
>>> _ = g.add_edge("person:ada-lind", "practice:bikes", key="PRESENTED", type="PRESENTED")
>>> shown = anonymise(g)
>>> sorted(a.get("name") or a.get("title") for _, a in shown.nodes(data=True))
['Bikes, presented by Speaker', 'Speaker']
>>> [(u.startswith("person:"), u == "person:ada-lind", k) for u, _, k in shown.edges(keys=True)]
[(True, False, 'PRESENTED')]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx

from graph.core.model import ID_PREFIX, Label, display_name, label_of
from graph.core.passages import PASSAGES, masked
from graph.ingest.build import person_key

SPEAKER = "Speaker"  # what presenter mode shows instead of a person's name

_WORD = re.compile(r"\w+")
# What may stand between two words of one name: spaces, a hyphen (also slugs), an initial's
# full stop, an apostrophe. Nothing longer, so "Ada. Lind" across sentences still matches
# but "Ada, the mayor. Lind" does not.
_GAP = re.compile(r"[\s.\-_'’]{1,3}")
_MIN_SURNAME = 4  # shorter surnames alone ("Li", "Ek") would mask ordinary words
_MIN_GIVEN = 3  # given names alone: "Ada" yes, "Jo" no
# Words that join a surname to its name ("Ursula von der Leyen", "Jan de Vries"): part of
# the surname in full, never masked on their own.
PARTICLES = (
    *("von", "vom", "zu", "zur", "van", "der", "den", "de", "des", "du", "da", "di", "do"),
    *("dos", "das", "del", "della", "la", "le", "ter", "ten", "af", "av", "ap", "bin"),
    *("ben", "al", "el", "y"),
)
_UMLAUT_WRITTEN = re.compile(r"([aou])e")  # "ue" for "ü": Mueller = Müller
_KEY = b"citygraph-presenter-v1"
_OPAQUE_CHARS = 12


def hidden_name(attrs: Mapping[str, Any], node_id: str, *, hide_people: bool) -> str:
    """What a reader sees for a node: its display name, ``SPEAKER`` for a person when
    names are hidden. The one place that decides it.

    >>> hidden_name({"label": "Person", "name": "Ada Lind"}, "person:ada-lind", hide_people=True)
    'Speaker'
    >>> hidden_name({"label": "City", "name": "Tartu"}, "city:ee:tartu", hide_people=True)
    'Tartu'
    """
    if hide_people and attrs.get("label") == Label.PERSON:
        return SPEAKER
    return display_name(dict(attrs), node_id)


def opaque_id(node_id: str) -> str:
    """An id that names nothing but keeps the kind's prefix, the same in every session (so
    a link made in presenter mode opens the same node).

    >>> shown = opaque_id("person:ada-lind")
    >>> shown.startswith("person:") and "ada" not in shown, shown == opaque_id("person:ada-lind")
    (True, True)
    """
    label = label_of(node_id)
    prefix = ID_PREFIX[label] if label else "node:"
    digest = hashlib.sha256(_KEY + node_id.encode("utf-8")).hexdigest()[:_OPAQUE_CHARS]
    return f"{prefix}{digest}"


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """A word as names are compared: case, accents, script and the letters that
    transliterations differ by folded (``build.person_key``'s rules), and an umlaut written
    out folded to its letter.

    >>> _fold("Müller") == _fold("Mueller") == _fold("MULLER"), _fold("Шевченко")
    (True, 'shevhenko')
    """
    return _UMLAUT_WRITTEN.sub(r"\1", person_key(word).replace(" ", ""))


_PARTICLES = frozenset(_fold(p) for p in PARTICLES)


def _words(text: str) -> list[str]:
    return [w for w in (_fold(m) for m in _WORD.findall(text)) if w]


def _tokens(name: str) -> list[tuple[str, ...]]:
    """A name's parts as written apart (``Hans-Peter``, ``von``, ``Müller-Lüdenscheidt``),
    each as its folded words."""
    return [t for t in (tuple(_words(part)) for part in name.split()) if t]


@dataclass(frozen=True)
class _Spelling:
    """What to mask of one spelling of one person's name."""

    phrases: frozenset[tuple[str, ...]]  # two words or more, together
    surnames: frozenset[str]  # alone, however written
    given: frozenset[str]  # alone, when capitalised

    @classmethod
    def of(cls, name: str) -> _Spelling:
        tokens = _tokens(name)
        if len(tokens) == 1 and len(tokens[0]) == 1:  # one word: the whole name
            return cls(frozenset(), frozenset(tokens[0]), frozenset())
        phrases = set()
        for start in range(len(tokens)):  # every run of its parts: "von der Leyen", ...
            for end in range(start + 1, len(tokens) + 1):
                words = tuple(w for t in tokens[start:end] for w in t)
                if len(words) > 1 and not set(words) <= _PARTICLES:
                    phrases.add(words)
        last = tokens[-1] if len(tokens) > 1 else tokens[0][-1:]
        surnames = {w for w in last if len(w) >= _MIN_SURNAME and w not in _PARTICLES}
        surnames |= {w + "s" for w in surnames}  # a German genitive: "Müllers Rede"
        given = {
            w
            for t in tokens[:-1]
            for w in t
            if len(w) >= _MIN_GIVEN and w not in _PARTICLES and w not in surnames
        }
        if len(tokens) == 1:  # "Hans-Peter": one part of several words
            given = {w for w in tokens[0][:-1] if len(w) >= _MIN_GIVEN}
        return cls(frozenset(phrases), frozenset(surnames), frozenset(given))


@dataclass(frozen=True)
class Mask:
    """The names of a graph's people, to hide in it or in any part of it."""

    names: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """Names and runs of their parts, two words or more, as folded words, by first word,
    longest first."""
    surnames: frozenset[str] = frozenset()
    """Words masked alone however written: surnames ("Tamm presented…"), one-word names."""
    given: frozenset[str] = frozenset()
    """Given names, masked alone when capitalised ("Ursula", not "ursula")."""
    renamed: Mapping[str, str] = field(default_factory=dict)
    """opaque id -> store id, for the ids this mask renames in its graph."""

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> Mask:
        """The mask for ``graph``'s people (give the whole graph, not a selection).

        >>> g = nx.MultiDiGraph(); g.add_node("person:ada-lind", label="Person", name="Ada Lind")
        >>> Mask.of(g).text("Ms. ADA LIND and Ms. Lind; ada-lind.txt; Ada asked, ada did not")
        'Ms. Speaker and Ms. Speaker; Speaker.txt; Speaker asked, ada did not'
        """
        spellings: list[_Spelling] = []
        other_names: set[str] = set()
        for node, attrs in graph.nodes(data=True):
            name = str(attrs.get("name") or "")
            if attrs.get("label") == Label.PERSON:
                if _hidden(attrs):
                    continue  # masked already: nothing left to learn
                shown = name or str(node).split(":", 1)[-1].replace("-", " ")
                # Other spellings of the same person ("Witalij" for "Vitaliy") hide too.
                for written in (shown, *(str(o) for o in attrs.get("names") or ())):
                    spellings.append(_Spelling.of(written))
            elif name:
                other_names.add(" ".join(_words(name)))

        def alone(word: str, shortest: int) -> bool:
            # A single word that is also a city's or a topic's stays (a loader slip must
            # not blank every mention of that city); a short one would mask ordinary words.
            return len(word) >= shortest and word not in other_names

        by_first: dict[str, set[tuple[str, ...]]] = {}
        for each in spellings:
            for words in each.phrases:
                by_first.setdefault(words[0], set()).add(words)
        names = {
            first: tuple(sorted(options, key=lambda w: (-len(w), w)))
            for first, options in by_first.items()
        }
        surnames = frozenset(
            w for s in spellings for w in s.surnames if alone(w, 3 if len(s.phrases) == 0 else 0)
        )
        given = frozenset(w for s in spellings for w in s.given if alone(w, _MIN_GIVEN)) - surnames
        mask = cls(names=names, surnames=surnames, given=given)
        real = {}
        for node, attrs in graph.nodes(data=True):
            public = mask.shown_id(str(node), attrs)
            if public != node:
                real[public] = str(node)
        return cls(names=names, surnames=surnames, given=given, renamed=real)

    def text(self, text: str) -> str:
        """``text`` with every person's name (and surname alone) replaced by ``SPEAKER``."""
        if not self.names and not self.surnames and not self.given:
            return text
        matches = list(_WORD.finditer(text))
        words = [_fold(m.group()) or "\0" for m in matches]  # "\0": a word no name has
        out: list[str] = []
        done = 0  # text before this offset is already in ``out``
        i = 0
        while i < len(matches):
            length = self._match(matches, words, i)
            if length:
                start, end = matches[i].start(), matches[i + length - 1].end()
                out.append(text[done:start])
                out.append(SPEAKER)
                done = end
                i += length
            else:
                i += 1
        out.append(text[done:])
        return "".join(out)

    def _match(self, matches: list[re.Match[str]], words: list[str], i: int) -> int:
        """How many words from ``i`` on spell a name (0: none)."""
        for name in self.names.get(words[i], ()):
            n = len(name)
            if tuple(words[i : i + n]) != name:
                continue
            gaps = (
                matches[j].string[matches[j].end() : matches[j + 1].start()]
                for j in range(i, i + n - 1)
            )
            if all(_GAP.fullmatch(g) for g in gaps):
                return n
        if words[i] in self.surnames:
            return 1
        return 1 if words[i] in self.given and matches[i].group()[:1].isupper() else 0

    def _public(self, node_id: str, label: object) -> str:
        if label == Label.PERSON or label_of(node_id) == Label.PERSON:
            return opaque_id(node_id)
        return opaque_id(node_id) if self.text(node_id) != node_id else node_id

    def shown_id(self, node_id: str, attrs: Mapping[str, Any]) -> str:
        """The id presenter mode shows for the node ``node_id`` with ``attrs``."""
        return node_id if _hidden(attrs) else self._public(node_id, attrs.get("label"))

    def public_id(self, node_id: str, label: object = None) -> str:
        """The id presenter mode shows for ``node_id`` (itself when it spells no name)."""
        return self._public(node_id, label)

    def real_id(self, shown_id: str) -> str:
        """The store's id for an id presenter mode showed (itself when not renamed)."""
        return self.renamed.get(shown_id, shown_id)

    def value(self, value: Any) -> Any:
        """A property value with names masked (texts and lists of texts; others as given)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return type(value)(self.value(v) for v in value)
        return value

    def apply(self, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """A new graph: ``graph`` with every name hidden (see the module's docstring).
        (graph/read/masked.py makes the same graph sharing what the mask leaves alone.)"""
        ids = {n: self.shown_id(str(n), a) for n, a in graph.nodes(data=True)}
        shown = nx.MultiDiGraph()
        shown.graph.update({k: self.value(v) for k, v in graph.graph.items()})
        for node, attrs in graph.nodes(data=True):
            shown.add_node(ids[node], **self.node_attrs(attrs))
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            shown.add_edge(ids[u], ids[v], key=key, **self.edge_attrs(attrs))
        return shown

    def node_attrs(self, attrs: Mapping[str, Any]) -> dict[str, Any]:
        """A node's attributes as presenter mode shows them (a new dict)."""
        if attrs.get("label") == Label.PERSON:
            kept: dict[str, Any] = {"label": attrs["label"], "name": SPEAKER}
        else:
            kept = {k: self.value(v) for k, v in attrs.items() if k != "sources"}
        if PASSAGES in kept:  # a source's passages: names masked, ids as shown
            kept[PASSAGES] = masked(attrs[PASSAGES], text=self.text, node_id=self.public_id)
        if "sources" in attrs:
            kept["sources"] = [self.public_id(str(s)) for s in attrs["sources"]]
        return kept

    def edge_attrs(self, attrs: Mapping[str, Any]) -> dict[str, Any]:
        """A relation's attributes as presenter mode shows them (a new dict)."""
        edge = {k: self.value(x) for k, x in attrs.items() if k != "sources"}
        if "sources" in attrs:
            edge["sources"] = [self.public_id(str(s)) for s in attrs["sources"]]
        return edge


def _hidden(attrs: Mapping[str, Any]) -> bool:
    """A Person node this module made already (so masking twice changes nothing)."""
    return (
        attrs.get("label") == Label.PERSON
        and attrs.get("name") == SPEAKER
        and set(attrs) <= {"label", "name", "sources"}
    )


def anonymise(
    graph: nx.MultiDiGraph, *, people_from: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """``graph`` with every person's name hidden: a new graph, ``graph`` is left as it was.

    ``people_from`` is the graph whose people to hide (default ``graph`` itself); give the
    whole graph when ``graph`` is a selection, so names in titles are masked even when the
    selection holds no Person node. For many selections of one graph build ``Mask.of``
    once and ``apply`` it.
    """
    return Mask.of(graph if people_from is None else people_from).apply(graph)


def person_names(graph: nx.MultiDiGraph) -> Iterable[str]:
    """Every Person's name in ``graph`` (what presenter mode must never show)."""
    for _, attrs in graph.nodes(data=True):
        if attrs.get("label") == Label.PERSON and attrs.get("name"):
            yield str(attrs["name"])
            yield from (str(o) for o in attrs.get("names") or ())
