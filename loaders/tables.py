"""The table loader: CSV, JSON and YAML tables of events, cities, people, practices... -> records.

The columns of each table are documented in docs/tables.md. Tables read together
(``read_tables``) may refer to each other: a practice or speaker row names its event by
the event's ``key`` or title, found in any events table of the same call. Every record is
built through ``graph.ingest.build.Builder``, one per file, so ids match the other loaders'.

>>> from pathlib import Path; import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "cities.csv").write_text("name,country\\nTartu,Estonia\\n")
>>> sorted(read_tables([folder]).nodes)[:2]
['city:ee:tartu', 'country:ee']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.core.bulk import paused_gc
from graph.core.errors import LoadError
from graph.core.model import Label, Node, RelType
from graph.ingest.build import Builder, RecordSet, event_id, source_node
from loaders.tables_read import SUFFIXES, RawRow, RawTable, read_raw_tables
from loaders.tables_rows import (
    CityRow,
    EventRow,
    OrganisationRow,
    ParticipantRow,
    PersonRow,
    PracticeRow,
    Row,
    SpeakerRow,
    TableSpec,
    TopicRow,
)

__all__ = ["SUFFIXES", "RowProgress", "read_table", "read_tables", "table_files"]


@dataclass
class _Rows:
    """One table's validated rows, with where each came from."""

    spec: TableSpec
    rows: list[tuple[RawRow, Row]]


@dataclass
class _File:
    path: Path
    content: bytes
    tables: list[_Rows]

    @property
    def synthetic(self) -> bool:
        return any(row.synthetic for t in self.tables for _, row in t.rows)

    @property
    def order(self) -> int:
        return min((t.spec.order for t in self.tables), default=99)


@dataclass(frozen=True, slots=True)
class _EventEntry:
    id: str
    title: str
    date: dt.date | None
    where: str


def _where(path: Path, raw: RawRow) -> str:
    return f"{path}:{raw.line}" if raw.line is not None else f"{path} ({raw.where})"


def _error(path: Path, raw: RawRow, message: str, *, field: str | None = None) -> LoadError:
    prefix = "" if raw.line is not None else f"{raw.where}: "
    return LoadError(path, prefix + message, line=raw.line, field=field)


# Called as ``progress(stage, rows done, rows in all)`` while a large load goes on: a
# progress bar's step (and where the command checks its time and memory budgets).
RowProgress = Callable[[str, int, int], None]
PROGRESS_STEP = 2000  # rows between two calls


class _Counter:
    """Counts one stage's rows and calls ``progress`` every PROGRESS_STEP of them."""

    def __init__(self, progress: RowProgress | None, stage: str, total: int) -> None:
        self.progress, self.stage, self.total, self.done = progress, stage, total, 0
        if progress is not None:
            progress(stage, 0, total)

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % PROGRESS_STEP == 0:
            self.progress(self.stage, self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.stage, self.done, self.total)


def _validate(path: Path, table: RawTable, counter: _Counter) -> _Rows:
    rows = []
    for raw in table.rows:
        counter.step()
        try:
            rows.append((raw, table.spec.model.model_validate(raw.data)))
            raw.data.clear()  # the validated row holds the cells now (memory per row)
        except ValidationError as e:
            err = e.errors()[0]
            loc = ".".join(str(p) for p in err["loc"]) or None
            if err["type"] == "extra_forbidden":
                message = (
                    f"unknown column in the {table.spec.name} table (its columns: "
                    f"{', '.join(table.spec.columns)})"
                )
            elif err["type"] == "missing" or err.get("input", "") is None:
                message = f"required in the {table.spec.name} table, and empty or missing"
            else:
                message = err["msg"].removeprefix("Value error, ")
            raise _error(path, raw, message, field=loc) from None
    return _Rows(table.spec, rows)


