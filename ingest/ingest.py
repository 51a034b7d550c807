"""Ingestion stages: poll due feeds, then fetch and clean new articles' pages.

Plain async functions (no Prefect): the flow in ``nongrata.flows`` wires them, ``nongrata
run`` prints their summaries. Every failure is recorded where a user looks for it: the
feed's health (``feeds.last_error``, ``next_poll_at``, ``disabled_reason``), the article's
``fetch_error``, and one ``drops`` row per failure (stage + reason).

- ``poll_feeds`` polls only DUE feeds (``nongrata.ingest.due``; every enabled one but for a
  server's Retry-After with ``force``), concurrently
  (the HTTP client bounds connections overall and per host), with conditional GET;
  feeds are parsed off the event loop; health and new articles are written in batches.
- ``fetch_pending`` fetches each pending article's page and cleans it in a process pool
  (trafilatura is CPU-bound), cleaning overlapped with fetching; a page that cannot be
  fetched or cleaned leaves the feed's summary as the text, with the reason. A page in
  which no event can be (``nongrata.extractors.prefilter.page``) is not cleaned: it is
  fetched, keeps the summary as its text, and ``fetch_error`` says why (not a failure).
- ``ingest`` does both with one HTTP client, starting the cleaning workers while it polls
  as soon as new articles arrive, unless it is given them (started ahead by the run).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, TypeVar

from nongrata.db import Database
from nongrata.db.types import utcnow
from nongrata.errors import NetworkError
from nongrata.ingest.clean_worker import Prefiltered, clean_page_job, ready
from nongrata.ingest.due import plan_polls
from nongrata.ingest.feeds import HTML_AS_FEED, ParsedFeed, parse_feed
from nongrata.ingest.page_store import (
    PageOutcome,
    PendingPage,
    keep_summaries_of_pending,
    load_pending_pages,
    store_page_outcomes,
)
from nongrata.ingest.registry import bundled_pages
from nongrata.ingest.replace import REPLACE_REASONS, replacements
from nongrata.ingest.store import DueFeed, FeedOutcome, store_feed_outcomes
from nongrata.net import HttpClient, HttpResponse
from nongrata.pipeline.processes import spawned_pool, usable_cores
from nongrata.settings import Settings

WRITE_BATCH = 100  # outcomes per database transaction
# Cleaning workers: one per core, the event loop (fetching, parsing) sharing them; more
# only adds processes that wait (trafilatura is CPU-bound).
MAX_CLEAN_WORKERS = 4
_T = TypeVar("_T")


@dataclass
class _FeedCounts:
    """What polling counts: of a poll (PollSummary) and of the whole ingest (IngestSummary)."""

    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_disabled: int = 0
    feeds_ill_formed: int = 0  # parsed and used, with the problem recorded
    new_articles: int = 0
    new_sightings: int = 0
    entries_dropped: int = 0


@dataclass
class _PageCounts:
    """What fetching pages counts: of a fetch (FetchSummary) and of the whole ingest."""

    pages_fetched: int = 0
    pages_failed: int = 0
    pages_prefiltered: int = 0  # of those fetched, not cleaned: no event trigger on the page


@dataclass
class PollSummary(_FeedCounts):
    feeds_due: int = 0
    failures: dict[str, int] = field(default_factory=dict)  # reason → count
    nothing_due: str | None = None  # when no feed was due: why, and when the next one is
    # The feeds this poll found at a broken address (404, 410, not a feed): ingest.replace
    to_replace: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class FetchSummary(_PageCounts):
    pages_pending: int = 0
    summaries_kept: int = 0  # articles whose text is the feed summary (fetching off)
    failures: dict[str, int] = field(default_factory=dict)  # reason → count


@dataclass
class IngestSummary(_PageCounts, _FeedCounts):
    """The feed counts, then the page counts, of one ingest."""

    failures: dict[str, int] = field(default_factory=dict)  # reason → count, polls and pages
    nothing_due: str | None = None  # when no feed was due: why, and when the next one is
    to_replace: list[dict[str, Any]] = field(default_factory=list)  # see PollSummary

    @classmethod
    def combine(cls, poll: PollSummary, fetch: FetchSummary) -> IngestSummary:
        failures = Counter(poll.failures)
        failures.update(fetch.failures)
        names = {f.name for f in fields(cls)}
        counts = {k: v for part in (poll, fetch) for k, v in asdict(part).items() if k in names}
        return cls(**{**counts, "failures": dict(sorted(failures.items()))})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# Polling --------------------------------------------------------------------------------


def _content_type_header(response: HttpResponse) -> str | None:
    if response.content_type is None:
        return None
    if response.charset:
        return f"{response.content_type}; charset={response.charset}"
    return response.content_type


def _status_outcome(feed: DueFeed, response: HttpResponse) -> FeedOutcome:
    status = response.status
    detail = f"HTTP {status} from {response.url}"
    if status == 410:
        return FeedOutcome(feed, "gone", status=status, reason="http-410", detail=detail)
    if response.retry_after is not None:
        detail += f" (Retry-After {response.retry_after:g}s)"
    return FeedOutcome(
        feed,
        "error",
        status=status,
        reason=f"http-{status}",
        detail=detail,
        retry_after=response.retry_after,
    )


def _parse_outcome(feed: DueFeed, response: HttpResponse, parsed: ParsedFeed) -> FeedOutcome:
    if not parsed.is_feed:
        reason = "html-not-feed" if parsed.problem == HTML_AS_FEED else "not-a-feed"
        return FeedOutcome(
            feed,
            "error",
            status=response.status,
            reason=reason,
            detail=parsed.problem or "no feed in the response",
        )
    return FeedOutcome(
        feed,
        "ok",
        status=response.status,
        parsed=parsed,
        etag=response.etag,
        last_modified=response.last_modified,
        permanent_url=response.permanent_url,
    )


async def _poll_one(client: HttpClient, feed: DueFeed) -> FeedOutcome:
    try:
        response = await client.get(
            feed.url, kind="feed", etag=feed.etag, last_modified=feed.last_modified
        )
    except NetworkError as exc:
        return FeedOutcome(feed, "error", reason=exc.reason, detail=str(exc))
    if response.not_modified:
        return FeedOutcome(
            feed,
            "not-modified",
            status=response.status,
            etag=response.etag,
            last_modified=response.last_modified,
            permanent_url=response.permanent_url,
        )
    if not 200 <= response.status < 300:
        return _status_outcome(feed, response)
    parsed = await asyncio.to_thread(
        parse_feed, response.body, url=response.url, content_type=_content_type_header(response)
    )
    return _parse_outcome(feed, response, parsed)


async def _guarded(feed: DueFeed, work: Awaitable[FeedOutcome]) -> FeedOutcome:
    """A bug while polling one feed is recorded on that feed; the run goes on."""
    try:
        return await work
    except Exception as exc:
        return FeedOutcome(
            feed, "error", reason="internal-error", detail=f"{type(exc).__name__}: {exc}"
        )


def _count_poll(summary: PollSummary, outcome: FeedOutcome, failures: Counter[str]) -> None:
    summary.feeds_polled += 1
    if outcome.kind == "not-modified":
        summary.feeds_not_modified += 1
    elif outcome.kind in {"error", "gone"}:
        summary.feeds_failed += 1
        failures[outcome.reason or "error"] += 1


async def _in_batches(
    tasks: Sequence[asyncio.Future[_T]],
    write: Callable[[list[_T]], Awaitable[None]],
) -> None:
    batch: list[_T] = []
    try:
        for next_done in asyncio.as_completed(tasks):
            batch.append(await next_done)
            if len(batch) >= WRITE_BATCH:
                await write(batch)
                batch = []
        if batch:
            await write(batch)
    finally:
        for task in tasks:
            task.cancel()


async def poll_feeds(
    db: Database,
    settings: Settings,
    client: HttpClient,
    run_id: int | None,
    now: datetime,
    *,
    rng: random.Random | None = None,
    on_new_articles: Callable[[int], None] | None = None,
    force: bool = False,
) -> PollSummary:
    """Poll every due feed once (with ``force``, every enabled feed whose server did not ask
    to wait); store new articles as pending and update feed health.
    ``on_new_articles`` is called after each batch of polls that stored new articles, with
    the number stored so far. When no feed is due, ``nothing_due`` says why."""
    rng = rng or random.Random()
    plan = await asyncio.to_thread(plan_polls, db, settings, now, force=force)
    due = plan.due
    summary = PollSummary(feeds_due=len(due), nothing_due=plan.nothing_due(force=force))
    failures: Counter[str] = Counter()
    broken: list[int] = []  # feeds whose address answered 404, 410 or no feed

    async def write(outcomes: list[FeedOutcome]) -> None:
        for outcome in outcomes:
            _count_poll(summary, outcome, failures)
            if outcome.reason in REPLACE_REASONS:
                broken.append(outcome.feed.id)
        result = await asyncio.to_thread(
            store_feed_outcomes, db, settings, outcomes, run_id=run_id, now=now, rng=rng
        )
        summary.new_articles += result.new_articles
        summary.new_sightings += result.new_sightings
        summary.entries_dropped += result.entries_dropped
        summary.feeds_disabled += result.disabled
        summary.feeds_ill_formed += result.ill_formed
        if result.entries_dropped:
            failures["entry-dropped"] += result.entries_dropped
        if result.new_articles and on_new_articles is not None:
            on_new_articles(summary.new_articles)

    tasks = [asyncio.ensure_future(_guarded(f, _poll_one(client, f))) for f in due]
    await _in_batches(tasks, write)
    summary.failures = dict(sorted(failures.items()))
    if broken:
        summary.to_replace = await asyncio.to_thread(_to_replace, db, broken)
    return summary


def _to_replace(db: Database, feed_ids: list[int]) -> list[dict[str, Any]]:
    with db.session() as session:
        return [r.to_json() for r in replacements(session, feed_ids, bundled_pages())]


# Pages ----------------------------------------------------------------------------------


def page_cleaning_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool for ``clean_page_job`` (spawned: safe beside threads), one worker per
    core this process may use (at most ``MAX_CLEAN_WORKERS``). The workers are started at
    once and import the cleaning job while the caller goes on."""
    count = workers or max(1, min(MAX_CLEAN_WORKERS, usable_cores()))
    pool, _ = spawned_pool(count, ready)
    return pool


