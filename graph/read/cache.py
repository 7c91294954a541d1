"""Results kept on disk beside the memory store's graph file, for the next process.

What does not change with the filters (the sidebar's facets, the whole network's city
map and metrics) is computed once per version of the graph; the dashboard keeps it in
memory for every session (graph/ui/store_access.py), and here, in a folder beside the
graph file (``.graph.json.cache/``), so that a restarted server does not compute it again.

Each result is one JSON file stamped with the graph file's version (modification time,
size, inode: ``MemoryStore.file_version``), written to a temporary file and renamed into
place. A result written for another version of the graph (a load by another process
since), a damaged or truncated file, or one in an unknown format is noticed in one line
(the ``citygraph`` logger) and made again; the graph file itself is never written. A
folder that cannot be written costs only the cache (one line, once).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> results = DiskResults(folder / "graph.json", "1:2:3")
>>> results.get("facets") is None
True
>>> results.put("facets", {"cities": 3})
>>> results.get("facets")
{'cities': 3}
>>> DiskResults(folder / "graph.json", "1:2:4").get("facets") is None  # another version
True
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import orjson

from graph.core.files import mode_like, write_atomically
from graph.store import snapshot

FORMAT = 1
log = logging.getLogger("citygraph")


class DiskResults:
    """The results cached beside ``graph_file`` for its version ``stamp``."""

    def __init__(self, graph_file: Path, stamp: str) -> None:
        self.graph_file = Path(graph_file)
        self.stamp = stamp
        self.folder = snapshot.folder_of(self.graph_file)
        self._unwritable = False

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def get(self, name: str) -> Any | None:
        """The value kept as ``name`` for this version of the graph, or None (absent, or
        noticed as stale or damaged: the caller makes it again and ``put``s it)."""
        path = self.path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            log.warning("%s: cannot read the cached %s (%s); making it again", path, name, e)
            return None
        try:
            document = orjson.loads(data)
            if not isinstance(document, dict) or document.get("format") != FORMAT:
                raise ValueError("not a citygraph result cache of this format")
            if document.get("name") != name or "value" not in document:
                raise ValueError("not the result its name says")
        except ValueError as e:  # orjson.JSONDecodeError is a ValueError
            log.warning("%s: damaged cache (%s); making it again", path, e)
            return None
        if document.get("graph") != self.stamp:
            log.warning(
                "%s: written for another version of %s; making it again",
                path,
                self.graph_file.name,
            )
            return None
        return document["value"]

    def put(self, name: str, value: Any) -> None:
        """Keep ``value`` (JSON-ready) as ``name`` for this version of the graph."""
        if self._unwritable:
            return
        document = {"format": FORMAT, "name": name, "graph": self.stamp, "value": value}
        try:
            data = orjson.dumps(document, option=orjson.OPT_NON_STR_KEYS)
        except TypeError as e:
            log.warning("%s: cannot keep the %s result (%s)", self.folder, name, e)
            return
        try:
            self.folder.mkdir(exist_ok=True)
            # readable by whoever reads the graph file
            write_atomically(
                self.path(name), lambda f: f.write(data), mode=mode_like(self.graph_file)
            )
        except OSError as e:
            self._unwritable = True
            log.warning("%s: cannot keep results there (%s); working without", self.folder, e)


__all__ = ["DiskResults"]
