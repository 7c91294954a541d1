"""The memory store's graph file: node-link JSON, one node or link to a line.

The file is the document ``nx.node_link_data(g, edges="links")`` makes, laid out so that
it can be read a line at a time (format 2)::

    {"directed":true,"multigraph":true,"graph":{"citygraph_format":2},"nodes":[
    {"id":"country:ee","label":"Country","name":"Estonia","sources":["source:..."]},
    {"id":"city:ee:tartu",...}
    ],"links":[
    {"type":"IN","sources":["source:..."],"source":"city:ee:tartu","target":"country:ee","key":"IN"}
    ]}

Any JSON tool, networkx's ``node_link_graph`` and ``citygraph load`` read it as one
document; this module reads it line by line with orjson, so opening a graph never holds
the parsed document beside the graph (a million-row graph: 1.5 s and no second copy,
where the whole document cost more memory than the graph). A file of another layout (a
format 1 file, written on one line by citygraph before, or one a person re-indented) is
parsed whole, checked the same way and said so in a notice.

Every shape a damaged file can have ends in one ``GraphFileError`` line naming the file
and what is wrong (where: the line, or the node's or link's number); reading never writes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import networkx as nx
import orjson

from graph.core.bulk import paused_gc
from graph.core.errors import GraphFileError, StoreError
from graph.core.model import Label, RelType

FORMAT_VERSION = 2
HEADER = b'{"directed":true,"multigraph":true,"graph":{"citygraph_format":2},"nodes":[\n'
MIDDLE = b'],"links":[\n'
END = b"]}\n"

_LABELS = frozenset(label.value for label in Label)
_TYPES = frozenset(rel.value for rel in RelType)
_TYPE_NAMES = {rel.value: sys.intern(rel.value) for rel in RelType}
_LINK_ENDS = ("source", "target", "key")


def _texts(values: Any) -> bool:
    """True for a list of strings (what ``sources`` must be)."""
    return type(values) is list and all(type(v) is str for v in values)


# Values that repeat across thousands of nodes: one string object for each (interned).
SHARED_VALUES = frozenset({"label", "country_code", "code", "date", "end_date", "format", "kind"})


@dataclass
class ReadGraph:
    """A graph read from a file, with what a user should know about the file."""

    graph: nx.MultiDiGraph
    notices: list[str] = field(default_factory=list)


# -- building the graph: one object for equal ids and equal relation attributes -------------
class CompactGraph:
    """Puts nodes and relations into a MultiDiGraph sharing what repeats: every id is one
    string object wherever it appears (interned), and relations with the same type, sources
    and properties share one attribute dict (most relations: a table's relations all come
    from one source). A relation's dict is replaced, never changed in place, so sharing is
    safe for the store, which owns the graph; readers get copies (``select``,
    ``to_networkx``).

    >>> g = nx.MultiDiGraph(); c = CompactGraph(g)
    >>> c.node("city:a", {"label": "City"}); c.node("city:b", {"label": "City"})
    >>> c.edge("city:a", "city:b", "IN", {"sources": ["s"]})
    >>> c.edge("city:b", "city:a", "IN", {"sources": ["s"]})
    >>> g.edges["city:a", "city:b", "IN"] is g.edges["city:b", "city:a", "IN"]
    True
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self._attrs: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._ids: dict[str, str] = {}  # a file's node ids, each to its one string object

    def node(self, node_id: str, attrs: dict[str, Any]) -> None:
        """Add or replace node ``node_id`` with ``attrs`` (taken as they are)."""
        g, node_id = self.graph, sys.intern(node_id)
        for key in SHARED_VALUES.intersection(attrs):
            if isinstance(attrs[key], str):
                attrs[key] = sys.intern(attrs[key])
        sources = attrs.get("sources")
        if isinstance(sources, list):
            attrs["sources"] = [sys.intern(s) if isinstance(s, str) else s for s in sources]
        if node_id not in g._node:
            g._succ[node_id] = {}
            g._pred[node_id] = {}
        g._node[node_id] = attrs

    def edge(self, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        """Add or replace the relation ``u -[key]-> v`` (both nodes already added);
        ``attrs``: its properties and sources (``type`` is set from ``key``)."""
        attrs["type"] = key = sys.intern(key)
        share = _sharing_key(attrs)
        if share is not None:
            attrs = self._attrs.setdefault(share, attrs)
        self._put(sys.intern(u), sys.intern(v), key, attrs)

    def _put(self, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        succ = self.graph._succ
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = {}
            self.graph._pred[v][u] = keys  # networkx keeps one key dict for both directions
        keys[key] = attrs

    # -- from a file: False for an element that is not a well-formed node or link ---------
    def file_node(self, value: Any) -> bool:
        """Add a node as the file holds it (``id``, ``label``, properties, ``sources``)."""
        try:
            node_id = value["id"]
            if type(node_id) is not str or not node_id or value["label"] not in _LABELS:
                return False
            if not _texts(value.get("sources", [])):
                return False
        except (KeyError, TypeError):
            return False
        del value["id"]
        self.node(node_id, value)
        self._ids[node_id] = sys.intern(node_id)
        return True

    def file_link(self, value: Any) -> bool:
        """Add a link as the file holds it (``source``, ``target``, ``key``/``type``,
        ``sources``, properties). Its ends must be nodes added before."""
        try:
            u, v = self._ids[value["source"]], self._ids[value["target"]]
            key = value.get("key")
            key = _TYPE_NAMES[value["type"] if key is None else key]
            plain = len(value) == 5 and "type" in value and "sources" in value
            if plain:  # no properties: shared by every relation of its type and sources
                share: tuple[Any, ...] | None = (key, *value["sources"])
            else:
                value = {k: x for k, x in value.items() if k not in _LINK_ENDS}
                value["type"] = key
                share = _sharing_key(value)
            attrs = self._attrs.get(share) if share is not None else None
            if attrs is None:
                if not _texts(value.get("sources", [])):
                    return False
                attrs = {"type": key, "sources": value["sources"]} if plain else value
                if share is not None:
                    self._attrs[share] = attrs
        except (KeyError, TypeError, AttributeError):
            return False
        self._put(u, v, key, attrs)
        return True

    def done(self) -> nx.MultiDiGraph:
        """The graph, its networkx caches cleared (it was changed behind their back)."""
        self._ids.clear()
        nx._clear_cache(self.graph)
        return self.graph


def _sharing_key(attrs: dict[str, Any]) -> tuple[Any, ...] | None:
    """What makes two relations' attributes equal, or None when a value is not hashable."""
    try:
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in attrs.items()))
    except TypeError:  # a nested value: keep the relation's own dict
        return None


