"""Every Cypher statement the Neo4j store sends, in one place.

Rules kept here so they are checked once:
- values travel only as ``$parameters``;
- labels and relation types come only from ``graph.core.model``'s enums and are backtick-quoted
  (``_q`` refuses anything else), so no input can reach the statement text;
- only standard Neo4j 5 Cypher that ArcadeDB's Bolt server answers too (the test server):
  ``CREATE CONSTRAINT ... IF NOT EXISTS``, ``UNWIND``/``MERGE``, ``COUNT { }`` and
  ``EXISTS { }`` subqueries, list comprehensions, ``UNION ALL``.
"""

from __future__ import annotations

from graph.core.model import NODE_PROPERTIES, Label, RelType

# Node properties merged as ordered unions instead of being replaced (graph/ingest/build.py).
UNION_KEYS = ("names", "warnings")


def _q(name: Label | RelType) -> str:
    """A label or relation type, backtick-quoted; only enum members are accepted."""
    if not isinstance(name, Label | RelType):
        raise TypeError(f"only schema labels and relation types go into Cypher, not {name!r}")
    return f"`{name.value}`"


def union_keys(label: Label) -> tuple[str, ...]:
    """The union-merged properties a label can carry."""
    return tuple(k for k in UNION_KEYS if k in NODE_PROPERTIES[label])


def _append_new(target: str, key: str, value: str) -> str:
    """``target.key`` extended by the items of ``value`` it lacks, in order (an ordered union)."""
    old = f"coalesce({target}.{key}, [])"
    return f"{old} + [x IN {value} WHERE NOT x IN {old}]"


# -- schema ------------------------------------------------------------------------------------
def create_constraint(label: Label) -> str:
    """A uniqueness constraint on ``id``: it also gives MERGE an index to find nodes by."""
    return (
        f"CREATE CONSTRAINT citygraph_{label.value.lower()}_id IF NOT EXISTS "
        f"FOR (n:{_q(label)}) REQUIRE n.id IS UNIQUE"
    )


# -- writes ------------------------------------------------------------------------------------
def merge_nodes(label: Label) -> str:
    """Merge a batch of ``{id, props, sources, <union keys>}`` rows of one label.

    ``props`` holds only non-null values, so ``+=`` lets new values win and keeps the rest;
    ``sources`` and the union keys grow by the items they lack.
    """
    quoted = _q(label)
    sets = [
        "n += row.props",
        f"n.sources = {_append_new('n', 'sources', 'row.sources')}",
    ]
    sets += [
        f"n.{key} = CASE WHEN row.{key} IS NULL THEN n.{key} "
        f"ELSE {_append_new('n', key, f'row.{key}')} END"
        for key in union_keys(label)
    ]
    return (
        f"UNWIND $rows AS row MERGE (n:{quoted} {{id: row.id}}) "
        f"SET {', '.join(sets)} RETURN count(n) AS written"
    )


# Labels whose nodes hold many relations of one type (a Source describes every event of its
# file; a Country takes part in hundreds of events). MERGE of a relation is written starting
# from the other end: ArcadeDB checks the first node's relations for an existing one, so
# starting at a hub made each row cost its degree (5-40x slower measured); Neo4j plans
# either way.
HUB_LABELS = frozenset({Label.SOURCE, Label.COUNTRY})


def merge_relations(rel: RelType, start: Label, end: Label) -> str:
    """Merge a batch of ``{start, end, props, sources}`` rows of one type between two labels
    (the labels let both ends be found through the ``id`` constraint's index)."""
    pattern = (
        f"(b)<-[r:{_q(rel)}]-(a)"
        if start in HUB_LABELS and end not in HUB_LABELS
        else f"(a)-[r:{_q(rel)}]->(b)"
    )
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{_q(start)} {{id: row.start}}) MATCH (b:{_q(end)} {{id: row.end}}) "
        f"MERGE {pattern} "
        f"SET r += row.props, r.sources = {_append_new('r', 'sources', 'row.sources')} "
        f"RETURN count(r) AS written"
    )


def existing_ids(label: Label) -> str:
    """Which of ``$ids`` are stored as nodes of ``label``."""
    return f"UNWIND $ids AS id MATCH (n:{_q(label)} {{id: id}}) RETURN n.id AS id"


# -- reads -------------------------------------------------------------------------------------
ALL_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
ALL_RELATIONS = (
    "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"
)


def nodes_by_ids(label: Label) -> str:
    return (
        f"UNWIND $ids AS id MATCH (n:{_q(label)} {{id: id}}) "
        "RETURN labels(n) AS labels, properties(n) AS props"
    )


