"""The network drawing as a Streamlit component of our own, so clicks come back to Python.

``st.iframe``/``components.html`` only show a page; this component (a static folder of
plain HTML and JavaScript speaking Streamlit's component protocol, no build step) draws
with the same script as the standalone page (graph/render/templates/drawing.js) and
returns what the user did: ``Click(event="select" | "expand", node=id)``, once per click.

Its scripts and styles (vis-network's 0.69 MB, ours, a view's own) are files the Streamlit
server serves from the component's folder, each named by its content, so the browser
fetches each once and keeps it (nothing from outside this server): sent inside the
arguments instead, they made 55% of every changed drawing's bytes. The folder, in the
user's cache, is filled at the first drawing (``ServedFolder``). Streamlit serves a
component's files with ``Cache-Control: public`` and no lifetime or validator, so the
browser would fetch them again on every visit; ``AssetCaching`` (an ``st.App``
middleware, serve.py) lets it keep the content-named ones for a year.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs
import streamlit as st
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.components.v1 import declare_component

from graph.core.errors import CitygraphError
from graph.render.html import drawing_assets

_FRONTEND = Path(__file__).resolve().parent / "frontend"
_NAME = "citygraph_network"
# Streamlit serves the component at /component/<module>.<name>/<file>: a file named by
# its content (``ServedFolder.put``) never changes, whatever the frontend's version.
_CONTENT_NAMED = re.compile(
    rf"/component/{re.escape(__name__)}\.{_NAME}/[0-9a-f]{{16}}\.(?:js|css)$"
)
KEPT_FOR = "public, max-age=31536000, immutable"  # a year: the name changes with the content


class AssetCaching:
    """ASGI middleware (``st.App(..., middleware=[Middleware(AssetCaching)])``): the
    drawing's content-named scripts and styles are answered with ``Cache-Control:
    public, max-age=31536000, immutable``, so a browser fetches each once (0.7 MB of
    vis-network and ours per visit before). Anything else passes unchanged.

    >>> bool(_CONTENT_NAMED.search(
    ...     "/component/graph.ui.network_component.citygraph_network/0123456789abcdef.js"))
    True
    >>> bool(_CONTENT_NAMED.search(
    ...     "/component/graph.ui.network_component.citygraph_network/component.js"))
    False
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _CONTENT_NAMED.search(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
                ]
                headers.append((b"cache-control", KEPT_FOR.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, keep)


@dataclass
class ServedFolder:
    """The folder Streamlit serves the component from: the frontend's own files, and
    assets written as ``<sha256 prefix>.js`` or ``.css`` (their content decides the name,
    so a changed script is a new file the browser fetches, an unchanged one stays cached).

    ``at(root)``: a folder of the user's cache (``~/.cache/citygraph/drawing/<frontend
    version>``, only the user may write there), shared by this user's servers and kept
    between them: a server stopped by a signal leaves nothing behind. ``private()``: a
    folder of this process's own, removed at exit, when the cache cannot be written.

    >>> import tempfile
    >>> folder = ServedFolder.at(Path(tempfile.mkdtemp()))
    >>> folder.put("window.x = 1;", ".js") == folder.put("window.x = 1;", ".js")
    True
    >>> sorted(p.name for p in folder.path.iterdir())[-2:]
    ['component.js', 'index.html']
    """

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _written: set[str] = field(default_factory=set)

    @classmethod
    def at(cls, root: Path) -> ServedFolder:
        """The folder for this frontend under ``root`` (made, private to the user).

        Raises:
            OSError: it cannot be made or written, or others may write to it.
        """
        frontend = {item.name: item.read_bytes() for item in sorted(_FRONTEND.iterdir())}
        version = hashlib.sha256(b"".join(frontend.values())).hexdigest()[:12]
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for folder in (root, root / version):
            folder.mkdir(exist_ok=True, mode=0o700)
            info = folder.stat()
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                raise PermissionError(f"{folder} may be written by others")
        served = cls(root / version)
        for name, data in frontend.items():
            served._keep(name, data)
        return served

    @classmethod
    def private(cls) -> ServedFolder:
        """A new folder of this process's own, removed at exit.

        Raises:
            CitygraphError: no temporary folder can be written.
        """
        try:
            served = cls(Path(tempfile.mkdtemp(prefix="citygraph-drawing-")))
            for item in _FRONTEND.iterdir():
                served._keep(item.name, item.read_bytes())
        except OSError as e:
            raise CitygraphError(
                f"cannot write the drawing's scripts to a temporary folder ({e.strerror or e})"
            ) from e
        atexit.register(shutil.rmtree, served.path, ignore_errors=True)
        return served

    def put(self, text: str, suffix: str) -> str:
        """The file name serving ``text`` (written on first use)."""
        data = text.encode("utf-8")
        name = hashlib.sha256(data).hexdigest()[:16] + suffix
        if name not in self._written:
            with self._lock:
                if name not in self._written:
                    try:
                        self._keep(name, data)
                    except OSError as e:
                        raise CitygraphError(
                            f"cannot write the drawing's scripts to {self.path} ({e})"
                        ) from e
                    self._written.add(name)
        return name

    def _keep(self, name: str, data: bytes) -> None:
        """``name`` holding ``data``: left as it is when it does, else written whole (a
        temporary file renamed into place: a browser never reads half a file)."""
        target = self.path / name
        try:
            if target.read_bytes() == data:
                return
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(dir=self.path, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class _Served:
    folder: ServedFolder
    component: Callable[..., Any]
    base: tuple[str, ...]  # vis-network's and our style and script, in loading order


@cache
def _served() -> _Served:
    """The served folder with the drawing's own assets, and the component declared on it
    (once per process, at the first drawing)."""
    try:
        folder = ServedFolder.at(platformdirs.user_cache_path("citygraph") / "drawing")
    except OSError:
        folder = ServedFolder.private()
    assets = drawing_assets()
    base = (
        folder.put(assets.vis_css, ".css"),
        folder.put(assets.drawing_css, ".css"),
        folder.put(assets.vis_js, ".js"),
        folder.put(assets.drawing_js, ".js"),
    )
    component = declare_component(_NAME, path=str(folder.path))
    return _Served(folder=folder, component=component, base=base)


def asset_files(scripts: Iterable[str] = ()) -> list[str]:
    """The files a drawing loads, in order: vis-network's and our style and script, then
    ``scripts`` (a view's own), each served once (``ServedFolder``)."""
    served = _served()
    return [*served.base, *(served.folder.put(code, ".js") for code in scripts)]


@dataclass(frozen=True)
class View:
    """What the drawing should show besides the graph: a selected node, search hits to
    highlight and the best of them to zoom to (``nonce`` makes the same hit zoom again), a
    path, the camera (centre x, y and zoom; None: the whole drawing), and ``ack``: the last
    report of the drawing's this view answers (the drawing ignores older answers)."""

    selected: str | None = None
    focus: str | None = None
    found: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    camera: tuple[float, float, float] | None = None
    nonce: int = 0
    ack: str | None = None
    period: str | None = None  # the time control's years ("2016-2019"), None: every year
    # The URL parameter the drawing writes its camera into as the user moves it (replacing
    # the history's entry: a pan is no step Back goes through); None: not kept.
    camera_param: str | None = None


@dataclass(frozen=True)
class Click:
    """What the user did: "select" (a click; node None when it hit nothing), "expand" (a
    double-click), "camera" (the view moved: ``camera`` is where it stopped) or "period"
    (the time control stopped: ``node`` holds the years chosen, "2016-2019", or None)."""

    event: str
    node: str | None
    camera: tuple[float, float, float] | None = None
    nonce: int | None = None  # the last ``View.nonce`` the drawing had zoomed for


def network(
    data: Mapping[str, Any],
    *,
    view: View,
    height: int,
    key: str,
    fill: bool = False,
    scripts: Sequence[str] = (),
) -> Click | None:
    """Draw ``data`` (``graph.render.html.drawing_data``) and return the user's newest
    click, or None when there is none since the last call with this ``key``. ``height``
    is the frame's least height; with ``fill`` it grows to the window's bottom. ``scripts``
    hook into the drawing (``window.citygraphHooks``: the map's outlines, the time control)."""
    raw = _served().component(
        data=dict(data),
        assets=asset_files(scripts),
        view={
            **{k: v for k, v in asdict(view).items() if k != "camera_param"},
            "cameraParam": view.camera_param,
            "path": list(view.path),
            "found": list(view.found),
            "camera": list(view.camera) if view.camera else None,
        },
        height=height,
        fill=fill,
        key=key,
        default=None,
    )
    return _new_click(raw, seen_key=seen_key(key))


def pending(key: str) -> Click | None:
    """The user's newest report from component ``key`` not yet acted on, read before the
    component is drawn (Streamlit keeps its value under its key), so the view sent to it
    answers that report: the drawing then knows it is up to date (``View.ack``)."""
    return _new_click(st.session_state.get(key), seen_key=seen_key(key))


def seen_key(key: str) -> str:
    """The session key holding the last report handled from component ``key``."""
    return f"_cg_seen_{key}"


def _new_click(raw: object, *, seen_key: str) -> Click | None:
    """The component keeps returning its last value on every rerun: act on each once."""
    if not isinstance(raw, Mapping) or raw.get("n") is None:
        return None
    if st.session_state.get(seen_key) == raw["n"]:
        return None
    st.session_state[seen_key] = raw["n"]
    event = str(raw.get("event") or "")
    if event not in ("select", "expand", "camera", "period"):
        return None
    node = raw.get("id")
    nonce = raw.get("nonce")
    return Click(
        event=event,
        node=None if node is None else str(node),
        camera=_camera(raw),
        nonce=nonce if isinstance(nonce, int) else None,
    )


def _camera(raw: Mapping[str, Any]) -> tuple[float, float, float] | None:
    value = raw.get("camera")
    if not isinstance(value, list) or len(value) != 3:
        return None
    try:
        x, y, zoom = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (x, y, zoom)


def ids_in(data: Mapping[str, Any]) -> Sequence[str]:
    """The node ids a drawing holds (to check a selection still exists)."""
    return [str(n["id"]) for n in data.get("nodes", ())]