# -- writing ---------------------------------------------------------------------------------
def write_graph(graph: nx.MultiDiGraph, f: IO[bytes]) -> None:
    """Write ``graph`` to ``f`` in format 2, one node or link at a time (no second copy)."""
    dumps = orjson.dumps
    f.write(HEADER)
    _write_lines(f, (dumps({**attrs, "id": n}) for n, attrs in graph.nodes(data=True)))
    f.write(MIDDLE)
    _write_lines(
        f,
        (
            dumps({**attrs, "source": u, "target": v, "key": k})
            for u, v, k, attrs in graph.edges(keys=True, data=True)
        ),
    )
    f.write(END)


def _write_lines(f: IO[bytes], lines: Iterable[bytes]) -> None:
    previous = None
    for line in lines:
        if previous is not None:
            f.write(previous + b",\n")
        previous = line
    if previous is not None:
        f.write(previous + b"\n")


# -- reading ---------------------------------------------------------------------------------
def read_graph(path: Path) -> ReadGraph:
    """The graph in the citygraph graph file at ``path``.

    Raises:
        GraphFileError: the file is damaged or not a graph file (one line: what is wrong).
        StoreError: the file cannot be read (permissions, a folder...).
    """
    try:
        with open(path, "rb") as f, paused_gc():
            first = f.readline(len(HEADER) + 1)
            if first == HEADER:
                return ReadGraph(_read_lines(path, f))
            f.seek(0)
            content = f.read()
    except OSError as e:
        raise StoreError(f"{path}: cannot read the graph file ({os_reason(e)})") from None
    with paused_gc():
        return _read_whole(path, content)


def _read_lines(path: Path, f: IO[bytes]) -> nx.MultiDiGraph:
    """Format 2, line by line: each line one node or link; any other line is damage."""
    build = CompactGraph(nx.MultiDiGraph())
    lines = enumerate(f, start=2)  # the header was line 1
    _read_list(path, lines, MIDDLE, "node", build.file_node)
    _read_list(path, lines, END, "link", build.file_link)
    for number, rest in lines:
        if rest.strip():
            raise GraphFileError(path, f"line {number}: text after the end of the graph")
    return build.done()


def _read_list(
    path: Path,
    lines: Iterator[tuple[int, bytes]],
    closing: bytes,
    what: str,
    add: Callable[[Any], bool],
) -> None:
    """One list's elements, a line each (followed by a comma but the last), up to its
    ``closing`` line, each handed to ``add``; a line it refuses is explained."""
    loads, number, last, more = orjson.loads, 1, 0, True
    for number, line in lines:
        if line == closing or line == closing.rstrip(b"\n"):
            if last and more:  # an element came, and it ended with a comma
                raise GraphFileError(path, f"line {number}: the {what}s' list ends after a comma")
            return
        if not more:
            raise GraphFileError(path, f"line {number}: a {what} after the last one")
        more = line.endswith(b",\n")
        try:
            value = loads(line[:-2] if more else line)
        except orjson.JSONDecodeError as e:
            if not line.endswith(b"\n"):
                raise GraphFileError(path, f"truncated: line {number} ends part way") from None
            raise GraphFileError(path, f"line {number}: not a JSON {what} ({e})") from None
        if not add(value):
            raise GraphFileError(path, f"line {number}: {_problem(what, value, add)}")
        last = number
    raise GraphFileError(
        path, f"truncated after line {number} (the {what}s' list has no end: the file was cut off)"
    )


