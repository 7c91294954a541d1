"""Picks the loader for each input (a file, a folder, a web page's URL) and reads a whole
load's inputs into one RecordSet.

Loaders know no database: they turn files into records. Every input of one load is read
before anything is written, so a load with one bad file or one unreachable page writes
nothing. ``walk`` is the one way citygraph lists a folder's input files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.core.errors import LoadError

if TYPE_CHECKING:
    from graph.ingest.build import RecordSet
    from loaders.web import FetchOptions, WebPage

RECAP_SUFFIXES = frozenset({".txt", ".html", ".htm"})
TABLE_SUFFIXES = frozenset({".csv", ".json", ".yaml", ".yml"})
SUFFIXES = RECAP_SUFFIXES | TABLE_SUFFIXES


@dataclass
class LoadPlan:
    """The files and web pages one load will read, and what it passed over in folders."""

    recaps: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    pages: list[WebPage] = field(default_factory=list)  # fetched into the page cache

    @property
    def files(self) -> list[Path]:
        return [*self.tables, *self.recaps, *(p.path for p in self.pages)]


@dataclass(frozen=True)
class Walked:
    """A folder's input files, and the files in it that no loader reads."""

    files: list[Path]
    skipped: list[Path]


def walk(
    folder: Path, *, suffixes: Collection[str] = SUFFIXES, exclude: Iterable[Path] = ()
) -> Walked:
    """The files below ``folder`` (at any depth, sorted) whose type is one of ``suffixes``.

    Hidden files and folders (``.x``, ``_x``) and ``exclude`` (the store's own graph file)
    are left out silently; files of other types and ``NN.json`` annotations lying beside an
    ``NN.txt`` recap are listed as skipped.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("a.txt", "a.json", "b/c.csv", ".git/x.txt", "notes.pdf"):
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("x")
    >>> found = walk(root)
    >>> [str(p.relative_to(root)) for p in found.files], [p.name for p in found.skipped]
    (['a.txt', 'b/c.csv'], ['a.json', 'notes.pdf'])
    """
    excluded = {p.resolve() for p in exclude}
    wanted = {s.lower() for s in suffixes}
    files, skipped = [], []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        if _is_hidden(file.relative_to(folder)) or file.resolve() in excluded:
            continue
        if file.suffix.lower() not in wanted or _is_annotation(file):
            skipped.append(file)
        else:
            files.append(file)
    return Walked(files, skipped)


def plan(
    paths: Iterable[str | Path],
    *,
    exclude: Iterable[Path] = (),
    cache: Path | None = None,
    fetch: FetchOptions | None = None,
) -> LoadPlan:
    """Sort the named files, the files below named folders and the named web pages by
    loader. Pages (``http://``, ``https://``) are fetched into the page cache (``cache``,
    else the user's cache folder; ``fetch``: how) so that reading them is like reading
    files.

    A named file of an unknown type is an error; inside folders, ``walk``'s rules apply.

    Raises:
        LoadError: a path does not exist, or a named file has a type no loader reads.
        FetchError: a page cannot be fetched (a LoadError naming the URL).
    """
    exclude = list(exclude)
    result = LoadPlan()
    urls: list[str] = []
    for given in paths:
        if isinstance(given, str) and _is_url(given):
            urls.append(given)
            continue
        path = Path(given)
        if not path.exists():
            raise LoadError(path, "no such file or folder")
        if path.is_dir():
            found = walk(path, exclude=exclude)
            for file in found.files:
                _add(result, file)
            result.skipped += found.skipped
        elif path.suffix.lower() in SUFFIXES:
            _add(result, path)
        else:
            raise LoadError(
                path,
                f"no loader reads {path.suffix or 'files without a type'}; "
                f"known types: {', '.join(sorted(SUFFIXES))}",
            )
    if urls:
        result.pages = fetch_pages(urls, cache=cache, options=fetch)
    return result


