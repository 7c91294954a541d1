"""The memory store's graph as last read, kept beside the graph file for the next process.

Reading a large graph file is parsing it line by line (graph/store/graph_file.py: 6.7-9 s
at a million table rows); a server started again on the same file needs the same graph.
After a read, the graph's own dicts are kept with ``marshal`` in the results folder beside
the file (``.graph.json.cache/graph.marshal``, graph/read/cache.py keeps its results
there too): reading them back is 2 s at that size, and what the graph shares (one string
per id, one attribute dict for many relations, one key dict for both directions) stays
shared, so the graph takes the memory it took.

The snapshot is used only for the version of the graph file it was made from (the file's
modification time, size and inode, as ``MemoryStore.file_version``), by the same Python
(marshal's format is CPython's own), and whole (a checksum of its bytes): anything else is
noticed in one line (the ``citygraph`` logger) and the graph file is read, then kept
anew. The graph file is never written; a folder that cannot be written costs only the
snapshot. Small files are read directly (under ``MIN_BYTES`` the snapshot gains nothing).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()); graph_file = folder / "graph.json"
>>> g = nx.MultiDiGraph(); _ = g.add_edge("city:a", "city:b", key="IN", type="IN")
>>> keep(graph_file, "1:2:3", g)
>>> sorted(read(graph_file, "1:2:3").edges(keys=True, data="type"))
[('city:a', 'city:b', 'IN', 'IN')]
>>> read(graph_file, "1:2:4") is None  # another version of the file
True
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import sys
import zlib
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from graph.core.bulk import paused_gc
from graph.core.files import mode_like, write_atomically

FORMAT = 1
NAME = "graph.marshal"
MIN_BYTES = 16 << 20  # smaller graph files read in well under a second
# What the snapshot must have been made by: this format, this Python's marshal.
_MAKER = f"citygraph-snapshot {FORMAT} {sys.implementation.cache_tag} {marshal.version}"
log = logging.getLogger("citygraph")


def folder_of(graph_file: Path) -> Path:
    """The results folder beside ``graph_file`` (graph/read/cache.py uses the same)."""
    return graph_file.parent / f".{graph_file.name}.cache"


def path_of(graph_file: Path) -> Path:
    return folder_of(graph_file) / NAME


def worth_keeping(size: int) -> bool:
    """Whether a graph file of ``size`` bytes is large enough to keep a snapshot of."""
    return size >= MIN_BYTES


def read(graph_file: Path, stamp: str) -> nx.MultiDiGraph | None:
    """The graph kept for version ``stamp`` of ``graph_file``, or None (none kept, or
    noticed as another version's, another Python's, or damaged: read the file then)."""
    path = path_of(graph_file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        log.warning("%s: cannot read the kept graph (%s); reading the graph file", path, e)
        return None
    end = data.find(b"\n", 0, 512)
    body = memoryview(data)[end + 1 :]  # no copy of the bytes
    try:
        if end < 0:
            raise ValueError("no header")
        maker, kept_stamp, checksum = data[:end].decode("ascii").rsplit(" ", 2)
    except (UnicodeDecodeError, ValueError):
        log.warning("%s: not a kept graph; reading the graph file", path)
        return None
    if maker != _MAKER:
        log.warning("%s: kept by another citygraph or Python; reading the graph file", path)
        return None
    if kept_stamp != stamp:
        log.warning("%s: kept for another version of %s; reading it", path, graph_file.name)
        return None
    if checksum != str(zlib.crc32(body)):
        log.warning("%s: damaged (its checksum differs); reading the graph file", path)
        return None
    try:
        with paused_gc():
            nodes, succ, pred = marshal.loads(body)
    except (EOFError, ValueError, TypeError) as e:
        log.warning("%s: damaged (%s); reading the graph file", path, e)
        return None
    if not (isinstance(nodes, dict) and isinstance(succ, dict) and isinstance(pred, dict)):
        log.warning("%s: damaged (not a graph); reading the graph file", path)
        return None
    graph = nx.MultiDiGraph()
    graph._node, graph._succ, graph._pred = nodes, succ, pred
    graph._adj = succ  # networkx's directed graphs: the adjacency is the successors
    nx._clear_cache(graph)
    return graph


def keep(graph_file: Path, stamp: str, graph: nx.MultiDiGraph) -> None:
    """Keep ``graph`` (exactly version ``stamp`` of ``graph_file``, as just read) for the
    next process; a failure costs only the snapshot (one line)."""
    folder = folder_of(graph_file)
    try:
        body = marshal.dumps((graph._node, graph._succ, graph._pred), 4)
    except ValueError as e:  # a value marshal cannot write (never one read from JSON)
        log.warning("%s: cannot keep the graph (%s)", folder, e)
        return
    header = f"{_MAKER} {stamp} {zlib.crc32(body)}\n".encode("ascii")

    def write(f: BinaryIO) -> None:
        f.write(header)
        f.write(body)

    try:
        folder.mkdir(exist_ok=True)
        # readable by whoever reads the graph file
        write_atomically(path_of(graph_file), write, mode=mode_like(graph_file))
    except OSError as e:
        log.warning("%s: cannot keep the graph there (%s)", folder, e)


def forget(graph_file: Path) -> None:
    """Drop the snapshot of ``graph_file``, which was just replaced (a load): it is stale,
    and the next process would only say so."""
    # A folder we cannot write: the next read says the snapshot is stale.
    with contextlib.suppress(OSError):
        path_of(graph_file).unlink(missing_ok=True)


__all__ = ["MIN_BYTES", "forget", "keep", "read", "worth_keeping"]
