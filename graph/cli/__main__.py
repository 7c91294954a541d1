"""``python -m graph.cli``: the same as the ``citygraph`` command."""

from graph.cli import main

main()
