"""``crawl``: one site's recap pages, fetched politely and loaded as one load.

Every failed page is one line in the summary, never a traceback, and never stops the
others. Text from the web is printed escaped (``markup=False``), so a page cannot inject
console markup.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from graph.cli import app, console, fail
from graph.cli.options import (
    AllowNetworkOption,
    AllowPrivateOption,
    CacheOption,
    GraphFileOption,
    StoreOption,
    fetch_options,
    settings_for,
)
from graph.cli.store_commands import load_plan
from graph.ingest.build import RecordSet
from loaders import LoadPlan, read_plan

if TYPE_CHECKING:
    from loaders.web import Collected, Fetched, Fetcher


# What a terminal would act on: control characters and bidi overrides (a URL from a hostile
# sitemap may hold any); shown escaped, as Python writes them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _say(text: str) -> None:
    shown = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    console.print(shown, highlight=False, markup=False, soft_wrap=True)


@app.command()
def crawl(
    start: Annotated[
        str, typer.Argument(help="The site's page listing its recaps (an archive page).")
    ],
    match: Annotated[
        str,
        typer.Option(
            "--match", help="A regular expression recap URLs contain, e.g. '/rueckblicke/'."
        ),
    ],
    sitemap: Annotated[
        list[str] | None,
        typer.Option("--sitemap", help="A sitemap to read (default: those robots.txt names)."),
    ] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="An RSS or Atom feed.")] = None,
    max_pages: Annotated[
        int,
        typer.Option(
            "--max-pages", min=1, help="At most N pages (reading stops once N are found)."
        ),
    ] = 100,
    max_urls: Annotated[
        int,
        typer.Option(
            "--max-urls",
            min=1,
            help="Read at most N URLs from sitemaps, feeds and the archive page.",
        ),
    ] = 50_000,
    delay: Annotated[
        float, typer.Option("--delay", min=0.0, help="Seconds between two requests.")
    ] = 1.0,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="Seconds to wait for a connection or data."),
    ] = 10.0,
    deadline: Annotated[
        float,
        typer.Option(
            "--deadline", min=0.1, help="Seconds a whole request (headers and body) may take."
        ),
    ] = 60.0,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Fetch and read, but write nothing (no graph, no cache)."),
    ] = False,
    cache: CacheOption = None,
    store: StoreOption = None,
    graph_file: GraphFileOption = None,
    allow_private: AllowPrivateOption = False,
    allow_network: AllowNetworkOption = None,
) -> None:
    """Crawl one site's recap pages (from its sitemap, feed and archive page) and load them.

    robots.txt is respected; pages already in the cache are fetched again only when the
    site says they changed. Exit status 1 when some page failed (the others are loaded).
    """
    # Imported here: httpx and lxml cost every other command a second of start-up.
    from loaders.web import Fetcher, PageCache, collect, default_cache_dir, is_url

    if not is_url(start):
        raise fail(f"{start}: not an http(s) URL")
    try:
        pattern = re.compile(match)
    except re.error as e:
        raise fail(f"--match {match!r}: not a regular expression ({e})") from None
    settings = settings_for(store, graph_file)
    started = time.perf_counter()
    page_cache = PageCache(cache or default_cache_dir(), keep=not dry_run)
    options = fetch_options(
        allow_private=allow_private,
        allow_network=allow_network,
        delay=delay,
        timeout=timeout,
        deadline=deadline,
    )
    try:
        with Fetcher(page_cache, options=options, on_notice=_say) as fetcher:
            found = collect(
                fetcher,
                start,
                pattern=pattern,
                sitemaps=sitemap or (),
                feeds=feed or (),
                max_pages=max_pages,
                max_urls=max_urls,
            )
            fetched = _fetch_with_progress(fetcher, found)
            requests = fetcher.requests
        crawl_seconds = time.perf_counter() - started
        _crawl_summary(start, found, fetched, requests=requests, seconds=crawl_seconds)
        if not fetched.pages:
            _say("No page to load.")
        elif dry_run:
            records = read_plan(LoadPlan(pages=fetched.pages))
            _say(
                f"Dry run: {len(fetched.pages)} page(s) would add {len(records.nodes)} nodes "
                f"and {len(records.relations)} relationships; nothing was written."
            )
            _merge_summary(records)
        else:
            records = load_plan(
                LoadPlan(pages=fetched.pages), settings, fresh=False, started=time.perf_counter()
            )
            _merge_summary(records)
    finally:
        page_cache.close()
    if found.failures or fetched.failures or fetched.stopped:
        raise typer.Exit(1)


def _fetch_with_progress(fetcher: Fetcher, found: Collected) -> Fetched:
    from loaders.web import Outcome, fetch_all

    counts = dict.fromkeys(Outcome, 0)
    with Progress(
        TextColumn("crawling"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("fetched {task.fields[fetched]} · skipped {task.fields[skipped]} · "),
        TextColumn("failed {task.fields[failed]}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("crawl", total=len(found.urls), fetched=0, skipped=0, failed=0)

        def step(_url: str, outcome: Outcome) -> None:
            counts[outcome] += 1
            progress.update(
                task,
                advance=1,
                fetched=counts[Outcome.FETCHED],
                skipped=counts[Outcome.UNCHANGED] + counts[Outcome.FORBIDDEN],
                failed=counts[Outcome.FAILED],
            )

        return fetch_all(fetcher, found.urls, on_page=step)


def _crawl_summary(
    start: str, found: Collected, fetched: Fetched, *, requests: int, seconds: float
) -> None:
    from loaders.web import Outcome

    more = f" ({found.stopped})" if found.stopped else ""
    _say(
        f"Crawled {start} in {seconds:.1f} s ({requests} requests): {len(found.urls)} recap "
        f"page(s) found{more}; {fetched.count(Outcome.FETCHED)} fetched, "
        f"{fetched.count(Outcome.UNCHANGED)} unchanged since the last crawl (read from the "
        f"cache), {fetched.count(Outcome.FORBIDDEN)} forbidden by robots.txt (not requested), "
        f"{len(found.failures) + len(fetched.failures)} failed."
    )
    if fetched.stopped:
        _say(f"  {fetched.stopped}")
    for url in fetched.forbidden:
        _say(f"  skipped (robots.txt): {url}")
    for failure in [*found.failures, *fetched.failures]:
        _say(f"  failed: {failure.url}: {failure.reason}")


def _merge_summary(records: RecordSet) -> None:
    from loaders.web import merged_events

    merged = merged_events(records)
    if not merged:
        _say("No event was reported by more than one page.")
        return
    _say(f"{len(merged)} event(s) reported by several pages, each now one Event:")
    for event in merged:
        _say(f"  - {event.title} ({event.date or 'no date'}): {', '.join(event.urls)}")
