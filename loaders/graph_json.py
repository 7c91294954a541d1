"""Reads a graph exported as node-link JSON (``citygraph export --format json``) back in,
so an export can be loaded into another store or on another machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeGuard

from pydantic import ValidationError

from graph.core.errors import LoadError
from graph.core.model import Label, Node, Relation, RelType
from graph.ingest.build import RecordSet


def is_node_link(data: object) -> TypeGuard[dict[str, Any]]:
    """True for a node-link document (what networkx writes), not a table."""
    return isinstance(data, dict) and "nodes" in data and ("links" in data or "edges" in data)


def read_graph_json(path: Path, data: dict[str, Any]) -> RecordSet:
    """The records of a node-link document; ``data`` is the already parsed file."""
    records = RecordSet()
    for i, attrs in enumerate(data.get("nodes") or []):
        try:
            props = {k: v for k, v in attrs.items() if k not in ("id", "label", "sources")}
            records.add_node(
                Node(
                    id=attrs["id"],
                    label=Label(attrs["label"]),
                    properties=props,
                    sources=tuple(attrs.get("sources") or ()),
                )
            )
        except (KeyError, TypeError, ValueError, ValidationError) as e:
            raise LoadError(
                path, f"node {i + 1} is not a citygraph node: {_reason(e)}", field="nodes"
            ) from None
    edges = data.get("links", data.get("edges")) or []
    for i, attrs in enumerate(edges):
        try:
            props = {
                k: v
                for k, v in attrs.items()
                if k not in ("source", "target", "key", "type", "sources")
            }
            records.add_relation(
                Relation(
                    start=attrs["source"],
                    type=RelType(attrs["type"]),
                    end=attrs["target"],
                    properties=props,
                    sources=tuple(attrs.get("sources") or ()),
                )
            )
        except (KeyError, TypeError, ValueError, ValidationError) as e:
            raise LoadError(
                path, f"link {i + 1} is not a citygraph relation: {_reason(e)}", field="links"
            ) from None
    return records


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(e["msg"] for e in error.errors())
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    return str(error)
