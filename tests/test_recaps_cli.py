"""``citygraph extract`` and ``citygraph evaluate`` as a user meets them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_runner import run

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def test_extract_json_gives_one_object_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(FIXTURES / "de_title_first.txt"), str(FIXTURES / "recap.html")]
    code, out, _ = run(capsys, "extract", "--json", *paths)
    assert code == 0
    results = json.loads(out)
    assert [r["source"] for r in results] == paths
    assert results[0]["event"]["date"] == "2023-11-28"


def test_extract_goes_on_after_a_bad_file_and_fails_at_the_end(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    good = str(FIXTURES / "de_no_year.txt")
    code, out, err = run(capsys, "extract", "--json", str(bad), good)
    assert code == 1
    assert [r["source"] for r in json.loads(out)] == [good]
    assert len(err.strip().splitlines()) == 1
    assert "broken.txt" in err and "not a text file" in err


def test_extract_summary_prints_page_text_literally(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "markup.txt"
    page.write_text(
        "Workshop [bold red]Grüne Dächer[/] in Kassel\n\n"
        "Der Workshop fand am 2. Mai 2023 in Kassel statt.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "extract", str(page), str(FIXTURES / "de_virtual_country_list.txt"))
    assert code == 0
    assert "[bold red]Grüne Dächer[/]" in out
    assert "2023-05-02" in out
    assert "warning: text says 5 countries, 6 are listed" in out


def _annotated_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "annotated"
    folder.mkdir()
    shutil.copy(FIXTURES / "en_speaker_first.txt", folder / "01.txt")
    annotation = {
        "event": {"date": "2019-06-07"},
        "countries": ["Ukraine", "Deutschland", "Czechia"],
        "cities": [
            {"name": "Lwiw", "country": "Ukraine"},
            {"name": "Bonn", "country": None},
            {"name": "Kassel", "country": "Germany"},
            {"name": "Ternopil", "country": None},
            {"name": "Brno", "country": None},
            {"name": "Odesa", "country": "Ukraine"},
        ],
        "people": [
            {"name": "Ms. Olena Kovalenko"},
            {"name": "Peter Hansen"},
            {"name": "Maria López García"},
            {"name": "Sabine Krüger"},
            {"name": "Andriy Shevchuk"},
            {"name": "Tomas Novak"},
            {"name": "Iva Photo", "role": "photographer"},
        ],
        "practices": [
            {"title": "Shade for bus stops", "title_literal": True},
            {"title": "Rain gardens in Brno", "city": "Brno", "title_literal": False},
        ],
    }
    (folder / "01.json").write_text(json.dumps(annotation), encoding="utf-8")
    shutil.copy(FIXTURES / "de_no_year.txt", folder / "02.txt")
    (folder / "02.json").write_text(
        json.dumps(
            {
                "event": {"date": "2022-09-26"},
                "countries": [],  # the page names Kiel, not Germany
                "cities": [{"name": "Kiel", "country": "Germany"}],
                "people": [],
                "practices": [],
            }
        ),
        encoding="utf-8",
    )
    return folder


def test_evaluate_scores_by_identity_and_reports_misses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = _annotated_folder(tmp_path)
    code, out, _ = run(capsys, "evaluate", str(folder), "--json")
    assert code == 0
    result = json.loads(out)
    fields = result["fields"]
    assert (fields["countries"]["tp"], fields["countries"]["fp"]) == (3, 0)
    assert (fields["cities"]["tp"], fields["cities"]["fn"]) == (6, 1)  # Odesa is not there
    assert (fields["people"]["tp"], fields["people"]["fn"]) == (6, 0)  # no photographer
    assert fields["practices"]["tp"] == 2  # one by title, one by city
    assert result["dates"] == {"right": 1, "annotated": 2}  # 02 has no year on the page

    code, out, _ = run(capsys, "evaluate", str(folder), "-v")
    assert code == 0
    assert "cities missed: Odesa" in out
    assert "date: expected 2022-09-26, found None" in out
    assert "event dates right: 1/2" in out


def test_evaluate_scores_what_a_load_adds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A page that loads nothing predicts nothing; a date the page does not state is an
    invented one; titles are compared beside the fields."""
    folder = tmp_path / "annotated"
    folder.mkdir()
    shutil.copy(FIXTURES / "about_page.txt", folder / "01.txt")
    (folder / "01.json").write_text(
        json.dumps(
            {
                "event": {"title": "Netzwerktreffen", "date": None},
                "countries": ["Germany"],
                "cities": [],
                "people": [],
                "practices": [],
            }
        ),
        encoding="utf-8",
    )
    shutil.copy(FIXTURES / "de_title_first.txt", folder / "02.txt")
    (folder / "02.json").write_text(
        json.dumps({"event": {"title": "Not the title", "date": None}}), encoding="utf-8"
    )
    code, out, _ = run(capsys, "evaluate", str(folder), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["lost_pages"] == ["01.txt"]
    assert result["fields"]["countries"] == {**result["fields"]["countries"], "tp": 0, "fn": 1}
    assert result["invented_dates"] == {"invented": 1, "undated": 2}  # 02 has a date
    assert result["titles"] == {"right": 0, "annotated": 2}

    code, out, _ = run(capsys, "evaluate", str(folder), "-v")
    assert "pages that load nothing: 1 (01.txt)" in out
    assert "event dates invented: 1/2" in out
    assert "date: the page states none, found 2023-11-28" in out


def test_evaluate_v_names_the_rule_behind_a_wrong_find_and_a_rejection(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "annotated"
    folder.mkdir()
    (folder / "01.txt").write_text(
        "Network meeting\n\nPlanners from Kiel met in Riga on 3 May 2022. Oslo had rain.\n",
        encoding="utf-8",
    )
    (folder / "01.json").write_text(
        json.dumps(
            {"event": {"date": "2022-05-03"}, "cities": [{"name": "Kiel"}, {"name": "Oslo"}]}
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "evaluate", str(folder), "-v")
    assert code == 0
    assert "cities missed: Oslo (rejected by places.no_place_context)" in out
    assert "cities extra: Riga (places.cue_before)" in out


def test_evaluate_an_empty_folder_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "evaluate", str(tmp_path))
    assert code == 1
    assert str(tmp_path) in err and "no annotated recaps" in err


def test_evaluate_meets_the_bar_on_our_own_annotated_pages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "evaluate", str(FIXTURES / "annotated"), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["micro"]["f1"] >= 0.9
    assert result["dates"]["right"] == result["dates"]["annotated"] == 7
