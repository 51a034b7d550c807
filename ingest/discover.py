"""Finding a site's feeds from one of its pages, as feed readers do (``nongrata feeds
discover URL``).

The page is fetched through the guarded client (:class:`nongrata.net.client.HttpClient`:
private networks, ``only_hosts``, size caps and timeouts apply). Its ``<link
rel="alternate">`` elements of a feed type are the answer; when it has none, the common feed
paths of the site (:data:`COMMON_PATHS`) are tried, and those that answer with a feed are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from nongrata.errors import FeedError, NetworkError
from nongrata.ingest.registry import normalize_feed_url
from nongrata.net.client import HttpClient
from nongrata.settings import Settings

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
    }
)
COMMON_PATHS = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/feeds/posts/default")
# The root element of an RSS, Atom or RDF document, after any prolog, comments or DOCTYPE.
_FEED_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<![^>]*>)*<(rss|feed|rdf:RDF)\b", re.S)


@dataclass(frozen=True)
class FoundFeed:
    """A feed of the site: its address, the title the page gives it, and how it was found
    (``link``: a ``<link rel="alternate">`` of the page; ``path``: a common feed path)."""

    url: str
    title: str | None
    found_by: str


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str | None]] = []  # (href, title)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "").strip() for name, value in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
        if tag not in {"link", "a"}:
            return
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.links.append((values["href"], values.get("title") or None))


def feed_links(html: str, page_url: str) -> list[FoundFeed]:
    """The feeds a page announces (``<link rel="alternate" type="application/rss+xml">`` and
    the like), as absolute URLs in page order, each once; unusable addresses are skipped."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    base = urljoin(page_url, parser.base) if parser.base else page_url
    found: dict[str, FoundFeed] = {}
    for href, title in parser.links:
        try:
            url = normalize_feed_url(urljoin(base, href))
        except FeedError:
            continue
        found.setdefault(url, FoundFeed(url, title, "link"))
    return list(found.values())


def looks_like_feed(body: bytes) -> bool:
    """Whether ``body`` is an RSS, Atom or RDF document (by its root element)."""
    return bool(_FEED_ROOT.match(body[:4096].lstrip(b"\xef\xbb\xbf")))


async def discover_feeds(
    settings: Settings, page_url: str, *, client: HttpClient | None = None
) -> list[FoundFeed]:
    """The feeds of the site of ``page_url`` (see the module docstring); an empty list when
    it has none. FeedError when the URL is unusable or the page cannot be read."""
    url = normalize_feed_url(page_url)
    if client is None:
        async with HttpClient(settings) as own:
            return await _discover(own, url)
    return await _discover(client, url)


async def _discover(client: HttpClient, url: str) -> list[FoundFeed]:
    try:
        page = await client.get(url, kind="page")
    except NetworkError as exc:
        raise FeedError(f"{url}: cannot read the page: {exc}") from exc
    if not page.ok:
        raise FeedError(f"{url}: the page answered HTTP {page.status}")
    found = feed_links(page.body.decode(page.charset or "utf-8", errors="replace"), page.url)
    if found:
        return found
    return [feed for path in COMMON_PATHS if (feed := await _try_path(client, page.url, path))]


async def _try_path(client: HttpClient, page_url: str, path: str) -> FoundFeed | None:
    candidate = urljoin(page_url, path)
    try:
        response = await client.get(candidate, kind="feed")
    except NetworkError:
        return None
    if not response.ok or not looks_like_feed(response.body):
        return None
    return FoundFeed(normalize_feed_url(candidate), None, "path")
