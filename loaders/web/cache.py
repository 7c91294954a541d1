"""The page cache: each fetched page's raw bytes, and what the server said about them.

A page is kept as ``<root>/<host>/<readable name>.html`` (or ``.txt``) with a
``.meta.json`` beside it holding the URL, the fetch time, the sha256 and the validators
(ETag, Last-Modified) that let the next crawl ask "changed since?" instead of fetching.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from slugify import slugify

META_SUFFIX = ".meta.json"


def default_cache_dir() -> Path:
    """The user's cache directory for citygraph's pages (``~/.cache/citygraph/pages`` on
    Linux, the platform's equivalent elsewhere)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("citygraph")) / "pages"


@dataclass(frozen=True)
class CacheEntry:
    """One cached page: where its bytes are and what the server said about them."""

    url: str  # the URL asked for
    final_url: str  # where the redirects ended
    file: str  # the bytes' file name, inside the host folder
    sha256: str
    fetched_at: str  # ISO 8601, UTC, when these bytes were fetched
    content_type: str
    etag: str | None = None
    last_modified: str | None = None


def file_stem(url: str) -> str:
    """A readable, unique file name for a URL: its path as a slug plus a short hash.

    >>> file_stem("https://example.org/en/news/rural-mobility.html?x=1")
    'en-news-rural-mobility-html-x-1-866a01a3'
    """
    parts = urlsplit(url)
    readable = slugify(f"{parts.path} {parts.query}", max_length=80) or "index"
    return f"{readable}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def _host_dir(url: str) -> str:
    return slugify(urlsplit(url).netloc, separator="_") or "local"


class PageCache:
    """Pages on disk under ``root``.

    With ``keep=False`` (a dry run) the cache is read as usual but new pages go to a
    temporary folder that :meth:`close` removes: nothing is left behind.
    """

    def __init__(self, root: Path, *, keep: bool = True) -> None:
        self.root = root
        self._scratch: Path | None = None if keep else Path(tempfile.mkdtemp(prefix="citygraph-"))

    @property
    def _write_root(self) -> Path:
        return self._scratch or self.root

    def _meta_path(self, root: Path, url: str) -> Path:
        return root / _host_dir(url) / (file_stem(url) + META_SUFFIX)

    def get(self, url: str) -> tuple[CacheEntry, Path] | None:
        """The cached entry of ``url`` and its bytes' path, when both are there."""
        for root in (self._write_root, self.root):
            meta = self._meta_path(root, url)
            try:
                entry = CacheEntry(**json.loads(meta.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                continue
            path = meta.parent / entry.file
            if path.is_file():
                return entry, path
        return None

    def put(self, entry: CacheEntry, content: bytes) -> Path:
        """Keep ``content`` for ``entry.url``; returns the bytes' path. Files are replaced
        whole (write, then rename), so a crash never leaves half a page."""
        meta = self._meta_path(self._write_root, entry.url)
        meta.parent.mkdir(parents=True, exist_ok=True)
        path = meta.parent / entry.file
        _write_atomic(path, content)
        _write_atomic(meta, json.dumps(asdict(entry), indent=1).encode("utf-8"))
        return path

    def close(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _write_atomic(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