async def _fetch_one(
    client: HttpClient, executor: Executor, page: PendingPage, prefilter: bool = False
) -> PageOutcome:
    try:
        response = await client.get(page.url, kind="page")
    except NetworkError as exc:
        return PageOutcome(page.id, page.url, reason=exc.reason, detail=str(exc))
    if response.status != 200:
        return PageOutcome(
            page.id,
            page.url,
            reason=f"http-{response.status}",
            detail=f"HTTP {response.status} from {response.url}",
        )
    if not response.body.strip():
        return PageOutcome(page.id, page.url, reason="empty-page", detail="the page is empty")
    loop = asyncio.get_running_loop()
    try:
        cleaned = await loop.run_in_executor(
            executor,
            clean_page_job,
            response.body,
            response.url,
            response.charset,
            prefilter,
            page.metadata,
        )
    except BrokenProcessPool as exc:
        return PageOutcome(page.id, page.url, reason="cleaner-crashed", detail=str(exc))
    if isinstance(cleaned, Prefiltered):
        return PageOutcome(page.id, page.url, prefiltered=cleaned.reason)
    if isinstance(cleaned, str):
        return PageOutcome(page.id, page.url, reason="no-text", detail=cleaned)
    return PageOutcome(page.id, page.url, page=cleaned)


