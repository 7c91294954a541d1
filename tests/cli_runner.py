"""Runs the citygraph command inside the test process, as a user would type it."""

from __future__ import annotations

import sys

import pytest

from graph.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``citygraph ARGS``; returns exit status, stdout, stderr."""
    argv = sys.argv
    sys.argv = ["citygraph", *args]
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        sys.argv = argv
    out, err = capsys.readouterr()
    return code, out, err
