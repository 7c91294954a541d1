# Two entry points for a fresh machine: `make run` (the dashboard on the bundled sample
# data, embedded store) and `make test` (lint, format, types, then the whole test suite
# with the packages' doctests). `make check` is the quick loop while working: lint, types,
# and every test that needs neither a browser nor a Bolt server nor is marked `slow`
# (megabyte pages, child processes run into their limits, loads killed at random moments:
# seconds each). `make test` runs those too.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
GRAPH_FILE ?= $(or $(CITYGRAPH_GRAPH_FILE),data/graph.json)
SAMPLES := $(shell find data/samples -type f 2>/dev/null)
PORT ?= 8501
# Only this machine can open the dashboard; ADDRESS=0.0.0.0 serves it to the network
# (the admin page then stays off: docs/dashboard.md).
ADDRESS ?= 127.0.0.1

.PHONY: run test check lint sample-graph clean

run: $(VENV)/.installed $(GRAPH_FILE)
	CITYGRAPH_GRAPH_FILE=$(GRAPH_FILE) $(BIN)/streamlit run serve.py --server.port $(PORT) --server.address $(ADDRESS)

test: lint
	$(BIN)/python -m pytest

check: lint
	$(BIN)/python -m pytest -q -m 'not browser and not bolt and not slow'

# mypy reads its files and settings from pyproject.toml.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

sample-graph: $(GRAPH_FILE)

# The samples are merged into the graph when it is missing or a sample file is newer than
# it; never --fresh: a graph the user loaded more into keeps all of it (ids come from
# content, so merging the samples again adds only what changed in them).
$(GRAPH_FILE): $(SAMPLES) | $(VENV)/.installed
	$(BIN)/citygraph load data/samples --graph-file $@
	touch $@

$(VENV)/.created:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "citygraph needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml | $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) $(GRAPH_FILE)