async def _guarded_page(page: PendingPage, work: Awaitable[PageOutcome]) -> PageOutcome:
    try:
        return await work
    except Exception as exc:
        return PageOutcome(
            page.id, page.url, reason="internal-error", detail=f"{type(exc).__name__}: {exc}"
        )


async def fetch_pending(
    db: Database,
    settings: Settings,
    client: HttpClient,
    run_id: int | None,
    limit: int | None = None,
    *,
    executor: Executor | None = None,
    now: datetime | None = None,
) -> FetchSummary:
    """Fetch and clean the pages of pending articles (at most ``limit``)."""
    now = now or utcnow()
    if not settings.fetch_pages:
        kept = await asyncio.to_thread(keep_summaries_of_pending, db, run_id=run_id, now=now)
        return FetchSummary(summaries_kept=kept)
    pending = await asyncio.to_thread(load_pending_pages, db, limit)
    summary = FetchSummary(pages_pending=len(pending))
    if not pending:
        return summary
    failures: Counter[str] = Counter()

    async def write(outcomes: list[PageOutcome]) -> None:
        for outcome in outcomes:
            if outcome.page is not None:
                summary.pages_fetched += 1
            elif outcome.prefiltered is not None:
                summary.pages_fetched += 1  # fetched, and found not to need cleaning
                summary.pages_prefiltered += 1
            else:
                summary.pages_failed += 1
                failures[outcome.reason or "fetch-error"] += 1
        await asyncio.to_thread(store_page_outcomes, db, outcomes, run_id=run_id, now=now)

    own_executor = executor is None
    pool = executor or page_cleaning_executor()
    try:
        tasks = [
            asyncio.ensure_future(_guarded_page(p, _fetch_one(client, pool, p, settings.prefilter)))
            for p in pending
        ]
        await _in_batches(tasks, write)
    finally:
        if own_executor:
            pool.shutdown(wait=True, cancel_futures=True)
    summary.failures = dict(sorted(failures.items()))
    return summary


