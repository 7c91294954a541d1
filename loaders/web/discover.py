"""Where a site lists its recap pages: sitemaps (and sitemap indexes), RSS and Atom
feeds, and archive pages (their links). Parsing only; fetching is the Fetcher's.

trafilatura's sitemap and feed modules fetch on their own (their user agent, no delay, no
robots.txt) and courlan drops URLs with an IP address and a port, so the lists are read
here with lxml, entities unresolved and nothing fetched by the parser.
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_MAX_UNZIPPED = 50_000_000  # a sitemap may be at most 50 MB unzipped (sitemaps.org)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _root(content: bytes) -> etree._Element | None:
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)[:_MAX_UNZIPPED]
    try:
        return etree.fromstring(content.lstrip(), _XML)
    except etree.XMLSyntaxError:
        return None


def sitemap_links(content: bytes) -> tuple[list[str], list[str]]:
    """A sitemap's page URLs, and the further sitemaps a sitemap index names.

    >>> sitemap_links(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ...               b'<url><loc> https://a.org/x </loc></url></urlset>')
    (['https://a.org/x'], [])
    """
    root = _root(content)
    if root is None:
        return [], []
    pages: list[str] = []
    sitemaps: list[str] = []
    for loc in root.iter():
        if _local(loc.tag) != "loc" or not (loc.text or "").strip():
            continue
        parent = loc.getparent()
        kind = _local(parent.tag) if parent is not None else ""
        (sitemaps if kind == "sitemap" else pages).append(loc.text.strip())
    return pages, sitemaps


def feed_links(content: bytes, *, base: str) -> list[str]:
    """The entry links of an RSS or Atom feed, absolute.

    >>> feed_links(b'<rss><channel><link>https://a.org/</link>'
    ...            b'<item><link>/news/1</link></item></channel></rss>', base="https://a.org/feed")
    ['https://a.org/news/1']
    """
    root = _root(content)
    if root is None:
        return []
    links = []
    for item in root.iter():
        kind = _local(item.tag)
        if kind == "item":  # RSS
            for child in item:
                if _local(child.tag) == "link" and (child.text or "").strip():
                    links.append(urljoin(base, child.text.strip()))
        elif kind == "entry":  # Atom: the alternate link
            for child in item:
                rel = child.get("rel", "alternate")
                if _local(child.tag) == "link" and rel == "alternate" and child.get("href"):
                    links.append(urljoin(base, child.get("href")))
    return links


def page_links(content: bytes, *, base: str) -> list[str]:
    """The links of an archive page, absolute and without fragments.

    >>> page_links(b'<p><a href="2021/tartu.html#top">Tartu</a></p>', base="https://a.org/r/")
    ['https://a.org/r/2021/tartu.html']
    """
    try:
        doc = lxml_html.fromstring(content)
    except (etree.ParserError, ValueError):
        return []
    links = []
    for anchor in doc.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("mailto:", "javascript:", "tel:")):
            links.append(urldefrag(urljoin(base, href)).url)
    return links


def same_site(url: str, start: str) -> bool:
    """Whether ``url`` is on the site ``start`` is on (scheme aside, ``www.`` aside).

    >>> same_site("http://www.a.org/x", "https://a.org/"), same_site("https://b.org/", "https://a.org/")
    (True, False)
    """

    def host(u: str) -> str:
        netloc = urlsplit(u).netloc.lower()
        return netloc.removeprefix("www.")

    return urlsplit(url).scheme in ("http", "https") and host(url) == host(start)


def matching(urls: list[str], *, start: str, pattern: re.Pattern[str]) -> list[str]:
    """The URLs on ``start``'s site that ``pattern`` finds, each once, in order.

    >>> matching(["https://a.org/r/1", "https://a.org/about", "https://b.org/r/2",
    ...           "https://a.org/r/1"], start="https://a.org/", pattern=re.compile("/r/"))
    ['https://a.org/r/1']
    """
    return list(dict.fromkeys(u for u in urls if same_site(u, start) and pattern.search(u)))