class _Load:
    """The state of one ``read_tables`` call: the events index and declared entities."""

    def __init__(self, files: list[_File]) -> None:
        self.files = files
        self.keys: dict[str, _EventEntry] = {}
        self.titles: dict[str, list[_EventEntry]] = {}
        # node id -> (where it was declared, the values declared for it)
        self.declared: dict[str, tuple[str, dict[str, Any]]] = {}
        self._index_events()

    def _index_events(self) -> None:
        for file in self.files:
            for table in file.tables:
                if table.spec.name != "events":
                    continue
                for raw, row in table.rows:
                    assert isinstance(row, EventRow)
                    entry = _EventEntry(
                        event_id(row.title, row.date),
                        row.title,
                        row.date,
                        _where(file.path, raw),
                    )
                    self.declare(
                        file.path, raw, entry.id, f"event {row.title!r}", _event_values(row)
                    )
                    if row.key is not None:
                        old = self.keys.get(row.key)
                        if old is not None and old.id != entry.id:
                            raise _error(
                                file.path,
                                raw,
                                f"event key {row.key!r} already names "
                                f"{old.title!r} ({old.date}) at {old.where}",
                                field="key",
                            )
                        self.keys[row.key] = entry
                    same = self.titles.setdefault(row.title.casefold(), [])
                    if all(e.id != entry.id for e in same):
                        same.append(entry)
        # Only events declare event ids, and all of them are declared now: their values
        # need not be held while the rest is built (a large load's peak memory).
        self.declared.clear()

    def declare(
        self, path: Path, raw: RawRow, node_id: str, what: str, values: dict[str, Any]
    ) -> None:
        """Remember what a row states about a node; a second row stating otherwise fails."""
        values = {k: v for k, v in values.items() if v is not None and v != []}
        old = self.declared.get(node_id)
        if old is None:
            self.declared[node_id] = (_where(path, raw), values)
            return
        where, known = old
        for key, value in values.items():
            if key in known and known[key] != value:
                raise _error(
                    path,
                    raw,
                    f"{what} is already given with {key} {known[key]!r} at {where}, here {value!r}",
                    field=key,
                )
        self.declared[node_id] = (where, {**values, **known})

    def event(
        self, b: _CachedBuilder, path: Path, raw: RawRow, name: str, on: dt.date | None
    ) -> str:
        """The id of the event a row names, by key, else by title (and date)."""
        if name in self.keys:
            return self.keys[name].id
        found = [e for e in self.titles.get(name.casefold(), []) if on is None or e.date == on]
        if len(found) == 1:
            return found[0].id
        if len(found) > 1:
            dates = ", ".join(str(e.date) for e in found)
            raise _error(
                path,
                raw,
                f"{name!r} names {len(found)} events ({dates}); give "
                "event_date or use the event's key",
                field="event",
            )
        if on is not None:  # an event described elsewhere (a recap): its id is title + date
            known = self.titles.get(name.casefold(), [])
            if known:  # another edition of a recurring event, or a mistyped date
                dates = ", ".join(str(e.date) for e in known)
                b.b.warn(
                    f"{_where(path, raw)}: no event {name!r} on {on} in the events "
                    f"tables (they have it on {dates}); kept as another event"
                )
            return b.b.event(name, date=on)
        raise _error(
            path,
            raw,
            f"no event with key or title {name!r} in the tables of this "
            "load (give event_date to refer to an event from elsewhere)",
            field="event",
        )


def _event_values(row: EventRow) -> dict[str, Any]:
    return row.model_dump(
        include={
            "title",
            "date",
            "end_date",
            "format",
            "participants_count",
            "url",
            "lang",
            "venue_city",
            "venue_country",
        }
    )