async def ingest(
    db: Database,
    settings: Settings,
    run_id: int | None,
    now: datetime | None = None,
    *,
    rng: random.Random | None = None,
    executor: Executor | None = None,
    on_new_articles: Callable[[int], None] | None = None,
    seconds: dict[str, float] | None = None,
    force: bool = False,
) -> IngestSummary:
    """Poll the due feeds (every enabled one with ``force``, see ``poll_feeds``), then fetch
    and clean the new pages, with one HTTP client.

    Without an ``executor`` (the cleaning workers, left running for the caller to stop), the
    cleaning workers are started as soon as polling stores a new article, so that they start
    up while the other feeds are polled, and stopped at the end.
    ``on_new_articles`` is called as ``poll_feeds`` calls it. ``seconds`` (if given)
    receives the time spent in "poll" and in "fetch+clean".
    """
    now = now or utcnow()
    started: list[ProcessPoolExecutor] = []
    wants_pool = executor is None and settings.fetch_pages

    def new_articles(stored: int) -> None:
        if wants_pool and not started:
            started.append(page_cleaning_executor())
        if on_new_articles is not None:
            on_new_articles(stored)

    timer = time.perf_counter()
    try:
        async with HttpClient(settings) as client:
            poll = await poll_feeds(
                db,
                settings,
                client,
                run_id,
                now,
                rng=rng,
                on_new_articles=new_articles,
                force=force,
            )
            timer = _lap(seconds, "poll", timer)
            pool = executor or (started[0] if started else None)
            fetch = await fetch_pending(db, settings, client, run_id, executor=pool, now=now)
            _lap(seconds, "fetch+clean", timer)
    finally:
        for own in started:
            own.shutdown(wait=True, cancel_futures=True)
    return IngestSummary.combine(poll, fetch)


def _lap(seconds: dict[str, float] | None, stage: str, since: float) -> float:
    now = time.perf_counter()
    if seconds is not None:
        seconds[stage] = round(seconds.get(stage, 0.0) + now - since, 3)
    return now
