"""The database side of ingestion: which feeds are due, what a poll or a page fetch changes.

Synchronous functions, each run in one session (one transaction per batch); the async
stages in :mod:`nongrata.pipeline.ingest` hand them plain outcome objects.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from nongrata.db import Article, ArticleFeed, Database, Drop, Feed
from nongrata.extractors.clean import CleanedPage, content_hash
from nongrata.extractors.feeds import FeedEntry, ParsedFeed
from nongrata.extractors.language import detect_language
from nongrata.net import next_poll_after_error, next_poll_after_success
from nongrata.settings import Settings

IN_CHUNK = 500  # values per SQL IN (...) list
URL_WIDTH = 2048
REASON_WIDTH = 64

# articles.fetch_status values
PENDING = "pending"  # not fetched yet
FETCHED = "fetched"  # page fetched and cleaned (or prefiltered: see PREFILTERED)
SUMMARY = "summary"  # the feed's summary is the text (fetch_error says why, if it is a failure)
REFUSED = "refused"  # the network guard refused the page URL; the summary is the text
FAILED = "failed"  # no page and no summary: nothing to read (fetch_error says why)
# How fetch_error starts for a page fetched but not cleaned, no event being possible in it
# (the page prefilter): the article is fetched, its text is the feed's summary, and no drop
# is recorded (it is no failure; the run's summary counts them).
PREFILTERED = "prefiltered"


@dataclass(frozen=True)
class DueFeed:
    id: int
    url: str
    etag: str | None
    last_modified: str | None
    consecutive_errors: int


@dataclass(frozen=True)
class FeedOutcome:
    """What one poll of one feed gave. ``kind``: ``ok`` (parsed, entries to store),
    ``not-modified`` (304), ``error`` (retry with backoff) or ``gone`` (410: disable)."""

    feed: DueFeed
    kind: Literal["ok", "not-modified", "error", "gone"]
    status: int | None = None
    reason: str | None = None  # short slug for errors
    detail: str | None = None
    parsed: ParsedFeed | None = None
    etag: str | None = None
    last_modified: str | None = None
    permanent_url: str | None = None
    retry_after: float | None = None


@dataclass
class FeedBatchResult:
    new_articles: int = 0
    new_sightings: int = 0
    entries_dropped: int = 0
    disabled: int = 0
    ill_formed: int = 0


@dataclass(frozen=True)
class PendingPage:
    id: int
    url: str


@dataclass(frozen=True)
class PageOutcome:
    """A page fetch: ``page`` when it was fetched and cleaned, ``prefiltered`` (why not) when
    it was fetched and not cleaned, else the failure's ``reason``/``detail``."""

    article_id: int
    url: str
    page: CleanedPage | None = None
    reason: str | None = None
    detail: str | None = None
    prefiltered: str | None = None


