"""A crawl of one site's recap pages: collect their URLs from sitemaps, feeds and the
start (archive) page, then fetch each into the cache. A page that fails is noted and the
others go on; what the pages state is loaded afterwards, as one load."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from loaders.web.discover import feed_links, matching, page_links, sitemap_links
from loaders.web.fetch import Fetcher, FetchError, Forbidden, WebPage

MAX_SITEMAPS = 50  # sitemap indexes can nest; a site needs a handful


class Outcome(StrEnum):
    FETCHED = "fetched"  # new or changed
    UNCHANGED = "unchanged"  # the cached copy is current: not downloaded again
    FORBIDDEN = "forbidden"  # robots.txt disallows it: not requested
    FAILED = "failed"


@dataclass(frozen=True)
class Failure:
    """A URL that could not be read, and why (one line)."""

    url: str
    reason: str


@dataclass
class Collected:
    """The page URLs a crawl will fetch, and what it could not read while collecting."""

    urls: list[str] = field(default_factory=list)
    left_over: int = 0  # matching URLs beyond ``max_pages``
    failures: list[Failure] = field(default_factory=list)


@dataclass
class Fetched:
    """What fetching the collected URLs gave."""

    pages: list[WebPage] = field(default_factory=list)  # fetched or unchanged, to load
    forbidden: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        if outcome is Outcome.FETCHED:
            return sum(p.changed for p in self.pages)
        if outcome is Outcome.UNCHANGED:
            return sum(not p.changed for p in self.pages)
        return len(self.forbidden if outcome is Outcome.FORBIDDEN else self.failures)


def collect(
    fetcher: Fetcher,
    start: str,
    *,
    pattern: re.Pattern[str],
    sitemaps: Iterable[str] = (),
    feeds: Iterable[str] = (),
    max_pages: int,
) -> Collected:
    """The URLs of ``start``'s site that ``pattern`` finds in the sitemaps (those given,
    else those robots.txt names), the feeds and the links of the ``start`` page, at most
    ``max_pages`` of them, each once, in the order found."""
    result = Collected()
    candidates: list[str] = []

    def read(url: str, what: str) -> tuple[str, bytes] | None:
        try:
            return fetcher.document(url, what=what)
        except FetchError as e:
            result.failures.append(Failure(url, e.message))
            return None

    queue = list(sitemaps) or fetcher.sitemaps(start)
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS:
        sitemap = queue.pop(0)
        if sitemap in seen:
            continue
        seen.add(sitemap)
        got = read(sitemap, "a sitemap")
        if got is not None:
            pages, nested = sitemap_links(got[1])
            candidates += pages
            queue += nested
    for feed in feeds:
        got = read(feed, "a feed")
        if got is not None:
            candidates += feed_links(got[1], base=got[0])
    got = read(start, "an archive page")  # a list of recaps, not one itself
    if got is not None:
        candidates += page_links(got[1], base=got[0])
    urls = matching(candidates, start=start, pattern=pattern)
    result.urls, result.left_over = urls[:max_pages], max(0, len(urls) - max_pages)
    return result


def fetch_all(
    fetcher: Fetcher,
    urls: Iterable[str],
    *,
    on_page: Callable[[str, Outcome], None] | None = None,
) -> Fetched:
    """Fetch every URL; a failed one is noted and never stops the others."""
    result = Fetched()
    for url in urls:
        try:
            page = fetcher.page(url)
        except Forbidden:
            result.forbidden.append(url)
            outcome = Outcome.FORBIDDEN
        except FetchError as e:
            result.failures.append(Failure(url, e.message))
            outcome = Outcome.FAILED
        else:
            result.pages.append(page)
            outcome = Outcome.FETCHED if page.changed else Outcome.UNCHANGED
        if on_page is not None:
            on_page(url, outcome)
    return result
