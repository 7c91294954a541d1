"""Presenter mode's transform: no person's name survives it, anywhere in the graph."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from graph.read.anonymise import SPEAKER, Mask, _words, anonymise, hidden_name, opaque_id

SRC = "source:0123456789abcdef"


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(
        SRC,
        label="Source",
        path="recaps/interview-ada-lindqvist.txt",
        warnings=[
            "line 4: speaker 'Ada Lindqvist' has no city",
        ],
    )
    g.add_node("city:ee:tartu", label="City", name="Tartu", sources=[SRC])
    g.add_node("city:se:lund", label="City", name="Lund")
    g.add_node(
        "person:ada-lindqvist",
        label="Person",
        name="Ada Lindqvist",
        role="Mayor of Tartu",
        sources=[SRC],
    )
    g.add_node("person:jorg-mussig", label="Person", name="Jörg Müßig")
    g.add_node("person:lund", label="Person", name="Lund")  # a loader slip: a city as a name
    g.add_node(
        "practice:tartu:bikes-presented-by-ada-lindqvist",
        label="Practice",
        title="Bikes presented by ADA LINDQVIST",
        summary="Lindqvist showed the bikes; Herr Jorg Mussig asked. Lund joined.",
        sources=[SRC],
    )
    g.add_node("event:2024-05-01:forum", label="Event", title="Forum", date="2024-05-01")
    g.add_edge(
        "person:ada-lindqvist",
        "practice:tartu:bikes-presented-by-ada-lindqvist",
        key="PRESENTED",
        type="PRESENTED",
        sources=[SRC],
    )
    g.add_edge(
        "person:jorg-mussig",
        "event:2024-05-01:forum",
        key="SPOKE_AT",
        type="SPOKE_AT",
        role="moderator, with Ada Lindqvist",
    )
    g.add_edge(
        "city:ee:tartu",
        "practice:tartu:bikes-presented-by-ada-lindqvist",
        key="SHARED",
        type="SHARED",
    )
    return g


def everything(g: nx.MultiDiGraph) -> str:
    return json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False).casefold()


def test_no_name_is_left_in_any_text_or_id() -> None:
    shown = anonymise(graph())
    text = everything(shown)
    for leak in ("ada", "lindqvist", "jörg", "jorg", "müßig", "mussig", "mayor"):
        assert leak not in text, leak
    titles = {a.get("title") for _, a in shown.nodes(data=True)}
    assert "Bikes presented by Speaker" in titles
    summary = next(a["summary"] for _, a in shown.nodes(data=True) if "summary" in a)
    # the surname alone, a name spelt without accents, and a one-word "name" that is a city
    assert summary == "Speaker showed the bikes; Herr Speaker asked. Lund joined."


def test_people_keep_their_relations_under_opaque_ids() -> None:
    g = graph()
    shown = anonymise(g)
    people = [n for n, a in shown.nodes(data=True) if a["label"] == "Person"]
    assert len(people) == 3
    assert all(shown.nodes[p]["name"] == SPEAKER and "role" not in shown.nodes[p] for p in people)
    assert all(p.startswith("person:") and p not in g for p in people)
    assert sorted(k for *_, k in shown.edges(keys=True)) == sorted(
        k for *_, k in g.edges(keys=True)
    )
    assert shown.number_of_nodes() == g.number_of_nodes()
    # the original is untouched
    assert g.nodes["person:ada-lindqvist"]["name"] == "Ada Lindqvist"


def test_ids_translate_back_to_the_store() -> None:
    g = graph()
    mask = Mask.of(g)
    practice = "practice:tartu:bikes-presented-by-ada-lindqvist"
    assert mask.public_id(practice) == opaque_id(practice) != practice
    assert mask.real_id(mask.public_id(practice)) == practice
    assert mask.real_id(mask.public_id("person:ada-lindqvist")) == "person:ada-lindqvist"
    assert mask.public_id("city:ee:tartu") == "city:ee:tartu"
    assert mask.real_id("city:ee:tartu") == "city:ee:tartu"
    shown = mask.apply(g)
    assert shown.nodes["city:ee:tartu"]["sources"] == [SRC]


def test_a_selection_without_people_is_masked_with_the_whole_graphs_names() -> None:
    g = graph()
    selection = g.subgraph(["city:ee:tartu", "practice:tartu:bikes-presented-by-ada-lindqvist"])
    alone = anonymise(nx.MultiDiGraph(selection))
    assert "lindqvist" in everything(alone)  # nobody to learn the name from
    shown = anonymise(nx.MultiDiGraph(selection), people_from=g)
    assert "lindqvist" not in everything(shown)


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [({"label": "Person", "name": "Ada"}, SPEAKER), ({"label": "City", "name": "Lund"}, "Lund")],
)
def test_hidden_name(attrs: dict[str, str], expected: str) -> None:
    assert hidden_name(attrs, "x:y", hide_people=True) == expected
    assert hidden_name(attrs, "x:y", hide_people=False) == attrs["name"]


def test_masking_twice_changes_nothing() -> None:
    once = anonymise(graph())
    twice = anonymise(once)
    assert sorted(twice.nodes(data=True)) == sorted(once.nodes(data=True))
    assert sorted(twice.edges(keys=True)) == sorted(once.edges(keys=True))


# -- other spellings of a name ----------------------------------------------------------

PEOPLE = {
    "person:jurgen-muller": "Jürgen Müller",
    "person:ursula-von-der-leyen": "Ursula von der Leyen",
    "person:olena-shevchenko": "Олена Шевченко",  # the graph has it in Cyrillic
    "person:soren-kierkegaard": "Søren Kierkegaard",
    "person:hans-peter-muller-ludenscheidt": "Hans-Peter Müller-Lüdenscheidt",
    "person:jose-maria-garcia-marquez": "José María García Márquez",
}
# How texts write them: (the text, the name it spells), 26 in all.
VARIANTS = [
    ("Jürgen Müller", "Jürgen Müller"),
    ("JÜRGEN MÜLLER", "Jürgen Müller"),
    ("Juergen Mueller", "Jürgen Müller"),  # umlauts written out
    ("Jurgen Muller", "Jürgen Müller"),  # accents dropped
    ("Müller", "Müller"),  # the surname alone
    ("Mueller", "Mueller"),
    ("MULLER", "MULLER"),
    ("Müllers", "Müllers"),  # a German genitive
    ("Jürgen", "Jürgen"),  # the given name alone
    ("Juergen", "Juergen"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
    ("von der Leyen", "von der Leyen"),  # the surname with its particles
    ("Von der Leyen", "Von der Leyen"),
    ("Leyen", "Leyen"),
    ("Ursula", "Ursula"),
    ("Olena Shevchenko", "Olena Shevchenko"),  # transliterated
    ("Olena Schewtschenko", "Olena Schewtschenko"),  # transliterated, the German way
    ("Shevchenko", "Shevchenko"),
    ("Olena", "Olena"),
    ("Soeren Kierkegaard", "Soeren Kierkegaard"),
    ("Soren", "Soren"),
    ("Kierkegaard", "Kierkegaard"),
    ("Müller-Lüdenscheidt", "Müller-Lüdenscheidt"),
    ("Hans-Peter", "Hans-Peter"),
    ("García Márquez", "García Márquez"),
    ("Garcia", "Garcia"),
]


def people_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("city:de:bonn", label="City", name="Bonn")
    for node, name in PEOPLE.items():
        g.add_node(node, label="Person", name=name)
    for n, (text, _) in enumerate(VARIANTS):
        practice = f"practice:{n}"
        g.add_node(practice, label="Practice", title=f"Bikes in Bonn, a talk by {text} on 3 May")
        g.add_edge("city:de:bonn", practice, key="SHARED", type="SHARED")
    return g


def spelt(text: str, name: str) -> bool:
    """Whether any word of ``name`` is still in ``text``, however spelt."""
    words = set(_words(name))
    return any(w in words for w in _words(text))


@pytest.mark.parametrize(("text", "name"), VARIANTS, ids=[t for t, _ in VARIANTS])
def test_every_spelling_of_a_name_is_masked(text: str, name: str) -> None:
    mask = Mask.of(people_graph())
    shown = mask.text(f"Bikes in Bonn, a talk by {text} on 3 May")
    assert shown == "Bikes in Bonn, a talk by Speaker on 3 May"
    assert not spelt(shown, name)


def test_ordinary_words_stay() -> None:
    mask = Mask.of(people_graph())
    text = "Bonn: the river von der Brücke, de facto; the ursula moth; Marta and Mario."
    assert mask.text(text) == text  # a particle alone, a lower-case given name, no name


def test_no_spelling_survives_in_the_downloads() -> None:
    """GraphML, GEXF, CSV and the PNG's captions of the masked graph: no spelling left."""
    from graph.render.export import export_bytes
    from graph.render.picture import captions_drawn

    shown = anonymise(people_graph())
    files = {fmt: export_bytes(shown, fmt) for fmt in ("graphml", "gexf", "csv", "json")}
    texts = {fmt: data.decode("utf-8", errors="replace") for fmt, data in files.items()}
    texts["csv"] = "\n".join(
        zipfile.ZipFile(io.BytesIO(files["csv"])).read(n).decode() for n in ("nodes.csv",)
    )
    texts["png"] = "\n".join(captions_drawn(export_bytes(shown, "png")))
    assert "Speaker" in texts["gexf"] and "Speaker" in texts["png"]
    for fmt, text in texts.items():
        for variant, name in VARIANTS:
            assert not spelt(text, name), (fmt, variant)
