"""Recaps from the web: fetch pages politely into a cache, crawl a site's recap pages, and
bind what the recap loader reads from a cached page to the page's URL.

- ``Fetcher`` (fetch.py): one page or list at a time; robots.txt, delay, size and time
  limits, conditional requests; every failure a one-line ``FetchError``;
- ``AddressPolicy`` (address.py), enforced for every connection (transport.py): no
  private, loopback, link-local or metadata address unless the user allows it;
- ``collect`` / ``fetch_all`` (crawl.py): a site's recap URLs from its sitemaps, feeds and
  archive page (read as they arrive, up to a budget), then the pages, a failed one never
  stopping the others;
- ``bind_to_page``: a cached page's records, its ``Source`` telling the URL, not the cache;
- ``merged_events``: the events that several pages of one load reported.

No store is touched here: pages in, records out, like the other loaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from graph.core.model import Label, Node
from graph.ingest.build import RecordSet
from loaders.web.address import AddressPolicy
from loaders.web.cache import PageCache, default_cache_dir
from loaders.web.crawl import MAX_URLS, Collected, Failure, Fetched, Outcome, collect, fetch_all
from loaders.web.fetch import (
    CacheWriteError,
    Fetcher,
    FetchError,
    FetchOptions,
    Forbidden,
    WebPage,
)

__all__ = [
    "MAX_URLS",
    "AddressPolicy",
    "CacheWriteError",
    "Collected",
    "Failure",
    "FetchError",
    "FetchOptions",
    "Fetched",
    "Fetcher",
    "Forbidden",
    "MergedEvent",
    "Outcome",
    "PageCache",
    "WebPage",
    "bind_to_page",
    "collect",
    "default_cache_dir",
    "fetch_all",
    "is_url",
    "merged_events",
]


def is_url(text: str) -> bool:
    """Whether a command-line input names a web page rather than a file.

    >>> is_url("https://example.org/en/news/"), is_url("data/samples"), is_url("C:/x")
    (True, False, False)
    """
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def bind_to_page(records: RecordSet, page: WebPage) -> RecordSet:
    """``records`` read from ``page``'s cached file, told as coming from its URL: the
    ``Source`` keeps the URL and the fetch time instead of the cache path, and warnings
    name the URL."""
    cache_path = str(page.path)
    out = RecordSet(warnings=[w.replace(cache_path, page.url) for w in records.warnings])
    for node in records.nodes.values():
        if node.label is Label.SOURCE and node.properties.get("path") == cache_path:
            props = {k: v for k, v in node.properties.items() if k != "path"}
            props["url"] = page.url
            props["fetched_at"] = page.fetched_at
            warnings = props.get("warnings")
            if isinstance(warnings, tuple):
                props["warnings"] = tuple(w.replace(cache_path, page.url) for w in warnings)
            node = Node(id=node.id, label=node.label, properties=props, sources=node.sources)
        out.add_node(node)
    for rel in records.relations.values():
        out.add_relation(rel)
    return out


@dataclass(frozen=True)
class MergedEvent:
    """An event that several pages of one load reported, now one Event node."""

    event_id: str
    title: str
    date: str
    urls: tuple[str, ...]


def merged_events(records: RecordSet) -> list[MergedEvent]:
    """The Event nodes that two or more web pages stated (a German and an English recap
    of one event), after the load's merge."""
    found = []
    for node in records.nodes.values():
        if node.label is not Label.EVENT:
            continue
        urls = []
        for sid in node.sources:
            source = records.nodes.get(sid)
            url = source.properties.get("url") if source is not None else None
            if isinstance(url, str):
                urls.append(url)
        if len(urls) > 1:
            found.append(
                MergedEvent(
                    event_id=node.id,
                    title=node.name,
                    date=str(node.properties.get("date") or ""),
                    urls=tuple(sorted(urls)),
                )
            )
    return sorted(found, key=lambda m: (m.date, m.title))
