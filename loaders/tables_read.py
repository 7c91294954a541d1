"""Bytes -> text -> raw rows with their line numbers, for CSV, JSON and YAML tables.

Knows nothing of the graph: it decodes (UTF-8 with or without BOM, else Windows-1252,
the usual spreadsheet export), rejects what is not a text table, parses, and says which
table each block of rows belongs to (by file stem, else by columns).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import charset_normalizer
import yaml

from graph.core.errors import LoadError
from loaders.tables_rows import TABLES, TableSpec

SUFFIXES = (".csv", ".json", ".yaml", ".yml")
_LINE = "__line__"  # the key the YAML loader stores a mapping's line number under


@dataclass(slots=True)
class RawRow:
    """One row as read: its cells by column, and where it is (line, else 1-based index)."""

    data: dict[str, Any]
    line: int | None
    index: int

    @property
    def where(self) -> str:
        return f"row {self.index}"


@dataclass
class RawTable:
    spec: TableSpec
    rows: list[RawRow] = field(default_factory=list)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mostly_other_script(text: str) -> bool:
    """True when most non-ASCII letters of ``text`` are not Latin (Cyrillic, Greek...).

    charset-normalizer reads short German or Spanish exports as cp1250 or cp852 ('ü' as
    'Ř'); a Windows-1252 reading is right for those, so its guess is taken only when it
    finds another script, where cp1252 would be mojibake.
    """
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return bool(letters) and latin < len(letters) / 2


def decode(path: Path, content: bytes) -> str:
    """The text of a table file, or a LoadError for binary data or an unknown encoding."""
    if not content.strip():
        raise LoadError(path, "empty file")
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError(path, "cannot decode: starts as UTF-16 but is not") from None
    head = content[:65536]
    if b"\x00" in head:
        raise LoadError(path, "binary data (NUL bytes), not a text table")
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f")
    if controls > len(head) // 100 + 1:
        raise LoadError(path, "binary data (control characters), not a text table")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = "cp1252"
    guess = charset_normalizer.from_bytes(head).best()
    if guess is not None and _mostly_other_script(str(guess)):
        encoding = guess.encoding  # e.g. a cp1251 Cyrillic export
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        if encoding == "cp1252":  # five bytes cp1252 leaves undefined: read as Latin-1
            return content.decode("latin-1")
        raise LoadError(path, f"cannot decode: neither UTF-8 nor {encoding}") from None


def spec_for_name(name: str) -> TableSpec | None:
    """The table a file stem or mapping key names: ``events``, ``events_2021``, ``Speakers``."""
    key = name.strip().lower()
    for spec in TABLES.values():
        for known in (spec.name, *spec.aliases):
            if key == known or (key.startswith(known) and key[len(known)] in "_-. "):
                return spec
    return None


def _tables_help() -> str:
    return "; ".join(f"{s.name} ({', '.join(s.required)})" for s in TABLES.values())


def spec_for_columns(path: Path, columns: list[str], *, line: int | None = None) -> TableSpec:
    """The one table whose columns hold all of ``columns`` and which needs them most."""
    cols = set(columns)
    candidates = [s for s in TABLES.values() if set(s.required) <= cols]
    fits = [s for s in candidates if cols <= set(s.columns)]
    if not fits and len(candidates) == 1:  # a known table with a column too many
        spec = candidates[0]
        unknown = ", ".join(_short(c) for c in columns if c not in spec.columns)
        raise LoadError(
            path,
            f"unknown column(s) {unknown} for the {spec.name} table (its "
            f"columns: {', '.join(spec.columns)})",
            line=line,
        )
    if not fits:
        shown = ", ".join(_short(c) for c in columns[:12])
        raise LoadError(
            path,
            f"columns [{shown}] match no table; name the file after its table or use "
            f"the columns of one: {_tables_help()}",
            line=line,
        )
    best = max(len(s.required) for s in fits)
    fits = [s for s in fits if len(s.required) == best]
    if len(fits) > 1:
        raise LoadError(
            path,
            f"columns could be the {' or '.join(s.name for s in fits)} table; name "
            "the file after its table (e.g. people.csv)",
            line=line,
        )
    return fits[0]


def _column(name: Any) -> str:
    return str(name).strip().lower().replace(" ", "_").replace("-", "_")


def read_csv(path: Path, text: str) -> list[RawTable]:
    first = text.split("\n", 1)[0]
    # German spreadsheet exports separate with ';' (and tabs happen); commas win a tie.
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        columns = [_column(c) for c in header]
        for i, col in enumerate(columns):
            if not col:
                raise LoadError(path, f"column {i + 1} has no name", line=1)
            if col in columns[:i]:
                raise LoadError(path, f"column {col!r} appears twice", line=1)
        spec = spec_for_name(path.stem) or spec_for_columns(path, columns, line=1)
        table = RawTable(spec)
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns):
                raise LoadError(
                    path,
                    f"row has {len(cells)} cells but the header names {len(columns)} "
                    "columns (a separator inside an unquoted cell?)",
                    line=start,
                )
            table.rows.append(
                RawRow(dict(zip(columns, cells, strict=False)), start, len(table.rows) + 1)
            )
    except csv.Error as e:
        raise LoadError(path, f"invalid CSV: {e}", line=reader.line_num or 1) from None
    return [table]


def _tables_from_value(path: Path, value: Any, *, kind: str) -> list[RawTable]:
    """JSON/YAML: a list of rows (table by stem or columns), or {table: [rows], ...}."""
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(v, list) for k, v in value.items() if k != _LINE)
    ):
        tables = []
        for name, rows in value.items():
            if name == _LINE:
                continue
            spec = spec_for_name(str(name))
            if spec is None:
                raise LoadError(
                    path,
                    f"{_short(str(name))!r} is not a table; the tables are: {_tables_help()}",
                    line=value.get(_LINE),
                    field=str(name),
                )
            tables.append(_rows(path, spec, rows, kind=kind))
        return tables
    if not isinstance(value, list):
        raise LoadError(
            path,
            f"expected a {kind} list of rows, or a mapping of table names "
            f"to lists of rows; found {type(value).__name__}",
        )
    columns = list(
        dict.fromkeys(
            _column(k) for row in value if isinstance(row, dict) for k in row if k != _LINE
        )
    )
    spec = spec_for_name(path.stem) or spec_for_columns(path, columns)
    return [_rows(path, spec, value, kind=kind)]


def _rows(path: Path, spec: TableSpec, rows: list[Any], *, kind: str) -> RawTable:
    table = RawTable(spec)
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise LoadError(
                path,
                f"{spec.name} row {i} is a {type(row).__name__}, not a "
                "mapping of columns to values",
            )
        line = row.get(_LINE)
        data = {_column(k): v for k, v in row.items() if k != _LINE}
        table.rows.append(RawRow(data, line, i))
    return table


def read_json(path: Path, text: str) -> list[RawTable]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise LoadError(path, f"invalid JSON: {e.msg} (column {e.colno})", line=e.lineno) from None
    except RecursionError:
        raise LoadError(path, "invalid JSON: nested too deeply to be a table") from None
    return _tables_from_value(path, value, kind="JSON")


class _LineLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """A safe YAML loader that remembers the line each mapping starts on."""


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


MAX_DEPTH = 20  # a table is a mapping of lists of rows of values: a few levels at most


def _check_yaml_tree(path: Path, root: yaml.Node) -> None:
    """Refuse aliases (``*name``: a "billion laughs" file of nested aliases expands to
    gigabytes) and nesting deeper than any table, before anything is built from the file.
    One visit per node: the check itself is linear in the file."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise LoadError(
                path,
                "a YAML alias (*name) repeats the value anchored here; tables are read "
                "without aliases (nested ones can expand to gigabytes): write the values out",
                line=line,
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise LoadError(
                path, f"nested more than {MAX_DEPTH} levels deep: not a table", line=line
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                stack.extend(((key, depth + 1), (child, depth + 1)))


def _load_yaml(path: Path, text: str) -> Any:
    loader = _LineLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_yaml_tree(path, root)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def read_yaml(path: Path, text: str) -> list[RawTable]:
    try:
        value = _load_yaml(path, text)
    except RecursionError:
        raise LoadError(path, "invalid YAML: nested too deeply to be a table") from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        raise LoadError(
            path, f"invalid YAML: {problem}", line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as e:
        raise LoadError(path, f"invalid YAML: {_short(str(e), 120)}") from None
    if value is None:
        raise LoadError(path, "empty file (no YAML content)")
    return _tables_from_value(path, value, kind="YAML")


def read_raw_tables(path: Path, content: bytes) -> list[RawTable]:
    """The tables one file holds, rows not yet validated."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(path, f"not a table file (expected {', '.join(SUFFIXES)})")
    text = decode(path, content)
    if suffix == ".csv":
        return read_csv(path, text)
    if suffix == ".json":
        return read_json(path, text)
    return read_yaml(path, text)