def _chunks(values: Sequence[str], size: int = IN_CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _clip(value: str | None, width: int) -> str | None:
    return value[:width] if value is not None else None


def drop(
    *,
    run_id: int | None,
    stage: str,
    reason: str,
    detail: str | None,
    url: str | None,
    feed_id: int | None = None,
    article_id: int | None = None,
    now: datetime,
) -> Drop:
    return Drop(
        run_id=run_id,
        stage=stage,
        reason=reason[:REASON_WIDTH],
        detail=detail,
        url=_clip(url, URL_WIDTH),
        feed_id=feed_id,
        article_id=article_id,
        created_at=now,
    )


# Feeds ----------------------------------------------------------------------------------


def load_due_feeds(db: Database, now: datetime) -> list[DueFeed]:
    """Enabled feeds whose next poll is due (never polled, or ``next_poll_at <= now``)."""
    with db.session() as session:
        rows = session.scalars(
            select(Feed)
            .where(Feed.disabled_reason.is_(None))
            .where(or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
            .order_by(Feed.id)
        )
        return [
            DueFeed(f.id, f.url, f.etag, f.last_modified, f.consecutive_errors or 0) for f in rows
        ]


def store_feed_outcomes(
    db: Database,
    settings: Settings,
    outcomes: Sequence[FeedOutcome],
    *,
    run_id: int | None,
    now: datetime,
    rng: random.Random,
) -> FeedBatchResult:
    """Feed health and new articles/sightings for a batch of polls, in one transaction."""
    result = FeedBatchResult()
    with db.session() as session:
        for outcome in outcomes:
            feed = session.get(Feed, outcome.feed.id)
            if feed is None:  # removed while the run was polling it: nothing to update
                continue
            _apply_health(session, settings, feed, outcome, result, run_id, now, rng)
            if outcome.parsed is not None:
                _store_entries(session, settings, feed, outcome.parsed, result, run_id, now)
    return result


def _record_error(
    session: Session,
    settings: Settings,
    feed: Feed,
    outcome: FeedOutcome,
    run_id: int | None,
    now: datetime,
    rng: random.Random,
) -> None:
    reason = outcome.reason or "error"
    feed.consecutive_errors = (feed.consecutive_errors or 0) + 1
    feed.last_error = f"{reason}: {outcome.detail}" if outcome.detail else reason
    feed.next_poll_at = next_poll_after_error(
        feed.consecutive_errors,
        base=settings.backoff_base_seconds,
        maximum=settings.backoff_max_seconds,
        retry_after=outcome.retry_after,
        now=now,
        rng=rng,
    )
    session.add(
        drop(
            run_id=run_id,
            stage="poll",
            reason=reason,
            detail=outcome.detail,
            url=feed.url,
            feed_id=feed.id,
            now=now,
        )
    )


def _apply_health(
    session: Session,
    settings: Settings,
    feed: Feed,
    outcome: FeedOutcome,
    result: FeedBatchResult,
    run_id: int | None,
    now: datetime,
    rng: random.Random,
) -> None:
    feed.last_polled_at = now
    feed.last_status = outcome.status
    if outcome.kind == "gone":
        feed.consecutive_errors = (feed.consecutive_errors or 0) + 1
        feed.disabled_reason = f"410 Gone on {now:%Y-%m-%d}: the feed was removed by its server"
        feed.last_error = f"{outcome.reason}: {outcome.detail}" if outcome.detail else "http-410"
        feed.next_poll_at = None
        result.disabled += 1
        session.add(
            drop(
                run_id=run_id,
                stage="poll",
                reason=outcome.reason or "http-410",
                detail=feed.disabled_reason,
                url=feed.url,
                feed_id=feed.id,
                now=now,
            )
        )
        return
    if outcome.kind == "error":
        _record_error(session, settings, feed, outcome, run_id, now, rng)
        return
    # ok or not-modified: a healthy poll
    feed.consecutive_errors = 0
    feed.last_error = None
    feed.last_success_at = now
    feed.next_poll_at = next_poll_after_success(now, settings.poll_interval_minutes)
    feed.etag = _clip(outcome.etag, 1024)
    feed.last_modified = _clip(outcome.last_modified, 256)
    if outcome.parsed is not None:
        feed.parse_problem = outcome.parsed.problem
        result.ill_formed += outcome.parsed.problem is not None
        if outcome.parsed.title and not feed.title:
            feed.title = outcome.parsed.title
    if outcome.permanent_url and outcome.permanent_url != feed.url:
        _move_feed(session, feed, outcome.permanent_url, result, run_id, now)


def _move_feed(
    session: Session,
    feed: Feed,
    new_url: str,
    result: FeedBatchResult,
    run_id: int | None,
    now: datetime,
) -> None:
    """A permanent redirect: store the new URL, unless another feed already has it."""
    if len(new_url) > URL_WIDTH:
        feed.last_error = f"moved-permanently: new URL too long to store ({new_url[:100]}…)"
        return
    taken = session.scalars(select(Feed.id).where(Feed.url == new_url, Feed.id != feed.id)).first()
    if taken is None:
        feed.url = new_url
        return
    feed.disabled_reason = f"moved permanently to {new_url}, which is already registered"
    feed.next_poll_at = None
    result.disabled += 1
    session.add(
        drop(
            run_id=run_id,
            stage="poll",
            reason="moved-to-duplicate",
            detail=feed.disabled_reason,
            url=feed.url,
            feed_id=feed.id,
            now=now,
        )
    )


def _store_entries(
    session: Session,
    settings: Settings,
    feed: Feed,
    parsed: ParsedFeed,
    result: FeedBatchResult,
    run_id: int | None,
    now: datetime,
) -> None:
    for dropped in parsed.dropped:
        result.entries_dropped += 1
        session.add(
            drop(
                run_id=run_id,
                stage="parse",
                reason=dropped.reason,
                detail=dropped.detail,
                url=feed.url,
                feed_id=feed.id,
                now=now,
            )
        )
    if not parsed.entries:
        return
    existing = _existing_articles(session, feed.id, parsed.entries)
    sighted = set(
        session.scalars(
            select(ArticleFeed.article_id).where(
                ArticleFeed.feed_id == feed.id,
                ArticleFeed.article_id.in_(set(existing.values())),
            )
        )
    )
    for entry in parsed.entries:
        article_id = existing.get(entry.key)
        if article_id is None:
            article_id = _insert_article(session, settings, feed, entry, run_id, now)
            if article_id is None:
                continue
            result.new_articles += 1
        if article_id not in sighted:
            session.add(
                ArticleFeed(
                    article_id=article_id, feed_id=feed.id, guid=entry.guid, first_seen_at=now
                )
            )
            sighted.add(article_id)
            result.new_sightings += 1
    session.flush()


def _existing_articles(
    session: Session, feed_id: int, entries: Sequence[FeedEntry]
) -> dict[str, int]:
    """Entry key → id of the article already stored for it: by canonical URL (any feed),
    then by guid within this feed (an entry whose link changed is still the same article).
    Guids are not compared across feeds: nothing makes them unique beyond their feed."""
    keys = [e.key for e in entries]
    found: dict[str, int] = {}
    for chunk in _chunks(keys):
        found.update(
            session.execute(
                select(Article.canonical_url, Article.id).where(Article.canonical_url.in_(chunk))
            ).all()
        )
    missing = {e.guid: e.key for e in entries if e.key not in found and e.guid is not None}
    guids = list(missing)
    for chunk in _chunks(guids):
        rows = session.execute(
            select(ArticleFeed.guid, ArticleFeed.article_id).where(
                ArticleFeed.feed_id == feed_id, ArticleFeed.guid.in_(chunk)
            )
        )
        for guid, article_id in rows:
            if guid is not None:
                found[missing[guid]] = article_id
    return found


def _insert_article(
    session: Session,
    settings: Settings,
    feed: Feed,
    entry: FeedEntry,
    run_id: int | None,
    now: datetime,
) -> int | None:
    """Store a new article; its id (an existing one if another run stored it meanwhile)."""
    if entry.link is not None and settings.fetch_pages:
        status, text, error = PENDING, None, None
    elif entry.link is None:
        status = SUMMARY if entry.summary else FAILED
        text, error = entry.summary, "no-link: the feed entry has no page to fetch"
    else:
        status = SUMMARY if entry.summary else FAILED
        text = entry.summary
        error = None if entry.summary else "no-text: page fetching is off and there is no summary"
    url = entry.link or entry.key
    values = {
        "feed_id": feed.id,
        "url": url,
        "canonical_url": entry.key,
        "guid": entry.guid,
        "title": entry.title,
        "summary": entry.summary,
        "author": entry.author,
        "published": entry.published,
        "text": text,
        "language": detect_language(text) if text else None,
        "content_hash": content_hash(text) if text else None,
        "fetch_status": status,
        "fetch_error": error,
        "first_seen_run_id": run_id,
        "created_at": now,
    }
    # ON CONFLICT DO NOTHING: a concurrent writer that stored the same article first wins,
    # and this run only adds its sighting.
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(Article)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["canonical_url"])
        .returning(Article.id)
    )
    article_id = session.execute(statement).scalar()
    if article_id is None:
        existing: int | None = session.scalars(
            select(Article.id).where(Article.canonical_url == entry.key)
        ).first()
        return existing
    if error is not None:
        session.add(
            drop(
                run_id=run_id,
                stage="fetch",
                reason=error.split(":", 1)[0],
                detail=error.split(": ", 1)[-1],
                url=url,
                feed_id=feed.id,
                article_id=article_id,
                now=now,
            )
        )
    return article_id