def _ends_in(ends: tuple[Label, ...]) -> str:
    """A filter keeping relations whose other end has one of ``ends``' labels: rows for
    relations leaving the selection are not sent (a list membership test per row is slow
    on large lists; a label test is not)."""
    if not ends or set(ends) == set(Label):
        return ""
    return " WHERE " + " OR ".join(f"b:{_q(label)}" for label in ends)


def relations_among(label: Label, ends: tuple[Label, ...] = ()) -> str:
    """Relations leaving the nodes of ``label`` in ``$ids`` towards nodes of ``ends`` (any
    label when empty); the caller keeps those whose other end it holds."""
    return (
        f"UNWIND $ids AS id MATCH (a:{_q(label)} {{id: id}})-[r]->(b){_ends_in(ends)} "
        "RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"
    )


def relation_ends_among(label: Label, ends: tuple[Label, ...] = ()) -> str:
    """``relations_among`` without properties: what a cap needs to choose the nodes kept."""
    return (
        f"UNWIND $ids AS id MATCH (a:{_q(label)} {{id: id}})-[r]->(b){_ends_in(ends)} "
        "RETURN a.id AS start, type(r) AS type, b.id AS end"
    )


def relation_ends_of(label: Label, ends: tuple[Label, ...] = ()) -> str:
    """Every relation leaving a node of ``label`` towards nodes of ``ends``, as its ends'
    ids and its type."""
    return (
        f"MATCH (a:{_q(label)})-[r]->(b){_ends_in(ends)} "
        "RETURN a.id AS start, type(r) AS type, b.id AS end"
    )


def node_ids_of(labels: tuple[Label, ...]) -> str:
    """The ids of every node of the given labels."""
    return " UNION ALL ".join(f"MATCH (n:{_q(label)}) RETURN n.id AS id" for label in labels)


NODE_BY_ID = {
    label: f"MATCH (n:{_q(label)} {{id: $id}}) RETURN properties(n) AS props" for label in Label
}

NEIGHBOURS = {
    label: (
        f"MATCH (n:{_q(label)} {{id: $id}})-[r]-(m) "
        "RETURN type(r) AS type, startNode(r) = n AS out, m.id AS id, labels(m) AS labels, "
        "m.name AS name, m.title AS title, m.path AS path, m.url AS url"
    )
    for label in Label
}


def neighbour_ids(label: Label) -> str:
    """Ids next to the nodes of ``label`` in ``$ids``, either direction (one BFS step)."""
    return f"UNWIND $ids AS id MATCH (n:{_q(label)} {{id: id}})--(m) RETURN DISTINCT m.id AS id"


def count_nodes() -> str:
    return " UNION ALL ".join(
        f"MATCH (n:{_q(label)}) RETURN '{label.value}' AS key, count(n) AS count" for label in Label
    )


def count_relations() -> str:
    return " UNION ALL ".join(
        f"MATCH ()-[r:{_q(rel)}]->() RETURN '{rel.value}' AS key, count(r) AS count"
        for rel in RelType
    )


_NAME_FIELDS = "n.name AS name, n.title AS title, n.path AS path, n.url AS url"

FACET_TOPICS = (
    f"MATCH (n:{_q(Label.TOPIC)}) RETURN n.id AS id, {_NAME_FIELDS}, null AS extra, "
    f"COUNT {{ ()-[:{_q(RelType.ABOUT)}]->(n) }} AS count"
)
FACET_COUNTRIES = (
    f"MATCH (n:{_q(Label.COUNTRY)}) RETURN n.id AS id, {_NAME_FIELDS}, n.code AS extra, "
    f"COUNT {{ ()-[:{_q(RelType.IN)}]->(n) }} "
    f"+ COUNT {{ (n)-[:{_q(RelType.PARTICIPATED_IN)}]->() }} AS count"
)
FACET_CITIES = (
    f"MATCH (n:{_q(Label.CITY)}) RETURN n.id AS id, {_NAME_FIELDS}, n.country_code AS extra, "
    f"COUNT {{ (n)-[:{_q(RelType.SHARED)}]->() }} AS count"
)
FACET_EVENTS = (
    f"MATCH (n:{_q(Label.EVENT)}) RETURN n.id AS id, {_NAME_FIELDS}, n.date AS extra, "
    f"COUNT {{ ()-[:{_q(RelType.PRESENTED_AT)}]->(n) }} AS count"
)