class _CachedBuilder:
    """A Builder that resolves each place, topic and organisation name once per file
    (resolution is the costly part; the records are already in this builder's set)."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self._memo: dict[tuple[Any, ...], str] = {}

    def link(self, start: str, rel: RelType, end: str, **properties: Any) -> None:
        """``Builder.link`` (which makes no record for a relation stated again as before)."""
        self.b.link(start, rel, end, **properties)

    def _once(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = make()
        return found

    def city(self, name: str, country: str | None) -> str:
        return self._once(("city", name, country), lambda: self.b.city(name, country=country))

    def country(self, name: str) -> str:
        return self._once(("country", name), lambda: self.b.country(name))

    def topic(self, name: str) -> str:
        return self._once(("topic", name), lambda: self.b.topic(name))

    def organisation(self, name: str) -> str:
        return self._once(("org", name), lambda: self.b.organisation(name))

    def person(self, name: str, role: str | None = None) -> str:
        return self._once(("person", name, role), lambda: self.b.person(name, role=role))


# -- one function per table: (load, builder, path, raw row, row) -> None ----------------------


def _build_event(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, EventRow)
    eid = b.b.event(
        row.title,
        date=row.date,
        end_date=row.end_date,
        format=row.format,
        participants_count=row.participants_count,
        url=row.url,
        lang=row.lang,
        synthetic=True if synthetic or row.synthetic else None,
    )
    if row.venue_city:
        b.link(eid, RelType.HELD_IN, b.city(row.venue_city, row.venue_country))
    elif row.venue_country:
        b.b.warn(f"{_where(path, raw)}: venue_country without venue_city is not stored")
    for topic in row.topics:
        b.link(eid, RelType.ABOUT, b.topic(topic))
    for country in row.countries:
        b.link(b.country(country), RelType.PARTICIPATED_IN, eid)


def _build_city(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, CityRow)
    cid = b.city(row.name, row.country)
    load.declare(path, raw, cid, f"city {row.name!r}", {"lat": row.lat, "lon": row.lon})
    node = b.b.records.nodes[cid]
    props = dict(node.properties)
    if row.lat is not None:  # the table's coordinates win over the gazetteer's
        props.update(lat=row.lat, lon=row.lon)
    if row.names:
        known = props.get("names")
        known_names = known if isinstance(known, tuple) else ()
        props["names"] = tuple(dict.fromkeys((*known_names, *row.names)))
    b.b.records.nodes[cid] = Node(id=cid, label=Label.CITY, properties=props, sources=node.sources)


def _build_topic(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, TopicRow)
    tid = b.topic(row.name)
    if row.names:
        b.b.node(tid, Label.TOPIC, names=tuple(row.names))


def _build_organisation(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, OrganisationRow)
    b.organisation(row.name)


def _represents(
    b: _CachedBuilder, pid: str, organisation: str | None, city: str | None, country: str | None
) -> None:
    if organisation:
        b.link(pid, RelType.REPRESENTS, b.organisation(organisation))
    if city:
        b.link(pid, RelType.REPRESENTS, b.city(city, country))


def _build_person(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, PersonRow)
    pid = b.person(row.name, row.role)
    load.declare(path, raw, pid, f"person {row.name!r}", {"role": row.role})
    _represents(b, pid, row.organisation, row.city, row.country)


def _build_practice(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, PracticeRow)
    # Builder.practice links the sharing city and puts it in the id, as for recaps.
    pid = b.b.practice(row.title, city=row.city, country=row.country, summary=row.summary)
    load.declare(path, raw, pid, f"practice {row.title!r}", {"summary": row.summary})
    if row.country and not row.city:
        b.b.warn(
            f"{_where(path, raw)}: practice {row.title!r} has a country but no city; "
            "the country is not stored"
        )
    if row.event:
        b.link(pid, RelType.PRESENTED_AT, load.event(b, path, raw, row.event, row.event_date))
    elif row.event_date:
        raise _error(path, raw, "event_date without event", field="event")
    for presenter in row.presenter:
        b.link(b.person(presenter), RelType.PRESENTED, pid)
    for topic in row.topics:
        b.link(pid, RelType.ABOUT, b.topic(topic))


def _build_speaker(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, SpeakerRow)
    eid = load.event(b, path, raw, row.event, row.event_date)
    pid = b.person(row.person)
    b.link(pid, RelType.SPOKE_AT, eid, role=row.role)
    _represents(b, pid, row.organisation, row.city, row.country)


def _build_participant(
    load: _Load, b: _CachedBuilder, path: Path, raw: RawRow, row: Row, synthetic: bool
) -> None:
    assert isinstance(row, ParticipantRow)
    eid = load.event(b, path, raw, row.event, row.event_date)
    b.link(b.country(row.country), RelType.PARTICIPATED_IN, eid)


_BUILDERS: dict[str, Callable[..., None]] = {
    "events": _build_event,
    "cities": _build_city,
    "topics": _build_topic,
    "organisations": _build_organisation,
    "people": _build_person,
    "practices": _build_practice,
    "speakers": _build_speaker,
    "participants": _build_participant,
}


def table_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as their table files (``loaders.walk``'s rules)."""
    from loaders import walk

    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(walk(path, suffixes=SUFFIXES).files if path.is_dir() else [path])
    return files


