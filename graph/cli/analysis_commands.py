"""``peers``, ``metrics``, ``path`` and ``trails``: the peer finder and network analysis on the
command line.

Every command reads through the store's one filter, ``select``: the whole graph, or the
selections for its filters (``peers``: graph.read.analysis.peers.PeerScope; ``metrics``:
the filtered network), and computes with graph/read/analysis.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.table import Table

from graph.cli import app, console, err_console, fail
from graph.cli.options import GraphFileOption, JsonOption, StoreOption, store_for
from graph.core.days import DayError, day_bound
from graph.ingest import resolve
from graph.read.analysis import (
    city_path,
    compute_metrics,
    find_peers,
    per_year,
    resolve_city,
    resolve_topic,
)
from graph.read.analysis.peers import (
    DEFAULT_HALF_LIFE_YEARS,
    DEFAULT_PEER_LIMIT,
    PeerResult,
    PeerScope,
)
from graph.read.analysis.trails import (
    DEFAULT_TRAIL_LIMIT,
    TRAIL_COLUMNS,
    Trail,
    TrailResult,
    find_trails,
    passages_text,
    trail_rows,
    trails_graph,
)
from graph.render.export import gexf_bytes, records_csv
from graph.render.words import plural
from graph.store.base import WHOLE_GRAPH, Selection, SubgraphQuery

TopicOption = Annotated[
    list[str] | None,
    typer.Option("--topic", help="A topic, any spelling or language (repeatable)."),
]
CountryOption = Annotated[
    list[str] | None,
    typer.Option("--country", help="A country name or ISO code (repeatable)."),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="Only events on or after: YYYY, YYYY-MM or YYYY-MM-DD."),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Only events on or before: YYYY, YYYY-MM or YYYY-MM-DD."),
]
SUMMARY_METRICS = ("strength", "betweenness", "participation")


def option_day(value: str | None, *, option: str, end: bool = False) -> date | None:
    """An option's range bound (graph.core.days.day_bound: a year, a month or a day).

    Raises:
        typer.Exit: the value is none of them (after printing which option was wrong).
    """
    try:
        return day_bound(value, end=end)
    except DayError:
        raise fail(f"{option} {value!r}: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from None


def country_codes(names: list[str] | None) -> list[str]:
    """ISO codes for country names in any language the resolver knows, or codes."""
    codes = []
    for name in names or ():
        match = resolve.country(name)
        if match is None:
            raise fail(f"--country {name!r}: no such country (use a name or an ISO code)")
        codes.append(match.code)
    return codes


def _whole(store: str | None, graph_file: GraphFileOption) -> Selection:
    target = store_for(store, graph_file)
    try:
        return target.select(WHOLE_GRAPH)
    finally:
        target.close()


@app.command()
def peers(
    city: Annotated[
        str | None, typer.Argument(help="The city (a name such as Tartu, or an id).")
    ] = None,
    topic: TopicOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many peers.")] = (
        DEFAULT_PEER_LIMIT
    ),
    half_life: Annotated[
        float, typer.Option("--half-life", help="Years after which evidence counts half.")
    ] = DEFAULT_HALF_LIFE_YEARS,
    as_json: JsonOption = False,
    store: StoreOption = None,
    graph_file: GraphFileOption = None,
) -> None:
    """Peer cities: who shared practices on the same topics, or met at the same events.

    Each peer comes with its evidence (practices, events, presenters, sources) and a reason.
    """
    if city is None and not topic:
        raise fail("give a city, a --topic, or both (e.g. citygraph peers Tartu)")
    if half_life <= 0:
        raise fail(f"--half-life {half_life}: must be more than 0 years")
    codes = country_codes(country)
    date_from = option_day(since, option="--since")
    date_to = option_day(until, option="--until", end=True)
    target = store_for(store, graph_file)
    try:  # the store's selections for the filters: the dashboard's, the same filter
        scope = PeerScope.of(target.select, countries=codes, date_from=date_from, date_to=date_to)
    finally:
        target.close()
    result = find_peers(
        scope, city=city, topics=topic or (), half_life_years=half_life, limit=limit
    )
    if as_json:
        console.print_json(json.dumps(result.as_json(), ensure_ascii=False))
        return
    _print_peers(result)


def _print_peers(result: PeerResult) -> None:
    asked = " and ".join(
        part
        for part in (
            result.city_name,
            f"topic {', '.join(result.topic_names)}" if result.topics and not result.city else "",
        )
        if part
    )
    if not result.peers:
        console.print(f"No peers found for {asked}.", highlight=False)
        return
    shown = len(result.peers)
    console.print(
        f"Peers of {asked}: {shown} of {result.candidates} "
        f"(score: recency-weighted Adamic-Adar, half-life {result.half_life_years:g} years "
        f"before {result.reference_date}; shared topics rank first)",
        highlight=False,
    )
    for rank, peer in enumerate(result.peers, 1):
        where = f" ({peer.country_code})" if peer.country_code else ""
        console.print(
            f"{rank:>2}. [bold]{peer.name}[/]{where}  score {peer.score:.3f}", highlight=False
        )
        console.print(f"    {peer.reason}", highlight=False, markup=False, soft_wrap=True)
        if peer.source_files:
            console.print(
                f"    sources: {', '.join(peer.source_files)}", highlight=False, style="dim"
            )
    for note in result.notes:
        console.print(f"note: {note}", style="yellow", highlight=False)


@app.command()
def metrics(
    top: Annotated[int, typer.Option("--top", help="Cities shown per metric.")] = 10,
    topic: TopicOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
    graph_file: GraphFileOption = None,
) -> None:
    """Degree, betweenness, communities and bridging cities, and events per year.

    On the whole graph, or on the subgraph the filters select (as the dashboard's filters).
    """
    target = store_for(store, graph_file)
    try:
        selection = target.select(WHOLE_GRAPH)
        query = SubgraphQuery(
            topics=frozenset(resolve_topic(selection.graph, t) for t in topic or ()),
            countries=frozenset(country_codes(country)),
            date_from=option_day(since, option="--since"),
            date_to=option_day(until, option="--until", end=True),
            limit=None,
        )
        if query.has_anchor_filter:
            selection = target.select(query)
    finally:
        target.close()
    graph = selection.graph
    # Per-node values of every kind (for sizing a drawing) are the dashboard's business.
    result = compute_metrics(selection, per_node=False)
    timeline = per_year(selection)
    if as_json:
        data = result.as_json()
        data["per_year"] = timeline.as_json()
        data.pop("graph")
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    sizes = result.sizes
    groups = len([c for c in result.communities if len(c) > 1])
    console.print(
        f"Graph: {_count(graph.number_of_nodes(), 'node')}, "
        f"{_count(graph.number_of_edges(), 'relationship')}; city projection: "
        f"{_count(sizes['cities'], 'city', 'cities')}, {_count(sizes['city_links'], 'link')}; "
        f"{_count(groups, 'community', 'communities')} of cities.",
        highlight=False,
    )
    for metric in SUMMARY_METRICS:
        table = Table(
            "city",
            "country",
            metric,
            "partners",
            "community",
            title=f"top {metric}",
            title_justify="left",
        )
        for row in result.top(metric, top):
            table.add_row(
                row.name,
                row.country_code or "",
                f"{getattr(row, metric):g}",
                str(row.partners),
                str(row.community),
            )
        console.print(table)
    names = {row.id: row.name for row in result.cities}
    bridges = ", ".join(names[c] for c in result.bridging[:top]) or "none"
    console.print(f"Bridging cities (participation coefficient): {bridges}", highlight=False)
    years = Table("year", "events", "countries", "cities", title="per year", title_justify="left")
    for y in timeline.years:
        years.add_row(str(y.year), str(y.events), str(y.countries), str(y.cities))
    console.print(years)
    for note in result.notes:
        console.print(f"note: {note}", style="yellow", highlight=False)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


@app.command()
def path(
    start: Annotated[str, typer.Argument(help="A city (name or id).")],
    end: Annotated[str, typer.Argument(help="Another city.")],
    as_json: JsonOption = False,
    store: StoreOption = None,
    graph_file: GraphFileOption = None,
) -> None:
    """How two cities are connected: the shortest chain of practices, events and people."""
    found = city_path(_whole(store, graph_file), start, end)
    if as_json:
        console.print_json(json.dumps(found.as_json() if found else None, ensure_ascii=False))
        return
    if found is None:
        console.print(
            f"{start} and {end} are not connected through practices, events or people.",
            highlight=False,
        )
        return
    console.print(
        f"{found.hops} steps: {found.text()}", highlight=False, markup=False, soft_wrap=True
    )


@app.command()
def trails(
    topic: Annotated[
        str | None, typer.Option("--topic", help="Only trails on this topic (any spelling).")
    ] = None,
    city: Annotated[
        str | None, typer.Option("--city", help="Only trails from or to this city.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="At most this many trails (0: all).")
    ] = DEFAULT_TRAIL_LIMIT,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the trails to FILE: .csv or .gexf.", dir_okay=False),
    ] = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
    graph_file: GraphFileOption = None,
) -> None:
    """Learning trails: A presented on a topic at an event B attended; B later presented on it.

    Ranked by strength (a shared topic and a similar title, direct presence over a country's
    participation, a shorter lag). A possible transfer, not a proven one.
    """
    if out is not None and out.suffix.lower() not in TRAIL_EXPORTS:
        raise fail(f"--out {out}: write a .csv or a .gexf file")
    selection = _whole(store, graph_file)
    graph = selection.graph
    found = find_trails(
        selection,
        topic=resolve_topic(graph, topic) if topic else None,
        city=resolve_city(graph, city) if city else None,
        limit=limit or None,
    )
    if out is not None:
        out.write_bytes(TRAIL_EXPORTS[out.suffix.lower()](graph, found.trails))
    if as_json:
        # Plain JSON, as json.dumps writes it: rich's print_json parses it again to colour
        # it (0.2-0.4 s for 50 trails with their evidence).
        typer.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        if found.reason:
            err_console.print(f"No trails: {found.reason}.", highlight=False)
        return
    _print_trails(found)


def _trails_csv(graph: nx.MultiDiGraph, found: list[Trail]) -> bytes:
    return records_csv(trail_rows(found), TRAIL_COLUMNS)


def _trails_gexf(graph: nx.MultiDiGraph, found: list[Trail]) -> bytes:
    return gexf_bytes(trails_graph(graph, found))


TRAIL_EXPORTS = {".csv": _trails_csv, ".gexf": _trails_gexf}


def _print_trails(found: TrailResult) -> None:
    if not found.trails:
        console.print(f"No learning trails: {found.reason}.", highlight=False)
        return
    console.print(
        f"Learning trails: {len(found.trails)} of {found.found}, strongest first. "
        "Attended, then presented on the same topic later: a possible transfer, not a "
        "proven one.",
        highlight=False,
        soft_wrap=True,
    )
    for rank, t in enumerate(found.trails, 1):
        a, b = t.first, t.later
        about = f"on {t.topic_name}" if t.topic_name else "similar titles"
        console.print(
            f"{rank:>2}. [bold]{a.city_name} -> {b.city_name}[/]  {about}  score {t.score:.3f}",
            highlight=False,
        )
        for line in (
            f"{a.city_name}: '{a.practice_title}'{_by(a.presenters)} at {a.event_title}, "
            f"{a.date.isoformat()}",
            f"{b.city_name} took part ({t.presence}); {plural(t.months, 'month')} later: "
            f"'{b.practice_title}'{_by(b.presenters)} at {b.event_title}, {b.date.isoformat()}",
        ):
            console.print(f"    {line}", highlight=False, markup=False, soft_wrap=True)
        sources = dict.fromkeys(s.where for s in (*a.sources, *t.presence_sources, *b.sources))
        if sources:
            console.print(
                f"    sources: {', '.join(sources)}",
                highlight=False,
                markup=False,
                style="dim",
                soft_wrap=True,
            )
        # Where the recaps state it (tables keep no passages): each end, and B's presence.
        for what, passages in (
            (a.city_name, a.passages),
            (f"{b.city_name} at E1", t.presence_passages),
            (b.city_name, b.passages),
        ):
            if passages:
                console.print(
                    f"    stated ({what}): {passages_text(passages)}",
                    highlight=False,
                    markup=False,
                    style="dim",
                    soft_wrap=True,
                )


def _by(presenters: tuple[str, ...]) -> str:
    return f" (presented by {', '.join(presenters)})" if presenters else ""