# Search: the texts a node is found by (as in the memory store), lower-cased; rank 0 for an
# exact match, 1 for a prefix, 2 for a substring; the best rank of a node's texts counts.
SEARCH = (
    "MATCH (n) WHERE size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels) "
    # A property written by another tool may not be text (a title 3.5): toString first.
    "WITH n, [t IN [x IN [n.name, n.title, n.path, n.code] + coalesce(n.names, []) "
    "WHERE x IS NOT NULL | toLower(toString(x))] WHERE t <> ''] AS texts "
    "WHERE any(t IN texts WHERE t CONTAINS $needle) "
    "WITH n, reduce(best = 3, t IN texts | CASE "
    "WHEN t = $needle AND best > 0 THEN 0 "
    "WHEN t STARTS WITH $needle AND best > 1 THEN 1 "
    "WHEN t CONTAINS $needle AND best > 2 THEN 2 ELSE best END) AS rank, "
    "CASE WHEN n.name IS NOT NULL AND n.name <> '' THEN n.name "
    "WHEN n.title IS NOT NULL AND n.title <> '' THEN n.title "
    "WHEN n.path IS NOT NULL AND n.path <> '' THEN n.path "
    "WHEN n.url IS NOT NULL AND n.url <> '' THEN n.url ELSE n.id END AS name "
    "RETURN n.id AS id, labels(n) AS labels, toString(name) AS name, rank "
    "ORDER BY rank, toLower(toString(name)), id LIMIT $limit"
)

# -- subgraph anchors (graph/store/base.py's filter semantics) ---------------------------------
# Parameters: $topics, $cities, $countries (ISO codes), $country_ids, $events (ids), $place
# (cities or countries set), $dated (a date bound set), $date_from/$date_to (ISO or null).
_CITY_OK = (
    "(size($cities) = 0 OR {c}.id IN $cities) "
    "AND (size($countries) = 0 OR {c}.country_code IN $countries)"
)
_DATE_OK = (
    "({e}.date IS NOT NULL AND {e}.date =~ '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}' "
    "AND ($date_from IS NULL OR {e}.date >= $date_from) "
    "AND ($date_to IS NULL OR {e}.date <= $date_to))"
)
_EVENT_SELF_OK = "(size($events) = 0 OR {e}.id IN $events) AND (NOT $dated OR " + _DATE_OK + ")"

_PRACTICE_REST = (
    f"(NOT $place OR EXISTS {{ MATCH (c)-[:{_q(RelType.SHARED)}]->(p) "
    f"WHERE {_CITY_OK.format(c='c')} }}) "
    f"AND ((size($events) = 0 AND NOT $dated) OR EXISTS {{ "
    f"MATCH (p)-[:{_q(RelType.PRESENTED_AT)}]->(e) WHERE {_EVENT_SELF_OK.format(e='e')} }}) "
)


def anchor_practices(*, by_topic: bool) -> str:
    """Practices passing the filters. With topics, the walk starts at the chosen Topics
    (found through the id index) instead of testing every Practice: 5-20x faster measured."""
    if by_topic:
        return (
            f"MATCH (t:{_q(Label.TOPIC)}) WHERE t.id IN $topics "
            f"MATCH (p:{_q(Label.PRACTICE)})-[:{_q(RelType.ABOUT)}]->(t) "
            f"WITH DISTINCT p WHERE {_PRACTICE_REST}RETURN p.id AS id"
        )
    return f"MATCH (p:{_q(Label.PRACTICE)}) WHERE {_PRACTICE_REST}RETURN p.id AS id"


# Events a passing practice was presented at (and that pass their own date/event filters):
# they pass every other filter through that practice.
EVENTS_OF_PRACTICES = (
    f"UNWIND $practices AS pid MATCH (p:{_q(Label.PRACTICE)} {{id: pid}})"
    f"-[:{_q(RelType.PRESENTED_AT)}]->(e:{_q(Label.EVENT)}) "
    f"WHERE {_EVENT_SELF_OK.format(e='e')} RETURN DISTINCT e.id AS id"
)

# Events that pass on their own: their topics, venue or participating countries.
ANCHOR_EVENTS = (
    f"MATCH (e:{_q(Label.EVENT)}) WHERE {_EVENT_SELF_OK.format(e='e')} "
    f"AND (size($topics) = 0 OR EXISTS {{ "
    f"MATCH (e)-[:{_q(RelType.ABOUT)}]->(t) WHERE t.id IN $topics }}) "
    f"AND (NOT $place "
    f"OR EXISTS {{ MATCH (e)-[:{_q(RelType.HELD_IN)}]->(c) WHERE {_CITY_OK.format(c='c')} }} "
    f"OR EXISTS {{ MATCH (k)-[:{_q(RelType.PARTICIPATED_IN)}]->(e) "
    f"WHERE k.id IN $country_ids }}) "
    "RETURN e.id AS id"
)


