"""Settings come from the environment passed in, and fail loudly and by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.core.errors import ConfigError
from graph.core.settings import DEFAULT_GRAPH_FILE, Settings


def test_defaults_are_the_embedded_store_and_data_graph_json() -> None:
    settings = Settings.from_env({})
    assert (settings.store, settings.graph_file, settings.neo4j) == (
        "memory",
        DEFAULT_GRAPH_FILE,
        None,
    )


def test_neo4j_uri_chooses_neo4j_with_its_variables() -> None:
    settings = Settings.from_env(
        {
            "NEO4J_URI": "neo4j+s://abc.databases.neo4j.io",
            "NEO4J_USER": "reader",
            "NEO4J_PASSWORD": "pw",
            "NEO4J_DATABASE": "cities",
            "CITYGRAPH_BATCH_SIZE": "250",
        }
    )
    assert settings.store == "neo4j"
    assert settings.neo4j is not None
    assert (
        settings.neo4j.uri,
        settings.neo4j.user,
        settings.neo4j.database,
        settings.neo4j.batch_size,
    ) == ("neo4j+s://abc.databases.neo4j.io", "reader", "cities", 250)


def test_graph_file_from_environment_and_store_override() -> None:
    settings = Settings.from_env(
        {"CITYGRAPH_GRAPH_FILE": "/tmp/x.json", "NEO4J_URI": "bolt://h", "NEO4J_PASSWORD": "pw"}
    )
    assert settings.graph_file == Path("/tmp/x.json")
    assert settings.with_store("memory").store == "memory"


@pytest.mark.parametrize(
    ("env", "store", "message"),
    [
        ({"NEO4J_URI": "bolt://h"}, None, "NEO4J_PASSWORD"),
        (
            {"NEO4J_URI": "bolt://h", "NEO4J_PASSWORD": "p", "CITYGRAPH_BATCH_SIZE": "many"},
            None,
            "CITYGRAPH_BATCH_SIZE",
        ),
        ({}, "neo4j", "NEO4J_URI"),
        ({}, "sqlite", "valid stores: memory, neo4j"),
    ],
)
def test_bad_settings_name_what_is_wrong(
    env: dict[str, str], store: str | None, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env).with_store(store)
