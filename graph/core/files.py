"""Files written whole or not at all, with the permissions a reader expects.

A file is written to a temporary file beside it and renamed over it, so a reader (or a
process killed part way) sees the old file or the new one, never a torn one. The graph
file, its results folder, the snapshot, the scenes and the exports are all written so.

>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "scenes.json"
>>> write_atomically(target, lambda f: f.write(b"[]"), mode=0o640)
>>> target.read_bytes(), oct(target.stat().st_mode & 0o777)
(b'[]', '0o640')
>>> sorted(p.name for p in target.parent.iterdir())  # no temporary file left behind
['scenes.json']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    mode: int | None = None,
    durable: bool = False,
) -> None:
    """Write ``target`` through ``write`` (given the open temporary file), then rename
    it into place. ``mode``: the file's permissions (else the temporary file's private
    ones); ``durable``: on disk before the rename (the graph file).

    Raises:
        OSError: the folder or the file cannot be written (the temporary file is gone);
            anything ``write`` raises, likewise.
    """
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            write(f)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def mode_for(target: Path) -> int:
    """The permissions a written file keeps: the old file's, else what the umask allows."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def mode_like(other: Path) -> int:
    """Permissions to read a file as ``other`` is read (a cache beside the graph file),
    never executable; private when ``other`` cannot be looked at."""
    try:
        return other.stat().st_mode & 0o666
    except OSError:
        return 0o600


def _umask() -> int:
    """This process's umask, read without setting it (os.umask would race other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


__all__ = ["mode_for", "mode_like", "write_atomically"]
