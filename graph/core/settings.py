"""Settings from the environment, built in one place and passed in (no import-time reads)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from graph.core.errors import ConfigError

DEFAULT_GRAPH_FILE = Path("data/graph.json")
DEFAULT_BATCH_SIZE = 5000  # rows per Neo4j write transaction: measured by benchmarks/ingest.py
# Seconds one Neo4j call (a read, a batch of writes, closing a session) may go unanswered
# before the store gives up on the server: a frozen server ends a load or a dashboard view
# in one line after this long. A batch of 5,000 rows takes about a second on a laptop.
DEFAULT_NEO4J_TIMEOUT = 30.0
STORE_NAMES = ("memory", "neo4j")


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str
    password: str
    database: str | None
    batch_size: int = DEFAULT_BATCH_SIZE
    timeout: float = DEFAULT_NEO4J_TIMEOUT  # seconds: NEO4J_TIMEOUT


@dataclass(frozen=True)
class Settings:
    """Everything the CLI and the app read from the environment.

    >>> s = Settings.from_env({"CITYGRAPH_GRAPH_FILE": "/tmp/g.json"})
    >>> (s.store, str(s.graph_file))
    ('memory', '/tmp/g.json')
    """

    store: str
    graph_file: Path
    neo4j: Neo4jSettings | None
    admin_password: str | None = None
    admin_on_network: bool = False  # the admin page also on a non-loopback address

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; ``environ`` defaults to ``os.environ``.

        Raises:
            ConfigError: NEO4J_URI is set without NEO4J_PASSWORD, or a number is not one.
        """
        env = os.environ if environ is None else environ
        graph_file = Path(env.get("CITYGRAPH_GRAPH_FILE") or DEFAULT_GRAPH_FILE)
        neo4j = None
        uri = env.get("NEO4J_URI")
        if uri:
            password = env.get("NEO4J_PASSWORD")
            if password is None:
                raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not")
            raw_batch = env.get("CITYGRAPH_BATCH_SIZE") or str(DEFAULT_BATCH_SIZE)
            try:
                batch_size = int(raw_batch)
            except ValueError:
                raise ConfigError(
                    f"CITYGRAPH_BATCH_SIZE must be a number, not {raw_batch!r}"
                ) from None
            if batch_size < 1:
                raise ConfigError("CITYGRAPH_BATCH_SIZE must be at least 1")
            raw_timeout = env.get("NEO4J_TIMEOUT") or str(DEFAULT_NEO4J_TIMEOUT)
            try:
                timeout = float(raw_timeout)
            except ValueError:
                raise ConfigError(
                    f"NEO4J_TIMEOUT must be a number of seconds, not {raw_timeout!r}"
                ) from None
            if not timeout > 0:
                raise ConfigError("NEO4J_TIMEOUT must be more than 0 seconds")
            neo4j = Neo4jSettings(
                uri=uri,
                user=env.get("NEO4J_USER") or "neo4j",
                password=password,
                database=env.get("NEO4J_DATABASE") or None,
                batch_size=batch_size,
                timeout=timeout,
            )
        return cls(
            store="neo4j" if neo4j else "memory",
            graph_file=graph_file,
            neo4j=neo4j,
            admin_password=env.get("CITYGRAPH_ADMIN_PASSWORD") or None,
            admin_on_network=_flag(env, "CITYGRAPH_ADMIN_ON_NETWORK"),
        )

    def with_store(self, name: str | None) -> Settings:
        """The same settings with the store chosen by ``--store`` (None keeps the default).

        Raises:
            ConfigError: the name is unknown, or neo4j is asked for without NEO4J_URI.
        """
        if name is None:
            return self
        if name not in STORE_NAMES:
            raise ConfigError(f"unknown store {name!r}; valid stores: {', '.join(STORE_NAMES)}")
        if name == "neo4j" and self.neo4j is None:
            raise ConfigError("--store neo4j needs NEO4J_URI (and NEO4J_PASSWORD) to be set")
        return replace(self, store=name)


def _flag(env: Mapping[str, str], name: str) -> bool:
    """A yes/no variable: 1, true, yes or on (any case) is yes; unset or empty is no.

    >>> _flag({"X": "1"}, "X"), _flag({"X": "Yes"}, "X"), _flag({}, "X")
    (True, True, False)

    Raises:
        ConfigError: any other value (a typo must not silently mean no).
    """
    value = (env.get(name) or "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name} must be 1 or 0 (true/false, yes/no), not {env.get(name)!r}")
