"""Helpers for the ingestion tests: feeds and pages served by a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from nongrata.db import Article, Database, Drop, Feed, Run, open_database
from nongrata.ingest import ingest as ingest_module
from nongrata.ingest.ingest import IngestSummary, ingest
from nongrata.ingest.registry import add_feed
from nongrata.settings import Settings

NOW = datetime(2025, 6, 2, 6, 0, tzinfo=UTC)
RSS = "application/rss+xml; charset=utf-8"


def rss(*items: str, title: str = "Test feed") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link>{''.join(items)}</channel></rss>"
    )


def item(
    link: str | None,
    title: str,
    *,
    guid: str | None = None,
    summary: str | None = None,
    date: str | None = "Mon, 02 Jun 2025 05:00:00 GMT",
) -> str:
    parts = [f"<title>{title}</title>"]
    if link is not None:
        parts.append(f"<link>{link}</link>")
    if guid is not None:
        parts.append(f"<guid isPermaLink='false'>{guid}</guid>")
    if summary is not None:
        parts.append(f"<description>{summary}</description>")
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    return f"<item>{''.join(parts)}</item>"


def article_page(headline: str, sentences: int = 4) -> str:
    paragraph = (
        f"{headline}. Officials confirmed the decision on Monday morning and said the "
        "measures were taken after a long investigation by the security service."
    )
    body = "".join(f"<p>{paragraph} Paragraph {n}.</p>" for n in range(sentences))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{headline}</title>"
        "<meta property='article:published_time' content='2025-06-01T10:00:00Z'></head>"
        f"<body><article><h1>{headline}</h1>{body}</article></body></html>"
    )


def conditional_feed(body: str, etag: str) -> Callable[[Request], Response]:
    """A feed handler honouring If-None-Match with ``etag``."""

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type=RSS, headers={"ETag": etag})

    return handler


def requests_to(server: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in server.log if request.path == path)


def start_run(db: Database) -> int:
    with db.session() as session:
        run = Run(kind="monitor", started_at=NOW, status="running", summary={})
        session.add(run)
        session.flush()
        return run.id


def register(db: Database, *urls: str) -> None:
    with db.session() as session:
        for url in urls:
            add_feed(session, url)


def serve_feed(server: HTTPServer, db: Database, *items: str) -> str:
    """Serve an RSS feed of ``items`` at ``/f.xml`` and register it; its URL."""
    server.expect_request("/f.xml").respond_with_data(rss(*items), content_type=RSS)
    url = server.url_for("/f.xml")
    register(db, url)
    return url


def register_at(database_url: str, urls: Iterable[str]) -> None:
    """Register ``urls`` in the database at ``database_url`` (opened for this, then closed)."""
    db = open_database(database_url)
    try:
        register(db, *urls)
    finally:
        db.dispose()


def run_ingest(
    db: Database,
    settings: Settings,
    *,
    now: datetime = NOW,
    executor: Executor | None = None,
    force: bool = False,
) -> IngestSummary:
    return asyncio.run(ingest(db, settings, start_run(db), now=now, executor=executor, force=force))


def feed_row(db: Database, url: str) -> Feed:
    with db.session() as session:
        return session.scalars(select(Feed).where(Feed.url == url)).one()


def articles(db: Database) -> list[Article]:
    with db.session() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))


def drops(db: Database) -> list[Drop]:
    with db.session() as session:
        return list(session.scalars(select(Drop).order_by(Drop.id)))


def spy_cleaning_pools(monkeypatch: pytest.MonkeyPatch) -> list[ProcessPoolExecutor]:
    """The real cleaning pools started from now on (one worker each), in order."""
    started: list[ProcessPoolExecutor] = []
    real = ingest_module.page_cleaning_executor

    def spy(workers: int | None = None) -> ProcessPoolExecutor:
        pool = real(1)
        started.append(pool)
        return pool

    monkeypatch.setattr(ingest_module, "page_cleaning_executor", spy)
    return started
