"""Graph files for the dashboard's tests: the contract tests' small graph, a synthetic
network, a graph with planted markup, and an empty one (all written with the memory store);
and ``Dashboard``, the app served on one of them for the browser tests."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import graph_fixtures  # tests/ is on sys.path under pytest (rootdir conftest)

from graph.core.model import Label, Node, Relation, RelType, make_id
from graph.store.memory import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
MARKUP = '<img src=x onerror="window.__pwned=1;alert(1)">'
PERSON_NAMES = ("Raimond Tamm", "Roberto Flores", "Martina Ableidinger")


def write(path: Path, nodes: list[Node], relations: list[Relation]) -> Path:
    store = MemoryStore(path=path)
    if nodes:
        store.upsert(nodes, relations)
    store.save()
    return path


def sample_graph(path: Path) -> Path:
    """The store contract tests' hand-made graph (two events, four cities, three people)."""
    return write(path, graph_fixtures.nodes(), graph_fixtures.relations())


SAMPLES = ROOT / "data" / "samples"


def samples_graph(path: Path) -> Path:
    """The bundled sample data, loaded as `citygraph load data/samples` would."""
    from loaders import read_paths

    records, _ = read_paths([SAMPLES])
    return write(path, list(records.nodes.values()), list(records.relations.values()))


def empty_graph(path: Path) -> Path:
    return write(path, [], [])


def synthetic_graph(path: Path, *, events: int = 40, seed: int = 42) -> Path:
    """A random but reproducible network: countries, cities, events, practices, topics."""
    rng = random.Random(seed)
    src = "source:synthetic"
    nodes = [
        Node(
            id=src,
            label=Label.SOURCE,
            properties={"path": "synthetic", "kind": "synthetic", "warnings": ("made up",)},
        )
    ]
    rels: list[Relation] = []
    countries = [f"C{i}" for i in range(8)]
    for code in countries:
        nodes.append(
            Node(
                id=make_id(Label.COUNTRY, code),
                label=Label.COUNTRY,
                properties={"code": code, "name": f"Country {code}"},
                sources=(src,),
            )
        )
    cities = []
    for i in range(30):
        code = rng.choice(countries)
        cid = make_id(Label.CITY, code, f"town {i}")
        cities.append(cid)
        nodes.append(
            Node(
                id=cid,
                label=Label.CITY,
                sources=(src,),
                properties={"name": f"Town {i}", "country_code": code},
            )
        )
        rels.append(Relation(start=cid, type=RelType.IN, end=make_id(Label.COUNTRY, code)))
    topics = [make_id(Label.TOPIC, f"topic {i}") for i in range(6)]
    nodes += [Node(id=t, label=Label.TOPIC, properties={"name": t.split(":")[1]}) for t in topics]
    for e in range(events):
        day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        eid = make_id(Label.EVENT, day, f"exchange {e}")
        nodes.append(
            Node(
                id=eid,
                label=Label.EVENT,
                sources=(src,),
                properties={"title": f"Exchange {e}", "date": day},
            )
        )
        rels.append(Relation(start=src, type=RelType.DESCRIBES, end=eid))
        rels.append(Relation(start=eid, type=RelType.HELD_IN, end=rng.choice(cities)))
        for p in range(rng.randint(1, 3)):
            pid = make_id(Label.PRACTICE, f"practice {e} {p}")
            city = rng.choice(cities)
            nodes.append(
                Node(
                    id=pid,
                    label=Label.PRACTICE,
                    sources=(src,),
                    properties={"title": f"Practice {e}.{p}"},
                )
            )
            rels += [
                Relation(start=city, type=RelType.SHARED, end=pid),
                Relation(start=pid, type=RelType.PRESENTED_AT, end=eid),
                Relation(start=pid, type=RelType.ABOUT, end=rng.choice(topics)),
            ]
    return write(path, nodes, rels)


