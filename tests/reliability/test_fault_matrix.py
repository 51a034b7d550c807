"""The fault matrix at the pipeline level: one feed per fault on a real loopback server,
beside healthy feeds, through ``run_monitor``. The run completes; each feed's health says
what happened; backoff grows while a feed keeps failing; healing resets it; the healthy
feeds' articles are all stored and extracted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from nongrata.db import Article, Database, Drop, Feed, open_database
from nongrata.db.models import ArticleExtractionState
from nongrata.ingest.registry import add_feed
from nongrata.pipeline.sequence import MonitorSummary, run_monitor
from nongrata.settings import Settings
from tests.support.faultserver import (
    CAP,
    ENCODING_FAULTS,
    FEED_FAULTS,
    PAGE_FAULTS,
    PAGES_PER_FEED,
    Fault,
    FaultServer,
)
from tests.support.feed_site import describe, drops_by_reason

NOW = datetime(2025, 6, 2, 6, 0, tzinfo=UTC)
BASE = 60  # backoff_base_seconds
GENERIC = [f for f in FEED_FAULTS if f.retry_after is None and f.reason != "http-410"]
FAULTS_INJECTED = len(FEED_FAULTS) + len(ENCODING_FAULTS) + len(PAGE_FAULTS)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def _settings(make_settings: Callable[..., Settings], db_url: str) -> Settings:
    return make_settings(
        database_url=db_url,
        only_hosts=["127.0.0.1"],
        http_timeout=1.0,
        max_feed_bytes=CAP,
        max_page_bytes=CAP,
        max_redirects=3,
        backoff_base_seconds=BASE,
        backoff_max_seconds=86_400,
        poll_interval_minutes=60,
        max_connections=32,
        max_connections_per_host=32,
    )


def _feeds(db: Database, server: FaultServer) -> dict[str, Feed]:
    with db.session() as session:
        return {f.url.removeprefix(server.url("")): f for f in session.scalars(select(Feed))}


def _delay(feed: Feed, now: datetime) -> float:
    assert feed.next_poll_at is not None, feed.url
    return (feed.next_poll_at - now).total_seconds()


def _check_fault_health(feed: Feed, fault: Fault, errors: int, now: datetime) -> float:
    """The health a failed poll leaves; the retry delay in seconds."""
    assert feed.last_error is not None, fault
    assert feed.last_error.startswith(f"{fault.reason}:"), (fault, feed.last_error)
    assert feed.last_status == fault.status, (fault, feed.last_status)
    assert feed.consecutive_errors == errors, fault
    assert feed.last_polled_at == now, fault
    if fault.reason == "http-410":
        assert feed.disabled_reason is not None
        assert "410 Gone" in feed.disabled_reason
        assert feed.next_poll_at is None
        return 0.0
    assert feed.disabled_reason is None, fault
    delay = _delay(feed, now)
    if fault.retry_after is not None:
        assert delay == fault.retry_after, fault  # Retry-After beats the shorter backoff
    else:
        assert BASE <= delay <= BASE * 2 ** (errors - 1), (fault, delay)
    return delay


def _no_internal_errors(summary: MonitorSummary) -> None:
    assert "internal-error" not in summary.ingest["failures"]
    assert "cleaner-crashed" not in summary.ingest["failures"]


def test_every_fault_is_recorded_backoff_grows_and_healing_resets(
    server: FaultServer, make_settings: Callable[..., Settings], db_url: str
) -> None:
    settings = _settings(make_settings, db_url)
    db = open_database(db_url)
    healthy = server.healthy_feed_paths()
    fault_paths = [f.path for f in FEED_FAULTS]
    with db.session() as session:
        for path in [*healthy, server.page_fault_feed_path(), *ENCODING_FAULTS, *fault_paths]:
            add_feed(session, server.url(path))

    # Run 1: every fault once.
    first = run_monitor(settings, now=NOW)
    _no_internal_errors(first)
    assert first.ingest["feeds_polled"] == len(healthy) + 1 + len(ENCODING_FAULTS) + len(
        FEED_FAULTS
    )
    assert first.ingest["feeds_failed"] == len(FEED_FAULTS)
    assert first.ingest["feeds_disabled"] == 1
    feeds = _feeds(db, server)
    for fault in FEED_FAULTS:
        delay = _check_fault_health(feeds[fault.path], fault, 1, NOW)
        if fault in GENERIC:
            assert delay == BASE  # the first retry waits exactly the base delay
    with db.session() as session:
        poll_drops = {
            (d.url, d.reason) for d in session.scalars(select(Drop).where(Drop.stage == "poll"))
        }
    assert poll_drops == {(server.url(f.path), f.reason) for f in FEED_FAULTS}

    # Mislabelled or invalid encodings: parsed and used, the problem recorded.
    for path in ENCODING_FAULTS:
        feed = feeds[path]
        assert feed.last_status == 200, path
        assert feed.last_error is None, path
        assert feed.parse_problem, path
        assert feed.consecutive_errors == 0, path
    assert "ignored" in (feeds["/enc/header-utf16-body-utf8.xml"].parse_problem or "")

    # Healthy feeds (and the encoding-fault feeds, which link to healthy pages): every
    # article stored, fetched, cleaned and extracted.
    with db.session() as session:
        articles = {a.url: a for a in session.scalars(select(Article))}
        extracted = set(session.scalars(select(ArticleExtractionState.article_id)))
    healthy_urls = [u for p in [*healthy, *ENCODING_FAULTS] for u in server.healthy_page_urls(p)]
    assert len(healthy_urls) == (len(healthy) + len(ENCODING_FAULTS)) * PAGES_PER_FEED
    for url in healthy_urls:
        assert articles[url].fetch_status == "fetched", (url, articles[url].fetch_error)
        assert articles[url].id in extracted, url
    assert first.extract["articles"] == len(articles)
    # Failing pages keep the feed's summary as the text, with the reason.
    for path, reason in PAGE_FAULTS.items():
        article = articles[server.url(path)]
        assert article.fetch_status == "summary", path
        assert (article.fetch_error or "").startswith(f"{reason}:"), (path, article.fetch_error)
        assert (article.text or "").startswith("Summary of"), path
        assert article.id in extracted, path
    figures = drops_by_reason(db)

    # Run 2, a day later: the faults persist; backoff grows; the 410 feed stays disabled.
    later = NOW + timedelta(days=1)
    second = run_monitor(settings, now=later)
    _no_internal_errors(second)
    assert second.ingest["feeds_failed"] == len(FEED_FAULTS) - 1
    assert second.ingest["new_articles"] == 0
    feeds = _feeds(db, server)
    gone = next(f for f in FEED_FAULTS if f.reason == "http-410")
    assert feeds[gone.path].last_polled_at == NOW
    delays = [_check_fault_health(feeds[f.path], f, 2, later) for f in FEED_FAULTS if f is not gone]
    assert max(delays) > BASE

    # The server heals; run 3 when every feed is due again: health resets.
    server.healed = True
    healed_at = later + timedelta(days=1)
    third = run_monitor(settings, now=healed_at)
    _no_internal_errors(third)
    assert third.ingest["feeds_failed"] == 0
    feeds = _feeds(db, server)
    for fault in FEED_FAULTS:
        feed = feeds[fault.path]
        if fault is gone:
            assert feed.disabled_reason is not None
            assert feed.last_polled_at == NOW
            continue
        assert feed.last_status == 200, fault
        assert feed.last_error is None, fault
        assert feed.consecutive_errors == 0, fault
        assert feed.last_success_at == healed_at, fault
        assert feed.next_poll_at == healed_at + timedelta(minutes=60), fault
    recovered = len(FEED_FAULTS) - 1
    assert third.ingest["new_articles"] == recovered * PAGES_PER_FEED
    with db.session() as session:
        pending = session.scalars(select(Article).where(Article.fetch_status == "pending")).all()
    assert pending == []
    print(
        describe(
            {
                "faults injected": FAULTS_INJECTED,
                "feed faults": len(FEED_FAULTS),
                "encoding faults": len(ENCODING_FAULTS),
                "page faults": len(PAGE_FAULTS),
                "drops by reason (run 1)": dict(sorted(figures.items())),
            },
            "fault matrix:",
        )
    )
    db.dispose()