def _read_whole(path: Path, content: bytes) -> ReadGraph:
    """Any other layout: parsed whole, then checked element by element."""
    if not content.strip():
        raise GraphFileError(path, "the file is empty")
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError as e:
        problem = str(e)
        if "depth" in problem or "recursion" in problem.casefold():
            problem = "nested too deeply to be a graph"
        elif e.pos >= len(content.rstrip()):
            problem = f"truncated (the JSON ends part way: {e.msg})"
        raise GraphFileError(path, f"not valid JSON: {problem}") from None
    del content
    if not isinstance(data, dict):
        raise GraphFileError(path, f"the file holds {_a(data)}, not a graph (an object)")
    graph_attrs = data.get("graph")
    version = graph_attrs.get("citygraph_format") if isinstance(graph_attrs, dict) else None
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise GraphFileError(
            path,
            f"written by a newer citygraph (format {version}; this one reads up to "
            f"{FORMAT_VERSION}): update citygraph",
        )
    nodes, links = data.get("nodes"), data.get("links", data.get("edges"))
    if not isinstance(nodes, list):
        raise GraphFileError(path, f"'nodes' is {_a(nodes)}, not a list")
    if not isinstance(links, list):
        raise GraphFileError(path, f"'links' is {_a(links)}, not a list")
    build = CompactGraph(nx.MultiDiGraph())
    for what, values, add in (("node", nodes, build.file_node), ("link", links, build.file_link)):
        for i, value in enumerate(values, start=1):
            if not add(value):
                raise GraphFileError(path, f"{what} {i}: {_problem(what, value, add)}")
        values.clear()
    was = (
        f"an older citygraph's format ({version or 1})"
        if version != FORMAT_VERSION
        else "another layout than citygraph writes"
    )
    notice = (
        f"{path} is in {was}: read whole (slower); a load writes it in format "
        f"{FORMAT_VERSION}, reading alone leaves it as it is"
    )
    return ReadGraph(build.done(), [notice])


def _a(value: object) -> str:
    """How a user reads a JSON value's kind: 'a list', 'null', 'a string'."""
    if value is None:
        return "null"
    kind = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}
    return kind.get(type(value), "a number")


def _problem(what: str, value: Any, add: Callable[[Any], bool]) -> str:
    """Why ``add`` refused ``value`` (a node or link), as a user reads it."""
    if not isinstance(value, dict):
        return f"a {what} is {_a(value)}, not an object"
    sources = value.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        return f"a {what}'s 'sources' is not a list of texts"
    if what == "node":
        node_id = value.get("id")
        if not isinstance(node_id, str) or not node_id:
            return "a node without an 'id' text"
        return f"node {node_id!r} has no valid 'label' ({value.get('label')!r})"
    key = value.get("key", value.get("type"))
    if not isinstance(key, str) or key not in _TYPES:
        return f"a link of no known type ({key!r})"
    graph = add.__self__.graph  # type: ignore[attr-defined]
    for end in (value.get("source"), value.get("target")):
        if not isinstance(end, str) or end not in graph:
            return f"a link to {end!r}, which is not a node of the file"
    return f"a {what} citygraph cannot read"


# -- a damaged file about to be replaced ------------------------------------------------------
def set_aside_if_damaged(path: Path) -> Path | None:
    """Before a fresh load replaces ``path``: when the file there is not a readable graph,
    rename it to ``<name>.broken-<time>`` beside it (kept to repair, never overwritten)
    and return the new path; None when there is no file or it reads. A file in the
    current layout, whole from its first line to its last, is not read through.

    Raises:
        StoreError: the damaged file cannot be renamed (it stays, nothing is written).
    """
    try:
        with open(path, "rb") as f:
            whole = f.readline(len(HEADER) + 1) == HEADER
            if whole:
                f.seek(max(0, path.stat().st_size - len(END)))
                whole = f.read() == END
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"{path}: cannot read the graph file ({os_reason(e)})") from None
    if whole:
        return None
    try:
        read_graph(path)
        return None
    except GraphFileError:
        pass
    aside = path.with_name(f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        path.rename(aside)
    except OSError as e:
        raise StoreError(
            f"{path}: cannot set the damaged graph file aside ({os_reason(e)}); nothing written"
        ) from None
    return aside


# -- folders we may not write -----------------------------------------------------------------
def writable_folder(target: Path, what: str = "the graph file") -> None:
    """Make ``target``'s folder (and its parents) or say in one line why it cannot be.

    Raises:
        StoreError: the folder cannot be made (read-only file system, no permission...).
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(
            f"{target}: cannot write {what}: cannot make its folder {target.parent} "
            f"({e.strerror or e})"
        ) from None


def os_reason(e: OSError) -> str:
    """An OSError as a user reads it: 'Read-only file system', not '[Errno 30] ...'."""
    return e.strerror or str(e)


__all__ = [
    "FORMAT_VERSION",
    "CompactGraph",
    "GraphFileError",
    "ReadGraph",
    "os_reason",
    "read_graph",
    "set_aside_if_damaged",
    "writable_folder",
    "write_graph",
]