# Pages ----------------------------------------------------------------------------------


def load_pending_pages(db: Database, limit: int | None) -> list[PendingPage]:
    with db.session() as session:
        query = select(Article.id, Article.url).where(Article.fetch_status == PENDING)
        query = query.order_by(Article.id)
        if limit is not None:
            query = query.limit(limit)
        return [PendingPage(article_id, url) for article_id, url in session.execute(query)]


def keep_summaries_of_pending(db: Database, *, run_id: int | None, now: datetime) -> int:
    """Page fetching is off: pending articles get their feed summary as the text."""
    with db.session() as session:
        articles = list(session.scalars(select(Article).where(Article.fetch_status == PENDING)))
        for article in articles:
            _keep_summary(article)
            article.fetch_status = SUMMARY if article.summary else FAILED
            if not article.summary:
                article.fetch_error = "no-text: page fetching is off and there is no summary"
                session.add(
                    drop(
                        run_id=run_id,
                        stage="fetch",
                        reason="no-text",
                        detail="page fetching is off and there is no summary",
                        url=article.url,
                        article_id=article.id,
                        now=now,
                    )
                )
        return len(articles)


def store_page_outcomes(
    db: Database, outcomes: Sequence[PageOutcome], *, run_id: int | None, now: datetime
) -> None:
    """Cleaned pages become the articles' text; prefiltered pages and failures keep the
    summary and say why, failures with a drop."""
    with db.session() as session:
        for outcome in outcomes:
            article = session.get(Article, outcome.article_id)
            if article is None:
                continue
            article.fetched_at = now
            if outcome.page is not None:
                _apply_page(article, outcome.page)
                continue
            _keep_summary(article)
            if outcome.prefiltered is not None:
                article.fetch_status = FETCHED
                article.fetch_error = f"{PREFILTERED}: {outcome.prefiltered}"
                continue
            reason = outcome.reason or "fetch-error"
            if reason == "refused-address":
                article.fetch_status = REFUSED
            else:
                article.fetch_status = SUMMARY if article.summary else FAILED
            article.fetch_error = f"{reason}: {outcome.detail}" if outcome.detail else reason
            session.add(
                drop(
                    run_id=run_id,
                    stage="fetch",
                    reason=reason,
                    detail=outcome.detail,
                    url=outcome.url,
                    feed_id=article.feed_id,
                    article_id=article.id,
                    now=now,
                )
            )


def _keep_summary(article: Article) -> None:
    article.text = article.summary
    article.language = detect_language(article.summary)
    article.content_hash = content_hash(article.summary) if article.summary else None


def _apply_page(article: Article, page: CleanedPage) -> None:
    article.text = page.text
    article.fetch_status = FETCHED
    article.fetch_error = None
    article.language = page.language
    article.content_hash = page.content_hash
    if not article.title and page.title:
        article.title = page.title
    if not article.author and page.author:
        article.author = page.author
    if article.published is None and page.published is not None:
        article.published = datetime.combine(page.published, time(0, 0), tzinfo=UTC)
