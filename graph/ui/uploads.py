"""Reading files uploaded on the admin page, in a child process with time and memory limits.

An upload is hostile until read: a few hundred bytes of YAML aliases, or a page made to
make a parser backtrack, could pin the dashboard's process, and with it every user's page.
So the loaders run in a child process (``python -m graph.ui.uploads``) limited to
``PARSE_SECONDS`` of CPU and wall time and ``PARSE_MEMORY`` of address space; the
dashboard's own thread only waits for it. The records come back as JSON.

File names from the browser are never used as paths: each upload is written into a
numbered folder of its own under a fresh temporary folder, with a name reduced to letters,
digits, ``-``, ``_`` and one suffix (the loaders read the table's kind from the stem, as
``events.csv``). Two uploads with one name are two files; ``..`` or an empty name is
``upload``.

Who may upload at all: Streamlit's upload endpoint (``PUT /_stcore/upload_file/<session
id>/<file id>``) takes files for any open session, whether or not its page shows an
uploader, and keeps them in memory until the session ends (seen on Streamlit 1.67: ten
20 MB uploads from a session of a dashboard with no admin password, 204 each, the server
grew by 210 MB). ``UploadGate``, the ASGI middleware serve.py puts in front of
Streamlit, refuses that endpoint (403, before a byte of the body is read) to every
session but one the admin page has let in with the password (``admit``).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

from graph.core.errors import CitygraphError
from graph.core.model import Label, Node, Relation
from graph.ingest.build import RecordSet

ACCEPTED = ("txt", "html", "htm", "csv", "json", "yaml", "yml")
MAX_FILE_BYTES = 10 * 2**20  # per file; stated on the page
MAX_FILES = 20
PARSE_SECONDS = 60
PARSE_MEMORY = 2 * 2**30  # address space of the child (the loaders' modules take ~0.5 GiB)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")
_UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/[^/]+/?$")

_ADMITTED: set[str] = set()  # sessions the admin page let in with the password
_ADMITTED_LOCK = threading.Lock()


def admit(session_id: str) -> None:
    """Let ``session_id`` upload (it entered the admin password)."""
    with _ADMITTED_LOCK:
        _ADMITTED.add(session_id)


def dismiss(session_id: str) -> None:
    """Uploads from ``session_id`` are refused again."""
    with _ADMITTED_LOCK:
        _ADMITTED.discard(session_id)


def admitted(session_id: str) -> bool:
    with _ADMITTED_LOCK:
        return session_id in _ADMITTED


class UploadGate:
    """ASGI middleware: Streamlit's upload endpoint answers only admitted sessions.

    Every other upload is refused with 403 before its body is read, so no session without
    the admin password can put a byte into the server's memory.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "PUT":
            found = _UPLOAD_PATH.search(scope.get("path", ""))
            # Looked up at call time: Streamlit re-imports a module whose file changed.
            gate = importlib.import_module(__name__)
            if found is not None and not gate.admitted(found.group(1)):
                from starlette.responses import PlainTextResponse

                refused = PlainTextResponse(
                    "Uploads are accepted only on the admin page, after its password.",
                    status_code=403,
                )
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


class UploadError(CitygraphError):
    """An upload cannot be read: too large, of a type no loader reads, or its reading was
    stopped at the time or memory limit."""


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it: shown, never used as a path
    content: bytes


