"""Where the dashboard keeps its scenes (graph/core/scenes.py): beside the graph file for
the memory store (``data/graph.json`` -> ``data/graph.scenes.json``), in the database for
Neo4j (on the store's metadata node, graph/store/cypher.py's ``SCENES``), as the same small
JSON a user exports. A shelf is read and written whole: scenes are few, a list is small.

>>> import tempfile
>>> from pathlib import Path
>>> from graph.core.scenes import Scene
>>> shelf = FileShelf(Path(tempfile.mkdtemp()) / "graph.json")
>>> shelf.save([Scene("Tartu", "node=city:ee:tartu")])
>>> shelf.load().scenes, shelf.where
((Scene(name='Tartu', view='node=city:ee:tartu'),), ...graph.scenes.json')
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from graph.core.errors import StoreError
from graph.core.files import write_atomically
from graph.core.scenes import Scene, SceneFile, read_scenes, scenes_json
from graph.core.settings import Settings
from graph.store.graph_file import os_reason, writable_folder


class SceneShelf(Protocol):
    """Scenes kept for a graph: ``load`` (what could be read, and what was dropped) and
    ``save`` (the whole list, replacing the one kept)."""

    where: str

    def load(self) -> SceneFile: ...

    def save(self, scenes: Sequence[Scene]) -> None: ...


class FileShelf:
    """Scenes in a file beside the graph file, written atomically (temporary file, rename)."""

    def __init__(self, graph_file: Path) -> None:
        self.path = graph_file.with_name(f"{graph_file.stem}.scenes.json")
        self.where = str(self.path)

    def load(self) -> SceneFile:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return SceneFile(())
        except OSError as e:
            return SceneFile((), (f"{self.path}: cannot be read ({os_reason(e)})",))
        return read_scenes(data)

    def save(self, scenes: Sequence[Scene]) -> None:
        """Raises StoreError (one line: the path and why) when it cannot be written."""
        writable_folder(self.path, "the scenes file")
        data = scenes_json(scenes)
        try:
            write_atomically(self.path, lambda f: f.write(data))
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write the scenes ({os_reason(e)})") from None


class Neo4jShelf:
    """Scenes in the Neo4j database, on the store's metadata node."""

    def __init__(self, store: object) -> None:
        from graph.store.neo4j import Neo4jStore

        assert isinstance(store, Neo4jStore)
        self.store = store
        self.where = f"the Neo4j database {store.database or ''}".strip()

    def load(self) -> SceneFile:
        from graph.store import cypher

        rows = self.store._read(cypher.SCENES)
        text = rows[0]["scenes"] if rows else None
        return read_scenes(text) if isinstance(text, str) else SceneFile(())

    def save(self, scenes: Sequence[Scene]) -> None:
        from neo4j.exceptions import DriverError, Neo4jError

        from graph.store import cypher

        text = scenes_json(scenes).decode("utf-8")
        store = self.store
        try:
            store._call(
                lambda: store.driver.execute_query(
                    cypher.SET_SCENES,
                    {"scenes": text, "epoch": uuid.uuid4().hex},
                    database_=store.database,
                )
            )
        except (Neo4jError, DriverError, OSError) as e:
            raise store._error("cannot save the scenes", e) from e


def open_shelf(settings: Settings, store: object) -> SceneShelf:
    """The shelf for the configured store (``store``: the open store, for Neo4j)."""
    if settings.store == "neo4j":
        return Neo4jShelf(store)
    return FileShelf(Path(settings.graph_file))


__all__ = ["FileShelf", "Neo4jShelf", "SceneShelf", "open_shelf"]
