"""Scenes: named views a presenter prepares and steps through, and their small JSON file.

A scene is a name and a view: the dashboard's link for it without the address
(``tab=network&topics=topic:mobility&node=city:ee:tartu&camera=10,20,1.5``), so a scene
keeps exactly what a link keeps (graph/ui/viewstate.py) and opens as a link does. The
file (what the dashboard exports and imports, and what the stores keep) is::

    {"citygraph_scenes": 1, "scenes": [{"name": "Tartu's partners", "view": "tab=…"}]}

Reading one loads what it can and names what it dropped: a file over ``MAX_BYTES`` or not
JSON loads nothing (one line says why), an entry that is not a scene is dropped and named,
a name is text (control characters and bidi overrides removed, at most ``MAX_NAME``
characters; markup stays characters wherever it is shown). Whether a view's nodes still
exist is the dashboard's question (it names the ids it drops, as for any link).

>>> found = read_scenes(scenes_json([Scene("A <b>", "tab=network"), Scene("B", "limit=40")]))
>>> [s.name for s in found.scenes], found.dropped
(['A <b>', 'B'], ())
>>> read_scenes(b'{"scenes": [{"name": "ok", "view": "hops=2"}, 7, {"view": 3}]}').dropped
('scene 2: not a name and a view', 'scene 3: not a name and a view')
>>> read_scenes(b"{nope").dropped
('the file is not JSON (line 1, column 2): nothing loaded',)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.core.model import clean_text

MAX_BYTES = 1_000_000  # a scenes file is small: views are links
MAX_SCENES = 200
MAX_NAME = 80
MAX_VIEW = 4000  # characters of a scene's link
FORMAT = 1


@dataclass(frozen=True)
class Scene:
    """A named view: ``view`` is the link's query string (without ``?``)."""

    name: str
    view: str


@dataclass(frozen=True)
class SceneFile:
    """What a scenes file held that could be used, and a line for each part dropped."""

    scenes: tuple[Scene, ...]
    dropped: tuple[str, ...] = ()


def scene_name(text: object, *, number: int = 1) -> str:
    """A scene's name as it is kept: one line of text, at most ``MAX_NAME`` characters;
    blank: "Scene N".

    >>> scene_name("  Tartu\\u202e  partners\\n"), scene_name(""), len(scene_name("x" * 500))
    ('Tartu partners', 'Scene 1', 80)
    """
    name = " ".join(clean_text(str(text or ""), one_line=True).split())
    return name[:MAX_NAME] or f"Scene {number}"


def scenes_json(scenes: Iterable[Scene]) -> bytes:
    """The scenes file for ``scenes``."""
    body = {
        "citygraph_scenes": FORMAT,
        "scenes": [{"name": s.name, "view": s.view} for s in scenes],
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def read_scenes(data: bytes | str) -> SceneFile:
    """The scenes a file holds (see the module's docstring for what is dropped)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        size = f"{len(raw) / 1e6:.1f} MB"
        return SceneFile(
            (), (f"the file is {size}, over the {MAX_BYTES // 10**6} MB limit: nothing loaded",)
        )
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return SceneFile((), ("the file is not UTF-8 text: nothing loaded",))
    except json.JSONDecodeError as e:
        return SceneFile(
            (), (f"the file is not JSON (line {e.lineno}, column {e.colno}): nothing loaded",)
        )
    entries = body.get("scenes") if isinstance(body, dict) else body
    if not isinstance(entries, list):
        return SceneFile((), ("the file holds no list of scenes: nothing loaded",))
    scenes: list[Scene] = []
    dropped: list[str] = []
    for number, entry in enumerate(entries, 1):
        scene = _scene(entry, number)
        if scene is None:
            dropped.append(f"scene {number}: not a name and a view")
        elif len(scenes) >= MAX_SCENES:
            dropped.append(f"scene {number}: over {MAX_SCENES} scenes")
        else:
            scenes.append(scene)
    return SceneFile(tuple(scenes), tuple(dropped))


def _scene(entry: Any, number: int) -> Scene | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("view"), str):
        return None
    view = clean_text(entry["view"], one_line=True).strip().lstrip("?")[:MAX_VIEW]
    name = entry.get("name")
    if name is not None and not isinstance(name, str | int | float):
        return None
    return Scene(name=scene_name(name, number=number), view=view)


__all__ = ["MAX_BYTES", "Scene", "SceneFile", "read_scenes", "scene_name", "scenes_json"]
