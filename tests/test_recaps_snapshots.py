"""Every recap fixture page extracts as recorded: a change of the rules that changes what
any page gives shows here, page by page, so a refactoring changes nothing unnoticed and an
intended fix is seen (and recorded) for what it changes.

To record an intended change: ``CITYGRAPH_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest
tests/test_recaps_snapshots.py``, then read the diff of ``tests/fixtures/recaps/expected``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from loaders.recaps import extract

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"
EXPECTED = FIXTURES / "expected"
PAGES = sorted(
    p
    for folder in (FIXTURES, FIXTURES / "networks", FIXTURES / "annotated")
    for p in folder.iterdir()
    if p.suffix in (".txt", ".html")
)


def _recorded(page: Path) -> Path:
    return EXPECTED / f"{page.parent.name}__{page.name}.json"


def _extraction(page: Path) -> dict[str, Any]:
    found = extract(page).to_json()
    # what the rules found; the page's own text and the passages have their own tests
    for key in ("source", "text", "evidence"):
        found.pop(key)
    # a warning names the file as given: the same page wherever the repository is
    found["warnings"] = [w.replace(str(page), page.name) for w in found["warnings"]]
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_page_extracts_as_recorded(page: Path) -> None:
    found = _extraction(page)
    recorded = _recorded(page)
    if os.environ.get("CITYGRAPH_UPDATE_SNAPSHOTS"):
        recorded.parent.mkdir(exist_ok=True)
        recorded.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert found == json.loads(recorded.read_text(encoding="utf-8"))