def anchor_neighbours(label: Label, kinds: tuple[Label, ...] = ()) -> str:
    """The neighbours an anchor of ``label`` (in ``$ids``) brings in: never other Practices or
    Events; Cities, Countries and Topics only when they pass the place and topic filters;
    only nodes of ``kinds`` when given (the kinds the selection keeps)."""
    practice, event = _q(Label.PRACTICE), _q(Label.EVENT)
    only = " OR ".join(f"o:{_q(kind)}" for kind in kinds)
    return (
        f"UNWIND $ids AS id MATCH (a:{_q(label)} {{id: id}})--(o) "
        f"WHERE NOT o:{practice} AND NOT o:{event} "
        + (f"AND ({only}) " if only and set(kinds) != set(Label) else "")
        + f"AND (NOT o:{_q(Label.CITY)} OR NOT $place OR ({_CITY_OK.format(c='o')})) "
        f"AND (NOT o:{_q(Label.COUNTRY)} OR size($countries) = 0 OR o.code IN $countries) "
        f"AND (NOT o:{_q(Label.TOPIC)} OR size($topics) = 0 OR o.id IN $topics) "
        "RETURN DISTINCT o.id AS id"
    )


# -- the store's version: a counter on one metadata node ----------------------------------
# Every load and clear increments it, so another process sees that the data changed; the
# epoch (set when the node is made) tells a recreated database's counter from the old one.
META_LABEL = "CitygraphMeta"  # not a schema label: no read of the graph returns this node
META_ID = "store"

META_CONSTRAINT = (
    f"CREATE CONSTRAINT citygraph_meta_id IF NOT EXISTS "
    f"FOR (m:`{META_LABEL}`) REQUIRE m.id IS UNIQUE"
)
BUMP_VERSION = (
    f"MERGE (m:`{META_LABEL}` {{id: '{META_ID}'}}) "
    "ON CREATE SET m.epoch = $epoch, m.counter = 0 "
    "SET m.counter = m.counter + 1 "
    "RETURN m.epoch AS epoch, m.counter AS counter"
)
VERSION = (
    f"MATCH (m:`{META_LABEL}` {{id: '{META_ID}'}}) RETURN m.epoch AS epoch, m.counter AS counter"
)
# The dashboard's scenes (graph/core/scenes.py's file, as text) on the same node: they are
# not the graph's data, and a fresh load keeps them.
SCENES = f"MATCH (m:`{META_LABEL}` {{id: '{META_ID}'}}) RETURN m.scenes AS scenes"
SET_SCENES = (
    f"MERGE (m:`{META_LABEL}` {{id: '{META_ID}'}}) "
    "ON CREATE SET m.epoch = $epoch, m.counter = 0 "
    "SET m.scenes = $scenes"
)

# -- load markers: one node per load, so a load that died part way shows as incomplete ----
# Its id is the hash of the load's input files; running the same load again finds it and
# completes it. Not a schema label either, and without name, title or path: no read of the
# graph (counts, search, exports) sees it.
LOAD_LABEL = "CitygraphLoad"
LOAD_CONSTRAINT = (
    f"CREATE CONSTRAINT citygraph_load_id IF NOT EXISTS "
    f"FOR (l:`{LOAD_LABEL}`) REQUIRE l.id IS UNIQUE"
)
BEGIN_LOAD = (
    f"MERGE (l:`{LOAD_LABEL}` {{id: $id}}) "
    "ON CREATE SET l.attempts = 0 "
    "SET l.status = 'running', l.started_at = $now, l.finished_at = '', l.error = '', "
    "l.inputs = $inputs, l.nodes = $nodes, l.relationships = $relationships, "
    "l.attempts = l.attempts + 1"
)
END_LOAD = (
    f"MATCH (l:`{LOAD_LABEL}` {{id: $id}}) "
    "SET l.status = $status, l.finished_at = $now, l.error = $error"
)
INCOMPLETE_LOADS = (
    f"MATCH (l:`{LOAD_LABEL}`) WHERE l.status <> 'complete' "
    "RETURN l.id AS id, l.status AS status, l.started_at AS started_at, l.inputs AS inputs, "
    "l.nodes AS nodes, l.relationships AS relationships, l.attempts AS attempts, "
    "l.error AS error ORDER BY l.started_at"
)

CLEAR = f"MATCH (n) WHERE NOT n:`{META_LABEL}` DETACH DELETE n"
PING = "RETURN 1 AS ok"
