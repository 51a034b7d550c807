"""A small news server on 127.0.0.1 for the demo (and for tests): the bundled outlets' feeds
and article pages, with ETag/Last-Modified (a second poll gets 304), and a webhook sink at
``/sink`` that collects the alerts posted to it."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from nongrata.demo.content import (
    article_path,
    feed_path,
    load_articles,
    load_outlets,
    render_feed,
    render_page,
)


@dataclass
class _Site:
    documents: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)
    last_modified: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class DemoServer:
    """``with DemoServer() as server: server.feed_urls`` — serves until the block ends."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)
        self._site = _Site(last_modified=format_datetime(self.now, usegmt=True))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self._site))
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        outlets = load_outlets()
        articles = load_articles()
        for outlet in outlets:
            feed = render_feed(outlet, articles, self.base, self.now)
            kind = "application/atom+xml" if outlet.format == "atom" else "application/rss+xml"
            self._site.documents[feed_path(outlet)] = (kind, feed.encode())
        by_slug = {o.slug: o for o in outlets}
        for article in articles:
            page = render_page(by_slug[article.outlet], article, self.now)
            self._site.documents[article_path(article)] = (
                "text/html; charset=utf-8",
                page.encode(),
            )
        self.feed_urls = [self.base + feed_path(o) for o in outlets]

    @property
    def sink_url(self) -> str:
        """An apprise ``json://`` URL that posts alerts to this server's sink."""
        return f"json://127.0.0.1:{self._httpd.server_address[1]}/sink"

    @property
    def received(self) -> list[dict[str, Any]]:
        with self._site.lock:
            return list(self._site.received)

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def read_sink_payload(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
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
            path = self.path.split("?", 1)[0]
            doc = site.documents.get(path)
            if doc is None:
                self.send_error(404)
                return
            content_type, body = doc
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-Modified-Since") == site.last_modified
                and not self.headers.get("If-None-Match")
            ):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", site.last_modified)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            if self.path.split("?", 1)[0] != "/sink":
                self.send_error(404)
                return
            payload = read_sink_payload(self)
            with site.lock:
                site.received.append(payload)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler
