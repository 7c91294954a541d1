"""How long the recap loader takes on large and pathological pages (prints figures).

Run: .venv/bin/python benchmarks/recaps_large_page.py
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from graph.ingest import resolve
from loaders.recaps import extract
from loaders.recaps.language import detect

PARAGRAPH = (
    "Am 3. Mai 2022 trafen sich in Leipzig Vertreter aus Georgien, der Ukraine und Polen. "
    "Frau Dr. Anna Beispiel vom Umweltamt Leipzig stellte den „Grünen Ring“ vor.\n"
    "Tom Probe, Bürgermeister von Kutaisi, Kutaisi, Georgien\nRegenwasser in Kutaisi\n\n"
)
SIZE = 5_000_000


def pages(folder: Path) -> list[Path]:
    rng = random.Random(42)
    made = {
        "recap-like.txt": PARAGRAPH * (SIZE // len(PARAGRAPH)),
        "random.txt": "".join(
            rng.choice("abcdefghij KLMNOP,.()-/\n0123456789äöüß") for _ in range(SIZE)
        ),
        "one-word.txt": "a" * SIZE,
        "ordinals.txt": "1. " * (SIZE // 3),
        "recap-like.html": "<html><body><main>"
        + "".join(f"<p>{PARAGRAPH}</p>" for _ in range(SIZE // (len(PARAGRAPH) + 7)))
        + "</main></body></html>",
        # Runs of name parts: each used to cost minutes at 80 KB (a backtracking pattern).
        "dr-run.txt": "Workshop in Kiel am 3. Mai 2022.\n" + "Dr. " * 20_000,
        "hyphen-run.txt": "Workshop in Kiel am 3. Mai 2022.\n" + "Anna-" * 16_000,
        "deep.html": "<html><body>" + "<div>" * 20_000 + "x" + "</div>" * 20_000 + "</body></html>",
    }
    paths = []
    for name, text in made.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    started = time.perf_counter()
    resolve.city("Tartu")
    resolve.find_countries("Estland")
    detect("Guten Tag")
    print(f"warm-up (place indexes, language model): {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for path in pages(Path(tmp)):
            started = time.perf_counter()
            result = extract(path)
            seconds = time.perf_counter() - started
            print(
                f"{path.name:18} {path.stat().st_size / 1e6:5.1f} MB  {seconds:6.2f} s  "
                f"{len(result.people)} people, {len(result.cities)} cities, "
                f"{len(result.warnings)} warnings"
            )


if __name__ == "__main__":
    main()