def safe_name(name: str) -> str:
    """A file name to write an upload under: no folders, nothing but letters, digits,
    ``-`` and ``_`` in the stem, and the suffix lower-cased.

    >>> safe_name("../../etc/events.CSV"), safe_name(".."), safe_name("Städte 2021.yaml")
    ('events.csv', 'upload', 'St-dte-2021.yaml')
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE_NAME.sub("-", stem).strip("-_")[:80] or "upload"
    suffix = suffix.lower() if suffix.lower() in ACCEPTED else ""
    return f"{stem}.{suffix}" if suffix else stem


def check(uploads: list[Upload]) -> None:
    """Refuse what is not read at all, before anything is written.

    Raises:
        UploadError: too many files, a file over the size limit, or of an unread type.
    """
    if len(uploads) > MAX_FILES:
        raise UploadError(f"{len(uploads)} files: upload at most {MAX_FILES} at a time")
    for upload in uploads:
        if len(upload.content) > MAX_FILE_BYTES:
            raise UploadError(
                f"{upload.name}: {len(upload.content) / 2**20:.1f} MB is over the limit of "
                f"{MAX_FILE_BYTES // 2**20} MB per file (load larger files with "
                "`citygraph load`)"
            )
        if "." not in safe_name(upload.name):
            raise UploadError(
                f"{upload.name}: not a file type the loaders read ({', '.join(ACCEPTED)})"
            )


def parse(uploads: list[Upload]) -> RecordSet:
    """The records the uploads hold, read in a limited child process; nothing is written
    to any store.

    Raises:
        UploadError: see ``check``; or the reading took longer than ``PARSE_SECONDS`` or
            more memory than ``PARSE_MEMORY`` (nothing is kept).
            A bad file is one too (naming the upload, and the line or field).
    """
    check(uploads)
    with tempfile.TemporaryDirectory(prefix="citygraph-upload-") as folder:
        root = Path(folder)
        names = {}
        for i, upload in enumerate(uploads, start=1):
            where = root / "in" / f"{i:02d}" / safe_name(upload.name)
            where.parent.mkdir(parents=True)
            where.write_bytes(upload.content)
            names[str(where)] = upload.name
        out = root / "records.json"
        try:
            done = subprocess.run(
                [sys.executable, "-m", "graph.ui.uploads", str(root / "in"), str(out)],
                preexec_fn=_limits,
                capture_output=True,
                text=True,
                timeout=PARSE_SECONDS,
                cwd=Path(__file__).resolve().parents[2],
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise UploadError(_stopped(f"took longer than {PARSE_SECONDS} s")) from None
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            if done.returncode == 2 and message:  # a LoadError, already one line
                raise UploadError(_shown(message, names))
            # The CPU limit stops the child with SIGXCPU (SIGKILL at the hard limit) before the
            # wall-clock timeout when the machine is idle: that too is time, not memory.
            if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise UploadError(_stopped(f"took longer than {PARSE_SECONDS} s"))
            if done.returncode < 0 or "MemoryError" in done.stderr:
                raise UploadError(_stopped(f"went over {PARSE_MEMORY // 2**20} MB"))
            raise UploadError(f"the uploads could not be read: {message or done.returncode}")
        return _records(json.loads(out.read_text(encoding="utf-8")), names)


def _stopped(why: str) -> str:
    return f"reading the uploads {why} and was stopped; nothing was loaded"


def _limits() -> None:  # in the child, before it starts
    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY, PARSE_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (PARSE_SECONDS, PARSE_SECONDS))
    os.nice(5)  # the dashboard's users come first


def _shown(text: str, names: dict[str, str]) -> str:
    """Temporary paths in a message or warning replaced by the name the user uploaded."""
    for path, name in names.items():
        text = text.replace(path, f"upload {name}")
    return text


def _records(data: dict[str, Any], names: dict[str, str]) -> RecordSet:
    records = RecordSet(more_warnings=int(data["more_warnings"]))
    for raw in data["nodes"]:
        node = Node.model_validate(raw)
        if node.label == Label.SOURCE and isinstance(node.properties.get("path"), str):
            props = {**node.properties, "path": _shown(str(node.properties["path"]), names)}
            warnings = node.properties.get("warnings")
            if isinstance(warnings, tuple):
                props["warnings"] = tuple(_shown(w, names) for w in warnings)
            node = Node(id=node.id, label=node.label, properties=props, sources=node.sources)
        records.add_node(node)
    for raw in data["relations"]:
        records.add_relation(Relation.model_validate(raw))
    for warning in data["warnings"]:
        records.warn(_shown(warning, names))
    return records


def _child(folder: Path, out: Path) -> int:
    """Read every upload in ``folder`` and write the records to ``out`` as JSON."""
    from loaders import read_paths

    try:
        records, _ = read_paths([folder])
    except CitygraphError as e:
        print(str(e).splitlines()[0], file=sys.stderr)
        return 2
    data = {
        "nodes": [n.model_dump(mode="json") for n in records.nodes.values()],
        "relations": [r.model_dump(mode="json") for r in records.relations.values()],
        "warnings": records.warnings,
        "more_warnings": records.more_warnings,
    }
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_child(Path(sys.argv[1]), Path(sys.argv[2])))