def fetch_pages(
    urls: Iterable[str], *, cache: Path | None = None, options: FetchOptions | None = None
) -> list[WebPage]:
    """Fetch each page into the page cache (unchanged ones are not downloaded again).

    Raises:
        FetchError: a page cannot be fetched; the message names the URL and why.
    """
    from loaders.web import Fetcher, PageCache, default_cache_dir

    with Fetcher(PageCache(cache or default_cache_dir()), options=options) as fetcher:
        return [fetcher.page(url) for url in dict.fromkeys(urls)]


def _is_url(text: str) -> bool:
    from loaders.web import is_url

    return is_url(text)


def read_paths(
    paths: Iterable[str | Path],
    *,
    exclude: Iterable[Path] = (),
    on_file: Callable[[Path], None] | None = None,
) -> tuple[RecordSet, LoadPlan]:
    """Read every file and page of one load into one RecordSet (nothing is written to any
    store).

    Raises:
        LoadError: any file cannot be read; the message names the file and where.
    """
    todo = plan(paths, exclude=exclude)
    return read_plan(todo, on_file=on_file), todo


def read_plan(
    todo: LoadPlan,
    *,
    on_file: Callable[[Path], None] | None = None,
    on_rows: Callable[[str, int, int], None] | None = None,
) -> RecordSet:
    """Read the files of a plan into one RecordSet; ``on_file`` is called after each file
    is read (a progress bar's step), ``on_rows`` as the tables' rows are checked and built
    (``loaders.tables.RowProgress``).

    Raises:
        LoadError: any file cannot be read; the message names the file and where.
    """
    # the graph model (pydantic) only when a load builds records, not for ``extract``
    from graph.ingest.build import RecordSet
    from loaders.graph_json import is_node_link, read_graph_json
    from loaders.recaps import merge_same_events, read_recap
    from loaders.tables import read_tables

    records = RecordSet()
    tables = []
    for file in todo.tables:
        document = _node_link_document(file)
        if document is not None and is_node_link(document):
            records.update(read_graph_json(file, document))
            if on_file:
                on_file(file)
        else:
            tables.append(file)
    if tables:
        found = read_tables(tables, progress=on_rows)
        if len(records):
            records.update(found)
        else:  # taken as it is: a copy of a million-row load's records is a second million
            records = found
        for file in tables:
            if on_file:
                on_file(file)
    for file in todo.recaps:
        records.update(read_recap(file))
        if on_file:
            on_file(file)
    if todo.pages:
        from loaders.web import bind_to_page

        for page in todo.pages:
            try:
                page_records = read_recap(page.path)
            except LoadError as e:  # name the page, not its file in the cache
                raise LoadError(page.url, e.message, line=e.line, field=e.field) from e
            records.update(bind_to_page(page_records, page))
            if on_file:
                on_file(page.path)
    return merge_same_events(records)


def _node_link_document(path: Path) -> dict[str, Any] | None:
    """The parsed JSON object when ``path`` is a JSON file that parses to one; the table
    loader reports every other case with its own line-precise errors."""
    if path.suffix.lower() != ".json":
        return None
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # deep nesting: the table loader says so
        return None
    return document if isinstance(document, dict) else None


def _add(result: LoadPlan, file: Path) -> None:
    (result.recaps if file.suffix.lower() in RECAP_SUFFIXES else result.tables).append(file)


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith((".", "_")) for part in relative.parts)


ANSWER_KEYS = {"transfers.csv": "events.csv"}  # synth's planted transfers, beside its tables


def _is_annotation(file: Path) -> bool:
    """An answer key lying beside what it grades, not data: ``NN.json`` beside a recap
    ``NN.txt``, ``transfers.csv`` beside ``events.csv`` (``citygraph synth --transfers``)."""
    beside = ANSWER_KEYS.get(file.name.lower())
    if beside is not None and (file.parent / beside).exists():
        return True
    return file.suffix.lower() == ".json" and any(
        file.with_suffix(s).exists() for s in RECAP_SUFFIXES
    )
