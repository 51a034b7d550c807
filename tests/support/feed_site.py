"""Helpers for the reliability tests: a loopback server of generated feeds and local files,
and the figures a run leaves in the database (feed health, drops by reason)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import func, select

from nongrata.db import Article, Database, Drop, Feed


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str
    summary: str
    guid: str | None = None
    date: str = "Mon, 02 Jun 2025 05:00:00 GMT"


def rss_document(title: str, items: list[FeedItem]) -> bytes:
    """An RSS 2.0 document; every value is XML-escaped."""
    parts = []
    for item in items:
        guid = f"<guid isPermaLink='false'>{escape(item.guid)}</guid>" if item.guid else ""
        parts.append(
            f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>{guid}"
            f"<description>{escape(item.summary)}</description>"
            f"<pubDate>{item.date}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link>"
        f"{''.join(parts)}</channel></rss>"
    ).encode()


@dataclass
class LocalSite:
    """A threaded HTTP server on 127.0.0.1: in-memory documents by path, and files under
    ``/files/`` from ``files_dir``. Records every path requested."""

    documents: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    files_dir: Path | None = None
    requested: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requested.append(self.path)
                body, ctype = site.lookup(self.path)
                self.send_response(200 if ctype else 404)
                self.send_header("Content-Type", ctype or "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def lookup(self, raw_path: str) -> tuple[bytes, str | None]:
        path = urlsplit(raw_path).path
        if path in self.documents:
            return self.documents[path]
        if self.files_dir is not None and path.startswith("/files/"):
            name = unquote(path.removeprefix("/files/"))
            target = (self.files_dir / name).resolve()
            if target.parent == self.files_dir.resolve() and target.is_file():
                return target.read_bytes(), "text/html"
        return b"not found", None

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def drops_by_reason(db: Database, stage: str | None = None) -> dict[str, int]:
    """``stage/reason`` → count of the drops recorded."""
    with db.session() as session:
        query = select(Drop.stage, Drop.reason, func.count()).group_by(Drop.stage, Drop.reason)
        if stage is not None:
            query = query.where(Drop.stage == stage)
        return {f"{s}/{r}": int(n) for s, r, n in session.execute(query)}


def feeds_by_url(db: Database) -> dict[str, Feed]:
    with db.session() as session:
        return {f.url: f for f in session.scalars(select(Feed))}


def articles_by_url(db: Database) -> dict[str, Article]:
    with db.session() as session:
        return {a.url: a for a in session.scalars(select(Article))}


def fetch_statuses(db: Database) -> Counter[str]:
    with db.session() as session:
        rows = session.execute(
            select(Article.fetch_status, func.count()).group_by(Article.fetch_status)
        )
        return Counter({str(status): int(count) for status, count in rows})


def unexplained_articles(db: Database) -> list[str]:
    """Articles not fetched whose failure has no reason, or no drop row: should be none."""
    with db.session() as session:
        dropped = set(session.scalars(select(Drop.article_id).where(Drop.article_id.is_not(None))))
        bad = []
        for article in session.scalars(select(Article).where(Article.fetch_status != "fetched")):
            if not article.fetch_error or article.id not in dropped:
                bad.append(f"{article.url}: {article.fetch_status} {article.fetch_error!r}")
        return bad


def describe(figures: Mapping[str, object], header: str) -> str:
    return header + "\n" + "\n".join(f"  {k}: {v}" for k, v in figures.items())
