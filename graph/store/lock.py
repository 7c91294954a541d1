"""One writer at a time for a graph file: an exclusive lock held from reading to the rename.

A load reads the graph file, merges its records in and renames the new file over the old.
Two loads doing that at once would each rename their own result over the other's (a lost
update), so a load holds ``GraphFileLock`` for the whole read-merge-save. Readers (the
dashboard, ``stats``, ``export``) take no lock: the save is a rename, so they see the old
file or the new one, never a torn one.

The lock is ``fcntl.flock`` on a lock file beside the graph (``graph.json.lock``): the
kernel drops it when its holder dies, even by ``kill -9``, so a lock can never be left
stale. The holder writes its pid and start time into the lock file and empties it on a
clean release; a taker that finds another process's pid there knows that process died
holding the lock, and says so. Holding the lock also means no other save is under way,
so temporary files that a killed save left beside the graph are removed then.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph.core.errors import StoreError
from graph.store.graph_file import os_reason, writable_folder

DEFAULT_WAIT = 600.0  # seconds a load waits for another load of the same file
POLL = 0.2  # seconds between tries while waiting


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a lock, as its lock file says."""

    pid: int
    since: str

    def __str__(self) -> str:
        return f"pid {self.pid}, since {self.since}"


@dataclass(frozen=True)
class LockEvent:
    """What a waiting or taking-over load tells its user."""

    kind: str  # "waiting", "still waiting" or "took over"
    message: str
    waited: float


def lock_path(graph_file: Path) -> Path:
    """The lock file beside a graph file: ``data/graph.json`` -> ``data/graph.json.lock``.

    >>> lock_path(Path("data/graph.json")).as_posix()
    'data/graph.json.lock'
    """
    return graph_file.with_name(graph_file.name + ".lock")


def _read_holder(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 200).decode("utf-8", "replace").split()
    if len(text) >= 2 and text[0].isdigit():
        return Holder(int(text[0]), text[1])
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _remove_leftover_temporaries(graph_file: Path) -> list[Path]:
    """Temporary files of saves that were killed before their rename (safe: we hold the
    lock, so no save is writing one now)."""
    removed = []
    for tmp in graph_file.parent.glob(f".{graph_file.name}.*.tmp"):
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


@contextmanager
def graph_file_lock(
    graph_file: Path,
    *,
    wait: float = DEFAULT_WAIT,
    on_event: Callable[[LockEvent], None] | None = None,
) -> Iterator[None]:
    """Hold the exclusive lock on ``graph_file`` for the ``with`` block.

    While another process holds it, try again every ``POLL`` seconds for up to ``wait``
    seconds, calling ``on_event`` once with "waiting" and about every second after with
    "still waiting"; a lock whose holder died is taken over with a "took over" event.

    >>> import tempfile
    >>> graph = Path(tempfile.mkdtemp()) / "graph.json"
    >>> with graph_file_lock(graph):
    ...     lock_path(graph).exists()
    True

    Raises:
        StoreError: the lock was not free within ``wait`` seconds (names the holder), or
            the lock file cannot be made.
    """
    path = lock_path(graph_file)
    writable_folder(graph_file)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as e:
        raise StoreError(
            f"{graph_file}: cannot write the graph file: cannot make its lock file {path} "
            f"({os_reason(e)})"
        ) from None
    try:
        _acquire(fd, graph_file, wait=wait, on_event=on_event)
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            since = datetime.now(UTC).isoformat(timespec="seconds")
            os.write(fd, f"{os.getpid()} {since}\n".encode())
            _remove_leftover_temporaries(graph_file)
            yield
        finally:
            os.ftruncate(fd, 0)  # a clean release: nobody to report as dead
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(
    fd: int, graph_file: Path, *, wait: float, on_event: Callable[[LockEvent], None] | None
) -> None:
    started = time.monotonic()
    told = -1.0
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            pass
        waited = time.monotonic() - started
        holder = _read_holder(fd)
        by = f" ({holder})" if holder else ""
        if waited >= wait:
            raise StoreError(
                f"another load of {graph_file} is still running{by} after {waited:.0f} s of "
                "waiting; nothing was loaded. Run this load again when it has finished."
            )
        if on_event and (told < 0 or waited - told >= 1.0):
            kind = "waiting" if told < 0 else "still waiting"
            on_event(LockEvent(kind, f"waiting for another load of {graph_file}{by}", waited))
            told = waited
        time.sleep(POLL)
    holder = _read_holder(fd)
    dead = holder is not None and holder.pid != os.getpid() and not _alive(holder.pid)
    if dead and on_event:
        on_event(
            LockEvent(
                "took over",
                f"took over the lock on {graph_file}: the load that held it "
                f"({holder}) ended without finishing; the graph file is the last one "
                "saved whole",
                time.monotonic() - started,
            )
        )
