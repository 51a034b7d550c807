"""Peer corpus through the WHOLE pipeline: the 884 real pages of ../shared/pages served on
127.0.0.1 and announced by 20 local RSS feeds, then ``run_monitor`` (poll → fetch/clean →
extract → record → deliver) with only 127.0.0.1 allowed.

A few entries also link to the pages' ORIGINAL URLs on real hosts: the guard must refuse
them before any connection, and say so. Every article that is not fetched and cleaned has
its reason on the article and a drop row; nothing escapes as an unhandled error."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from nongrata.db import open_database
from nongrata.ingest.registry import add_feed
from nongrata.pipeline.sequence import run_monitor
from nongrata.settings import Settings
from tests.support.feed_site import (
    FeedItem,
    LocalSite,
    articles_by_url,
    describe,
    drops_by_reason,
    feeds_by_url,
    fetch_statuses,
    rss_document,
    unexplained_articles,
)

# Cleaning and extracting 884 real pages takes minutes on a busy two-core machine.
pytestmark = [pytest.mark.corpus, pytest.mark.slow, pytest.mark.timeout(2400)]

FEEDS = 20
ORIGINAL_LINKS_PER_FEED = 1  # entries that point at the real host the page came from


def _manifest(shared_dir: Path) -> list[dict[str, Any]]:
    pages = shared_dir / "pages"
    entries: list[dict[str, Any]] = json.loads((pages / "manifest.json").read_text("utf-8"))
    return [e for e in entries if (pages / e["file"]).is_file()]


def _build_feeds(site: LocalSite, manifest: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Register ~20 feeds over the pages; the URLs of the feeds and of the real-host links."""
    feed_urls: list[str] = []
    originals: list[str] = []
    for n in range(FEEDS):
        share = manifest[n::FEEDS]
        items = [
            FeedItem(
                link=f"{site.base}/files/{quote(page['file'])}",
                title=page["file"].removesuffix(".html").replace(".", " "),
                summary=f"Saved copy of {page['url']} ({page['words']} words).",
            )
            for page in share
        ]
        for page in share[:ORIGINAL_LINKS_PER_FEED]:
            items.append(
                FeedItem(link=page["url"], title=f"Original of {page['file']}", summary=page["url"])
            )
            originals.append(page["url"])
        path = f"/feeds/{n}.xml"
        site.documents[path] = (rss_document(f"Corpus feed {n}", items), "application/rss+xml")
        feed_urls.append(site.base + path)
    return feed_urls, originals


def test_every_shared_page_goes_through_the_whole_pipeline(
    shared_dir: Path, make_settings: Callable[..., Settings]
) -> None:
    manifest = _manifest(shared_dir)
    assert len(manifest) > 800
    settings = make_settings(
        only_hosts=["127.0.0.1"],
        max_connections=8,
        max_connections_per_host=8,
        http_timeout=20.0,
    )
    db = open_database(settings.effective_database_url)
    with LocalSite(files_dir=shared_dir / "pages") as site:
        feed_urls, originals = _build_feeds(site, manifest)
        with db.session() as session:
            for url in feed_urls:
                add_feed(session, url)
        started = time.monotonic()
        summary = run_monitor(settings)
        runtime = time.monotonic() - started
        requested = list(site.requested)

    ingest = summary.ingest
    assert ingest["feeds_polled"] == FEEDS
    assert ingest["feeds_failed"] == 0
    assert ingest["new_articles"] == len(manifest) + len(originals)
    assert "internal-error" not in ingest["failures"]
    assert "cleaner-crashed" not in ingest["failures"]

    # Every feed is healthy; every article was handled, each failure with its reason.
    for url, feed in feeds_by_url(db).items():
        assert feed.last_status == 200, url
        assert feed.last_error is None, url
        assert feed.consecutive_errors == 0, url
    assert unexplained_articles(db) == []
    statuses = fetch_statuses(db)
    assert statuses["pending"] == 0
    assert statuses["fetched"] > len(manifest) * 0.8

    # The real hosts were refused by the guard before any connection, and it says so.
    stored = articles_by_url(db)
    for original in originals:
        article = stored[original]
        assert article.fetch_status == "refused", original
        assert article.fetch_error is not None
        assert article.fetch_error.startswith("refused-address:"), article.fetch_error
        assert "only_hosts" in article.fetch_error
    assert ingest["failures"].get("refused-address") == len(originals)
    # The server saw only the feeds and the local pages, each once.
    assert len(requested) == FEEDS + len(manifest)
    assert {urlsplit(p).path.split("/")[1] for p in requested} == {"feeds", "files"}

    # Extraction saw every article that has text.
    extract = summary.extract
    assert extract["articles"] == len(stored)
    figures = {
        "feeds tried": FEEDS,
        "pages tried": len(manifest),
        "real-host links refused": len(originals),
        "articles stored": len(stored),
        "fetch statuses": dict(sorted(statuses.items())),
        "drops by reason": dict(sorted(drops_by_reason(db).items())),
        "articles extracted": extract["articles"],
        "skipped by prefilter": extract["skipped_by_prefilter"],
        "events new": extract["events_new"],
        "runtime (s)": round(runtime, 1),
    }
    print(describe(figures, "pages corpus through run_monitor:"))
    db.dispose()
