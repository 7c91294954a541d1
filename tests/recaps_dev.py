"""Where the development set of real recaps is, when it is beside the repository (it is
third-party text: read at test time, never copied into the project)."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]

DEV_RECAPS: Path | None = next(
    (
        p / "shared" / "data" / "recaps-dev"
        for p in (_ROOT.parent, _ROOT.parent.parent)
        if (p / "shared" / "data" / "recaps-dev").is_dir()
    ),
    None,
)
