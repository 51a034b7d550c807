"""A small news server on 127.0.0.1 for the demo (and for tests): the bundled outlets' feeds
and article pages, with ETag/Last-Modified (a second poll gets 304), and a webhook sink at
``/sink`` that collects the alerts posted to it.

``Document`` and ``send_document`` answer conditional GETs as a news site does; the
benchmark's site and the reliability tests' server answer with them too."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from nongrata.demo.content import (
    DemoArticle,
    Outlet,
    article_path,
    feed_path,
    load_articles,
    load_outlets,
    render_feed,
    render_page,
)


@dataclass(frozen=True)
class Document:
    """A feed or page as a server answers a GET for it, with its validators."""

    content_type: str
    body: bytes
    last_modified: str  # an HTTP date
    etag: str  # quoted

    @classmethod
    def of(cls, content_type: str, body: bytes, modified: datetime) -> Document:
        """The document with an ETag from its body and ``modified`` as Last-Modified."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        return cls(content_type, body, format_datetime(modified, usegmt=True), etag)


def matches_validators(handler: BaseHTTPRequestHandler, doc: Document) -> bool:
    """Whether the request's validators match ``doc``: its If-None-Match, else (none given)
    its If-Modified-Since."""
    tag = handler.headers.get("If-None-Match")
    if tag is not None:
        return tag == doc.etag
    return handler.headers.get("If-Modified-Since") == doc.last_modified


def send_document(handler: BaseHTTPRequestHandler, doc: Document | None) -> int:
    """Answer a GET with ``doc``: 404 when None, 304 (with its validators, no body) when the
    request's validators match it, else 200 with its body. Returns the status sent."""
    if doc is None:
        handler.send_error(404)
        return 404
    if matches_validators(handler, doc):
        handler.send_response(304)
        handler.send_header("ETag", doc.etag)
        handler.send_header("Last-Modified", doc.last_modified)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return 304
    handler.send_response(200)
    handler.send_header("Content-Type", doc.content_type)
    handler.send_header("Content-Length", str(len(doc.body)))
    handler.send_header("ETag", doc.etag)
    handler.send_header("Last-Modified", doc.last_modified)
    handler.end_headers()
    handler.wfile.write(doc.body)
    return 200


@dataclass
class _Site:
    documents: dict[str, Document] = field(default_factory=dict)  # by path
    received: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class LoopbackSite:
    """An HTTP server on 127.0.0.1 (a free port), serving in a thread from the start of a
    ``with`` block to its end, with a webhook sink (:func:`receive_sink_post`)."""

    def __init__(
        self, httpd: ThreadingHTTPServer, lock: threading.Lock, received: list[dict[str, Any]]
    ) -> None:
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        self._sink = (lock, received)
        self.base = f"http://127.0.0.1:{httpd.server_address[1]}"

    @property
    def sink_url(self) -> str:
        """An apprise ``json://`` URL that posts alerts to this server's sink."""
        return f"json://127.0.0.1:{self._httpd.server_address[1]}/sink"

    @property
    def received(self) -> list[dict[str, Any]]:
        """What the sink has received, in order."""
        lock, received = self._sink
        with lock:
            return list(received)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class DemoServer(LoopbackSite):
    """``with DemoServer() as server: server.feed_urls`` — serves until the block ends."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)
        self._site = _Site()
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self._site))
        super().__init__(httpd, self._site.lock, self._site.received)
        outlets = load_outlets()
        articles = load_articles()
        self._site.documents = site_documents(outlets, articles, articles, self.base, self.now)
        self.feed_urls = [self.base + feed_path(o) for o in outlets]


def site_documents(
    outlets: Sequence[Outlet],
    listed: Sequence[DemoArticle],
    articles: Sequence[DemoArticle],
    base: str,
    now: datetime,
) -> dict[str, Document]:
    """By path, the feed of each of ``outlets`` listing ``listed`` (those of the outlet),
    and the page of each of ``articles``, as a server at ``base`` serves them."""
    documents: dict[str, Document] = {}
    for outlet in outlets:
        feed = render_feed(outlet, list(listed), base, now).encode()
        kind = "application/atom+xml" if outlet.format == "atom" else "application/rss+xml"
        documents[feed_path(outlet)] = Document.of(kind, feed, now)
    by_slug = {o.slug: o for o in outlets}
    for article in articles:
        page = render_page(by_slug[article.outlet], article, now).encode()
        documents[article_path(article)] = Document.of("text/html; charset=utf-8", page, now)
    return documents


def receive_sink_post(
    handler: BaseHTTPRequestHandler, lock: threading.Lock, received: list[dict[str, Any]]
) -> None:
    """Answer a POST: to ``/sink`` (a webhook sink), append its body to ``received`` (under
    ``lock``) and answer 200; anywhere else, 404."""
    if handler.path.split("?", 1)[0] != "/sink":
        handler.send_error(404)
        return
    payload = _sink_payload(handler)
    with lock:
        received.append(payload)
    handler.send_response(200)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _sink_payload(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
    """The body POSTed to a webhook sink, as apprise's ``json://`` sends it: the JSON object,
    else ``{"payload": …}`` for other JSON, else ``{"raw": text}``."""
    length = int(handler.headers.get("Content-Length") or 0)
    raw = handler.rfile.read(min(length, 5_000_000))
    try:
        payload = json.loads(raw or b"{}")
    except ValueError:
        return {"raw": raw.decode("utf-8", "replace")}
    return payload if isinstance(payload, dict) else {"payload": payload}


def _handler_for(site: _Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            send_document(self, site.documents.get(self.path.split("?", 1)[0]))

        def do_POST(self) -> None:
            receive_sink_post(self, site.lock, site.received)

    return Handler
