"""How long ``citygraph extract`` of one small recap takes, and how much memory it peaks at:
the first run (a fresh cache directory, so the gazetteer index file is built) and warm
runs (the index file is there). Each run is its own process, as a user's command is.

Run: ``.venv/bin/python benchmarks/extract_startup.py [RECAP]`` (prints figures, asserts
nothing; the default recap is one of the bundled samples).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RECAP = ROOT / "tests" / "fixtures" / "recaps" / "de_running_text.txt"
WARM_RUNS = 3


def run_once(recap: Path, cache: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one ``extract`` in a child process
    (CPU time too: on a shared machine it varies less than the wall clock)."""
    env = {**os.environ, "CITYGRAPH_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "extract", str(recap), "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        err = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"extract failed ({child.returncode}): {err}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def main() -> None:
    recap = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RECAP
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        first = run_once(recap, cache)
        warm = [run_once(recap, cache) for _ in range(WARM_RUNS)]
        index = sorted(cache.glob("gazetteer-*.sqlite"))
        size = index[0].stat().st_size / 1e6 if index else 0.0
    best = min(warm)
    print(f"extract {recap.name}")
    for label, (wall, cpu, peak) in (
        ("first run (builds the index)", first),
        (f"warm run (best of {WARM_RUNS})", best),
    ):
        print(f"  {label:30} {wall:6.2f} s wall  {cpu:6.2f} s CPU  peak {peak:5.0f} MB")
    print(f"  index file: {size:.0f} MB")


if __name__ == "__main__":
    main()