# A recap of our own making whose title, organisation and practice titles carry markup that
# would run if any page parsed them as HTML.
PLANTED_RECAP = """\
<img src=x onerror="window.__pwned=1;alert(1)"> Shade in public squares

Network Workshop <script>window.__pwned=2</script> in Ukraine

The workshop took place in Lviv, Ukraine from 3 to 4 May 2022. 9 Ukrainian participants \
worked on shade and trees.

Good Practice Presentations

Ms. Irena Testova, City of Lviv <b onmouseover="alert(3)">x</b>, Lviv, Ukraine
EN: Shade sails <img src=y onerror="window.__pwned=3;alert(3)"> for markets

Mr. Pavlo Probenko, City of Ternopil, Ternopil, Ukraine
EN: Trees for <svg onload="window.__pwned=4;alert(4)"> squares
"""
RECAP_PEOPLE = ("Irena Testova", "Pavlo Probenko")


def planted_recap_graph(path: Path) -> Path:
    """``PLANTED_RECAP`` read by the recap loader, as `citygraph load` would."""
    from loaders import read_paths

    recap = path.parent / "recaps" / "planted.en.txt"
    recap.parent.mkdir(parents=True, exist_ok=True)
    recap.write_text(PLANTED_RECAP, encoding="utf-8")
    records, _ = read_paths([recap])
    return write(path, list(records.nodes.values()), list(records.relations.values()))


def markup_graph(path: Path) -> Path:
    """Every text field a recap could fill carries markup that would run if parsed as HTML."""
    src = "source:markup"
    city, country = "city:xx:markup-town", "country:xx"
    event, practice, person, topic = (
        "event:2022-01-01:markup",
        "practice:markup",
        "person:markup",
        "topic:markup",
    )
    nodes = [
        Node(
            id=src,
            label=Label.SOURCE,
            properties={"path": f"recaps/{MARKUP}.txt", "warnings": (MARKUP,)},
        ),
        Node(id=country, label=Label.COUNTRY, properties={"code": "XX", "name": MARKUP}),
        Node(
            id=city,
            label=Label.CITY,
            properties={"name": MARKUP, "country_code": "XX"},
            sources=(src,),
        ),
        Node(
            id=event,
            label=Label.EVENT,
            properties={"title": MARKUP, "date": "2022-01-01"},
            sources=(src,),
        ),
        Node(
            id=practice,
            label=Label.PRACTICE,
            properties={"title": MARKUP, "summary": MARKUP},
            sources=(src,),
        ),
        Node(
            id=person,
            label=Label.PERSON,
            properties={"name": PERSON_NAMES[0], "role": MARKUP},
            sources=(src,),
        ),
        Node(id=topic, label=Label.TOPIC, properties={"name": MARKUP}),
    ]
    rels = [
        Relation(start=src, type=RelType.DESCRIBES, end=event),
        Relation(start=city, type=RelType.IN, end=country),
        Relation(start=city, type=RelType.SHARED, end=practice),
        Relation(start=practice, type=RelType.PRESENTED_AT, end=event),
        Relation(start=person, type=RelType.PRESENTED, end=practice),
        Relation(start=practice, type=RelType.ABOUT, end=topic),
    ]
    return write(path, nodes, rels)


# -- the dashboard as a browser test opens it ---------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dashboard:
    """``streamlit run serve.py`` (app.py behind the upload gate) on a free port,
    reading one graph file; ``env`` adds to its environment (the admin password), from
    which any NEO4J_ or CITYGRAPH_ is dropped."""

    def __init__(
        self, graph_file: Path, log: Path, *, env: Mapping[str, str] | None = None
    ) -> None:
        self.graph_file = graph_file
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        environ = {
            k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CITYGRAPH_"))
        }
        environ |= {"CITYGRAPH_GRAPH_FILE": str(graph_file), **(env or {})}
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "serve.py"),  # app.py behind the upload gate
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=environ,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {log}")

    def stop(self) -> None:
        # A served app with pages still connected can take seconds to end on its own; a
        # test's server holds nothing worth waiting for.
        self.process.terminate()
        try:
            self.process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._log.close()
