"""Topics of recaps: every spelling of a topic is one, and every practice carries its own
topics and its event's (our own page; the dev recaps when they are beside the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run
from recaps_dev import DEV_RECAPS

from loaders.recaps import extract

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def test_every_practice_has_its_own_and_its_events_topics() -> None:
    found = extract(FIXTURES / "de_egov_practices.txt")
    assert "e-governance" in found.topics
    by_city = {p.city: p.topics for p in found.practices}
    assert set(by_city) == {"Tartu", "Cochabamba"}
    # "Ein Portal für alle Anträge" names no topic of its own: the event's are its.
    assert by_city["Tartu"] == found.topics
    # "I-Government" is e-governance; the pandemic is the practice's own topic.
    assert by_city["Cochabamba"][:2] == ("COVID-19", "e-governance")
    assert set(found.topics) <= set(by_city["Cochabamba"])


def _peers_names_the_other_city(
    capsys: pytest.CaptureFixture[str], pages: list[str], graph: Path, city: str, peer: str
) -> None:
    code, _, err = run(capsys, "load", *pages, "--fresh", "--graph-file", str(graph))
    assert code == 0, err
    code, out, err = run(
        capsys, "peers", city, "--topic", "e-governance", "--graph-file", str(graph)
    )
    assert code == 0, err
    assert peer in out


def test_peers_on_a_topic_find_the_city_that_presented_on_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = str(FIXTURES / "de_egov_practices.txt")
    _peers_names_the_other_city(capsys, [page], tmp_path / "g.json", "Tartu", "Cochabamba")


@pytest.mark.skipif(DEV_RECAPS is None, reason="needs ../shared/data/recaps-dev")
def test_peers_of_tartu_on_e_governance_name_la_paz_on_the_dev_recaps(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert DEV_RECAPS is not None
    pages = sorted(str(p) for p in DEV_RECAPS.glob("*.txt"))
    _peers_names_the_other_city(capsys, pages, tmp_path / "g.json", "Tartu", "La Paz")
