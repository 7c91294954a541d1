"""Topic normalisation: spellings and languages of one topic meet in one node."""

from __future__ import annotations

import pytest

from graph.ingest.build import Builder, source_node
from graph.ingest.topics import canonical_topic, fold, same_topic, topic_key


@pytest.mark.parametrize(
    "variant",
    [
        "E-Governance",
        "e governance",
        "E_GOVERNANCE",
        "eGovernance",
        "E-Government",
        "I-Government",
        "iGovernment",
        "digitale Verwaltung",
    ],
)
def test_spellings_of_e_governance_share_one_key(variant: str) -> None:
    assert topic_key(variant) == "e-governance"


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("Abfallwirtschaft", "waste management"),
        ("Mobilität", "mobility"),
        ("Mobilitaet", "Mobility"),
        ("Digitalisierung", "digitalisation"),
        ("Klimaschutz", "Climate Protection"),
        ("Krisenmanagement", "crisis management"),
        ("Bürgerbeteiligung", "citizen participation"),
        ("Buergerbeteiligung", "citizen participation"),
    ],
)
def test_a_german_topic_meets_its_english_name(german: str, english: str) -> None:
    assert topic_key(german) == topic_key(english)
    assert canonical_topic(german) == english.casefold()


def test_british_and_american_spellings_meet() -> None:
    assert same_topic("digitalization", "Digitalisation")


def test_different_topics_stay_apart() -> None:
    assert not same_topic("waste management", "water management")
    assert not same_topic("mobility", "sustainable mobility")
    assert topic_key("Klimaschutz") != topic_key("Klimaanpassung")


def test_unknown_topics_keep_their_words() -> None:
    assert canonical_topic("  Urban   Gardening ") == "Urban Gardening"
    assert topic_key("Urban Gardening!") == topic_key("urban-gardening") == "urban-gardening"
    assert fold("Straßenbahn") == "strassenbahn"


def test_builder_names_a_german_topic_in_english_and_keeps_the_written_name() -> None:
    b = Builder(source_node("x.txt", b"x", kind="recap"))
    de = b.topic("Abfallwirtschaft")
    en = b.topic("Waste Management")
    assert de == en == "topic:waste-management"
    node = b.records.nodes[de]
    assert node.properties["name"] == "waste management"
    names = node.properties["names"]
    assert isinstance(names, tuple) and set(names) == {"Abfallwirtschaft", "Waste Management"}


def test_practices_of_both_languages_meet_on_one_topic_node() -> None:
    b = Builder(source_node("x.txt", b"x", kind="recap"))
    p1 = b.practice("Mülltrennung in Rostock", topics=("Abfallwirtschaft",))
    p2 = b.practice("Waste sorting in Vienna", topics=("waste management",))
    about = {r.start for r in b.records.relations.values() if r.end == "topic:waste-management"}
    assert about == {p1, p2}
