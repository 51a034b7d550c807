"""The benchmark's news site on 127.0.0.1: feeds and pages, with ETag/Last-Modified (a
repeated request with the validators gets 304), and an alert sink at ``/sink``.

Two sites:

- ``pages_site``: ``../shared/pages`` (884 real pages, nearly none about espionage) plus the
  labelled articles of ``../shared/seeds`` and ``../shared/corpus`` rendered as pages (the
  pages that matter), dealt round-robin into RSS feeds. Links in the pages to other hosts
  are rewritten to this server, so nothing can lead off the machine.
- ``scale_site``: many generated feeds (1,000 by default), each with a few items whose
  descriptions come from the same pages; ``add_items`` publishes new items on some feeds
  (their ETag and Last-Modified change, the others stay 304).
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from nongrata.demo.server import Document, LoopbackSite, receive_sink_post, send_document

_LINK = re.compile(r"""(?P<attr>\b(?:href|src|action)\s*=\s*["']?)https?://""", re.IGNORECASE)


@dataclass
class Item:
    """One feed item and the page it links to."""

    path: str  # the page's path on the server
    title: str
    published: datetime
    summary: str = ""


@dataclass
class _State:
    documents: dict[str, Document] = field(default_factory=dict)
    received: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Server(ThreadingHTTPServer):
    # Class attributes: ``listen()`` runs in the constructor, so setting them on the instance
    # afterwards is too late (the queue would stay at 5, and a client opening more
    # connections at once would wait a second for each one dropped).
    request_queue_size = 256
    daemon_threads = True


class BenchSite(LoopbackSite):
    """``with BenchSite() as site: site.put(...)``; serves until the block ends."""

    def __init__(self) -> None:
        self._state = _State()
        httpd = _Server(("127.0.0.1", 0), _handler_for(self._state))
        super().__init__(httpd, self._state.lock, self._state.received)
        self.feeds: dict[str, list[Item]] = {}  # feed path → items, newest last

    @property
    def feed_urls(self) -> list[str]:
        return [self.base + path for path in self.feeds]

    def put(self, path: str, content_type: str, body: bytes, modified: datetime) -> None:
        doc = Document.of(content_type, body, modified)
        with self._state.lock:
            self._state.documents[path] = doc

    def put_page(self, path: str, page: bytes, modified: datetime) -> None:
        self.put(path, "text/html; charset=utf-8", self.rewrite_links(page), modified)

    def rewrite_links(self, page: bytes) -> bytes:
        """Absolute links to any host point at this server instead (where they are 404)."""
        text = page.decode("utf-8", "surrogateescape")
        text = _LINK.sub(lambda m: f"{m.group('attr')}{self.base}/offsite/", text)
        return text.encode("utf-8", "surrogateescape")

    def publish_feed(self, path: str, title: str) -> None:
        items = self.feeds[path]
        modified = max((i.published for i in items), default=datetime(2026, 1, 1, tzinfo=UTC))
        self.put(path, "application/rss+xml", render_rss(self.base, title, items), modified)


def render_rss(base: str, title: str, items: list[Item]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{html.escape(title)}</title><link>{base}/</link>",
        "<description>nongrata benchmark feed</description>",
    ]
    for item in reversed(items):
        parts.append(
            "<item>"
            f"<title>{html.escape(item.title)}</title>"
            f"<link>{base}{item.path}</link>"
            f"<guid>{base}{item.path}</guid>"
            f"<pubDate>{format_datetime(item.published, usegmt=True)}</pubDate>"
            f"<description>{html.escape(item.summary)}</description>"
            "</item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def render_article_page(title: str, text: str, published: date | None) -> bytes:
    """A plain news page for a labelled article: headline, date, one <p> per paragraph."""
    meta = (
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        if published
        else ""
    )
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n") if p.strip())
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{meta}'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
        f"<footer>Bench News</footer></body></html>"
    ).encode()


@dataclass(frozen=True)
class LabelledPage:
    path: str
    title: str
    published: date | None
    alert: bool  # what the label says


def _labelled_pages(shared: Path) -> list[tuple[LabelledPage, bytes]]:
    out: list[tuple[LabelledPage, bytes]] = []
    for corpus in ("seeds", "corpus"):
        folder = shared / corpus
        for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            label = json.loads(line)
            text = (folder / "articles" / f"{label['id']}.txt").read_text(encoding="utf-8")
            lines = text.strip().splitlines()
            title = lines[0].strip()[:200] if lines else label["id"]
            body = "\n".join(lines[1:])
            published = date.fromisoformat(label["published"]) if label.get("published") else None
            page = LabelledPage(f"/{corpus}/{label['id']}.html", title, published, label["alert"])
            out.append((page, render_article_page(title, body, published)))
    return out


def pages_site(site: BenchSite, shared: Path, feeds: int = 20) -> list[LabelledPage]:
    """Fill ``site`` with ../shared/pages and the labelled articles in ``feeds`` RSS feeds;
    returns the labelled pages (what the alert comparison is about)."""
    manifest = json.loads((shared / "pages" / "manifest.json").read_text(encoding="utf-8"))
    now = datetime(2026, 1, 15, 6, 0, tzinfo=UTC)
    items: list[Item] = []
    for number, entry in enumerate(manifest):
        path = f"/pages/{entry['file']}"
        when = now - timedelta(minutes=7 * number)
        site.put_page(path, (shared / "pages" / entry["file"]).read_bytes(), when)
        items.append(Item(path, Path(entry["file"]).stem.replace(".", " "), when))
    labelled = _labelled_pages(shared)
    for page, body in labelled:
        when = (
            datetime.combine(page.published, datetime.min.time(), tzinfo=UTC)
            if page.published
            else now
        )
        site.put(page.path, "text/html; charset=utf-8", body, when)
        items.append(Item(page.path, page.title, when))
    for i in range(feeds):
        path = f"/feeds/{i:02d}.xml"
        site.feeds[path] = sorted(items[i::feeds], key=lambda it: it.published)
        site.publish_feed(path, f"Bench feed {i}")
    return [page for page, _ in labelled]


def scale_site(site: BenchSite, shared: Path, feeds: int = 1000, items_per_feed: int = 5) -> int:
    """``feeds`` generated feeds with ``items_per_feed`` items each (descriptions taken from
    the text of pages); returns the number of items."""
    texts = _summaries(shared)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for f in range(feeds):
        path = f"/scale/{f:04d}.xml"
        site.feeds[path] = [
            _scale_item(f, n, texts, start + timedelta(hours=n)) for n in range(items_per_feed)
        ]
        site.publish_feed(path, f"Scale feed {f}")
    return feeds * items_per_feed


def add_items(site: BenchSite, shared: Path, feeds: int, per_feed: int, when: datetime) -> int:
    """Publish ``per_feed`` new items on the first ``feeds`` scale feeds."""
    texts = _summaries(shared)
    paths = sorted(p for p in site.feeds if p.startswith("/scale/"))[:feeds]
    for f, path in enumerate(paths):
        have = len(site.feeds[path])
        for n in range(have, have + per_feed):
            site.feeds[path].append(_scale_item(f, n, texts, when + timedelta(seconds=n)))
        site.publish_feed(path, f"Scale feed {f}")
    return len(paths) * per_feed


def _scale_item(feed: int, number: int, texts: list[str], when: datetime) -> Item:
    text = texts[(feed * 7919 + number) % len(texts)]
    return Item(f"/scale/{feed:04d}/{number}.html", text[:80], when, text)


_TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)
_summary_cache: dict[Path, list[str]] = {}


def _summaries(shared: Path) -> list[str]:
    """A few hundred characters of text from each of 300 pages (feed descriptions)."""
    if shared not in _summary_cache:
        out: list[str] = []
        for file in sorted((shared / "pages").glob("*.html"))[:300]:
            raw = file.read_bytes().decode("utf-8", "replace")
            text = " ".join(html.unescape(_TAGS.sub(" ", raw)).split())
            out.append(text[len(text) // 3 : len(text) // 3 + 600])
        _summary_cache[shared] = out
    return _summary_cache[shared]


def _handler_for(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with state.lock:
                doc = state.documents.get(path)
            send_document(self, doc)

        def do_POST(self) -> None:
            receive_sink_post(self, state.lock, state.received)

    return Handler
