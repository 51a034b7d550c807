"""Robustness: feedparser's own test feeds (../shared/feeds, 2,106 files) served on 127.0.0.1,
registered and ingested with page fetching on. Their entries link to real hosts, which the
guard refuses (recorded), so no traffic leaves the machine."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import func, select

from nongrata.db import Article, Drop, Feed, open_database
from nongrata.ingest.ingest import page_cleaning_executor
from nongrata.ingest.registry import add_feed
from nongrata.settings import Settings
from tests.support.ingest import NOW, run_ingest

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


class _QuietHandler(SimpleHTTPRequestHandler):
    requested: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.requested.append(self.path)


@pytest.fixture
def feed_server(shared_dir: Path) -> Iterator[tuple[str, list[str]]]:
    requested: list[str] = []
    handler = functools.partial(
        type("Handler", (_QuietHandler,), {"requested": requested}),
        directory=str(shared_dir / "feeds"),
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requested
    server.shutdown()
    server.server_close()


def test_every_shared_feed_is_parsed_or_has_a_recorded_reason(
    shared_dir: Path,
    feed_server: tuple[str, list[str]],
    make_settings: Any,
    db_url: str,
) -> None:
    base, requested = feed_server
    root = shared_dir / "feeds"
    files = sorted(p for p in root.rglob("*") if p.is_file())
    assert len(files) > 2000
    db = open_database(db_url)
    urls = [f"{base}/{quote(p.relative_to(root).as_posix())}" for p in files]
    with db.session() as session:
        for url in urls:
            add_feed(session, url)
    settings: Settings = make_settings(
        only_hosts=["127.0.0.1"],
        fetch_pages=True,
        http_timeout=10.0,
        max_connections=16,
        max_connections_per_host=16,
    )
    pool: ProcessPoolExecutor = page_cleaning_executor(2)
    try:
        summary = run_ingest(db, settings, executor=pool)
    finally:
        pool.shutdown(wait=True)

    assert summary.feeds_polled == len(files)
    assert "internal-error" not in summary.failures
    with db.session() as session:
        feeds = list(session.scalars(select(Feed)))
        assert len(feeds) == len(files)
        for feed in feeds:
            assert feed.last_polled_at == NOW, feed.url
            parsed = feed.last_status == 200 and feed.last_error is None
            assert parsed or feed.last_error, feed.url
        failed = [f for f in feeds if f.last_error]
        failed_ids = set(session.scalars(select(Drop.feed_id).where(Drop.stage == "poll")))
        assert {f.id for f in failed} <= failed_ids
        assert (
            session.scalar(
                select(func.count()).select_from(Article).where(Article.fetch_status == "pending")
            )
            == 0
        )
        for article in session.scalars(select(Article)):
            host = urlsplit(article.url).hostname if article.url.startswith("http") else None
            if host is not None and host != "127.0.0.1":
                assert article.fetch_status == "refused", article.url
                assert article.fetch_error, article.url
    # Only the feeds themselves (and pages on 127.0.0.1) were requested from the server.
    assert len(requested) >= len(files)
    assert summary.new_articles > 0
    db.dispose()