def _read_file(path: Path) -> tuple[Path, bytes, list[RawTable]]:
    try:
        content = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot read: {e.strerror or e}") from None
    return path, content, read_raw_tables(path, content)


def read_tables(paths: Iterable[Path | str], *, progress: RowProgress | None = None) -> RecordSet:
    """The records of several table files read together, so they may refer to each other.

    Folders stand for the table files in them. Files are built entity tables first
    (events, cities, ... before practices and speakers), each through its own Builder.
    ``progress`` is told how many rows are checked, then built (``RowProgress``); an
    exception it raises ends the read (nothing is returned, nothing was written).

    Raises:
        LoadError: a file cannot be read, decoded or parsed; a row fails validation
            (naming the file, line or row, and column); a reference names no event; or two
            rows give one entity conflicting values.
    """
    with paused_gc():
        read = [_read_file(p) for p in table_files(Path(p) for p in paths)]
        total = sum(len(t.rows) for _, _, tables in read for t in tables)
        checking = _Counter(progress, "checking rows", total)
        files = [_File(p, c, [_validate(p, t, checking) for t in tables]) for p, c, tables in read]
        del read
        checking.finish()
        building = _Counter(progress, "building records", total)
        load = _Load(files)
        records = RecordSet()
        for file in sorted(files, key=lambda f: f.order):
            synthetic = file.synthetic
            b = _CachedBuilder(
                Builder(source_node(file.path, file.content, kind="table", synthetic=synthetic))
            )
            for table in sorted(file.tables, key=lambda t: t.spec.order):
                build = _BUILDERS[table.spec.name]
                # Each row is let go once built, so the validated rows and the records
                # they become are not both held whole (a large load's peak memory).
                rows, table.rows = table.rows, []
                rows.reverse()
                while rows:
                    raw, row = rows.pop()
                    build(load, b, file.path, raw, row, synthetic)
                    building.step()
            _summarise_warnings(b.b)
            if len(records):
                records.update(b.b.records)
            else:  # the first file's set is taken as it is, not copied (memory)
                records = b.b.records
            file.content = b""
        building.finish()
    return records


def _summarise_warnings(b: Builder) -> None:
    """Put a file's warnings on its Source node (the Sources view lists them): the ones
    the builder kept word for word, and how many there were in all."""
    records = b.records
    if not records.warning_count:
        return
    records.add_node(
        Node(
            id=b.source.id,
            label=Label.SOURCE,
            properties={
                "warnings": tuple(records.warnings),
                "warning_count": records.warning_count,
            },
        )
    )


def read_table(path: Path | str) -> RecordSet:
    """The records of one table file (``.csv``, ``.json``, ``.yaml``/``.yml``).

    References to events resolve within the file; use ``read_tables`` for several files.

    Raises:
        LoadError: see ``read_tables``.
    """
    return read_tables([path])
