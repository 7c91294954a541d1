"""``extract`` and ``evaluate``: what the recap loader reads from pages, and how well.

Text that comes from a page is always printed escaped, so a page cannot inject console
markup, and without control characters, so it cannot send the terminal escape codes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph.cli import app, console, fail
from graph.cli.options import (
    AllowNetworkOption,
    AllowPrivateOption,
    CacheOption,
    JsonOption,
    fetch_options,
)
from graph.core.errors import CitygraphError, LoadError
from graph.core.text_safety import clean_text

if TYPE_CHECKING:
    from loaders.recaps.extraction import Extraction
    from loaders.web import Fetcher


def _recap_inputs(given: list[str]) -> list[str | Path]:
    """URLs as given; named files as given; folders expand to the recap files below them."""
    from loaders import walk
    from loaders.recaps import SUFFIXES

    inputs: list[str | Path] = []
    for text in given:
        path = Path(text)
        if _is_url(text):
            inputs.append(text)
        else:
            inputs += walk(path, suffixes=SUFFIXES).files if path.is_dir() else [path]
    return inputs


def _is_url(text: str) -> bool:
    # the web package (httpx, lxml: a tenth of a second) only for an input that could be one
    if "://" not in text:
        return False
    from loaders.web import is_url

    return is_url(text)


def _summary(result: Extraction) -> None:
    """A readable account of one extraction."""

    def e(text: str) -> str:
        return escape(clean_text(text))

    console.print(
        f"[bold]{e(result.source)}[/] ({result.lang or 'language unknown'})", highlight=False
    )
    event = result.event
    if event is None:
        console.print("  no event", highlight=False)
    else:
        when = event.date.isoformat() if event.date else "date not stated"
        if event.end_date:
            when += f" to {event.end_date.isoformat()}"
        where = ", ".join(x for x in (event.venue_city, event.venue_country) if x)
        details = [when, event.format or "format not stated"]
        if where:
            details.append(f"in {where}")
        if event.participants_count:
            details.append(f"{event.participants_count} participants")
        console.print(f"  event: {e(event.title)}", highlight=False)
        console.print(f"         {e('; '.join(details))}", highlight=False)

    def block(label: str, items: list[str]) -> None:
        console.print(f"  {label} ({len(items)})" + (":" if items else ""), highlight=False)
        for item in items:
            console.print(f"    - {e(item)}", highlight=False)

    console.print(
        f"  countries ({len(result.countries)}): {e(', '.join(result.countries))}",
        highlight=False,
    )
    block("cities", [c.name + (f" ({c.country})" if c.country else "") for c in result.cities])
    block(
        "people",
        [
            ", ".join(x for x in (p.name, p.role, p.organisation, p.city, p.country) if x)
            for p in result.people
        ],
    )
    block(
        "practices",
        [
            p.title
            + "".join(f" | {x}" for x in (p.city, p.presenter) if x)
            + (f" [{', '.join(p.topics)}]" if p.topics else "")
            for p in result.practices
        ],
    )
    console.print(f"  topics: {e(', '.join(result.topics))}", highlight=False)
    for warning in result.warnings:
        console.print(f"  [yellow]warning:[/] {e(warning)}", highlight=False)


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(help="Recap files (.txt, .html, .htm), folders or http(s) URLs."),
    ],
    as_json: JsonOption = False,
    cache: CacheOption = None,
    allow_private: AllowPrivateOption = False,
    allow_network: AllowNetworkOption = None,
) -> None:
    """Show what the recap loader reads from pages, without writing to any store.

    Exit status 1 when a file or page could not be read (after the others are printed).
    """
    from loaders.recaps import extract as extract_recap

    results: list[Extraction] = []
    errors: list[CitygraphError] = []
    fetcher: Fetcher | None = None
    try:
        for given in _recap_inputs(paths):
            try:
                if isinstance(given, str):
                    from loaders.web import Fetcher, PageCache, default_cache_dir

                    fetcher = fetcher or Fetcher(
                        PageCache(cache or default_cache_dir()),
                        options=fetch_options(
                            allow_private=allow_private, allow_network=allow_network
                        ),
                    )
                    result = replace(extract_recap(fetcher.page(given).path), source=given)
                elif not given.exists():
                    raise LoadError(given, "no such file")
                else:
                    result = extract_recap(given)
            except CitygraphError as err:
                errors.append(err)
                continue
            results.append(result)
            if not as_json:
                _summary(result)
    finally:
        if fetcher is not None:
            fetcher.close()
    if as_json:
        # json escapes C0 controls; clean_text drops the C1 ones (CSI) and bidi overrides
        text = json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2)
        typer.echo(clean_text(text))
    for error in errors:
        fail(str(error))
    if errors:
        raise typer.Exit(1)


def _fmt(value: float) -> str:
    return f"{value:.3f}"


@app.command()
def evaluate(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A folder of NN.txt recaps with NN.json annotations beside them.", file_okay=False
        ),
    ],
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="List each page's misses.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Precision, recall and F1 of the recap loader against hand annotations."""
    from graph.ingest.evaluate import FIELDS
    from graph.ingest.evaluate import evaluate as run

    if not folder.is_dir():
        raise fail(f"{folder}: not a folder")
    result = run(folder)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"recap loader on {escape(str(folder))} ({len(result.pages)} pages)")
    for column in ("field", "found right", "wrong", "missed", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name in FIELDS:
        s = result.total(name)
        table.add_row(
            name, str(s.tp), str(s.fp), str(s.fn), _fmt(s.precision), _fmt(s.recall), _fmt(s.f1)
        )
    m = result.micro
    table.add_row(
        "[bold]micro[/]",
        str(m.tp),
        str(m.fp),
        str(m.fn),
        _fmt(m.precision),
        _fmt(m.recall),
        f"[bold]{_fmt(m.f1)}[/]",
    )
    console.print(table)
    right, annotated = result.dates
    console.print(f"event dates right: {right}/{annotated} (pages whose annotation gives one)")
    invented, undated = result.invented_dates
    console.print(f"event dates invented: {invented}/{undated} (pages whose annotation has none)")
    titles_right, titled = result.titles
    console.print(f"event titles right: {titles_right}/{titled} (pages whose annotation gives one)")
    lost = result.lost
    console.print(
        f"pages that load nothing: {len(lost)}" + (f" ({escape(', '.join(lost))})" if lost else ""),
        highlight=False,
    )
    if not verbose:
        return
    for page in result.pages:
        lines = []
        if page.lost:
            lines.append("no event found: the load adds nothing from this page")
        if page.date_ok is False:
            lines.append(
                f"date: expected {page.date_expected}, found {page.date_found}"
                + (f" ({page.date_rule})" if page.date_found else "")
            )
        if page.date_invented:
            lines.append(f"date: the page states none, found {page.date_found} ({page.date_rule})")
        if page.title_ok is False:
            lines.append(f"title: expected {page.title_expected!r}, found {page.title_found!r}")
        for name in FIELDS:
            why = page.why.get(name, {})

            def told(values: list[str], why: dict[str, str] = why) -> str:
                return "; ".join(f"{v} ({why[v]})" if v in why else v for v in values)

            if page.missed.get(name):
                lines.append(f"{name} missed: {told(page.missed[name])}")
            if page.extra.get(name):
                lines.append(f"{name} extra: {told(page.extra[name])}")
        console.print(
            f"[bold]{escape(page.page)}[/]" + ("" if lines else ": all right"), highlight=False
        )
        for line in lines:
            console.print(f"  {escape(line)}", highlight=False)
