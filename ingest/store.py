"""The database side of polling: what a batch of polls changes (feed health, new articles
and sightings), and the article statuses and ``drops`` rows that ingestion records. The page
side is :mod:`nongrata.ingest.page_store`; which feeds are due, :mod:`nongrata.ingest.due`.

Synchronous functions, each run in one session (one transaction per batch); the async
stages in :mod:`nongrata.ingest.ingest` hand them plain outcome objects.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from nongrata.db import Article, ArticleFeed, Database, Drop, Feed
from nongrata.extractors.language import detect_language
from nongrata.ingest.clean import content_hash
from nongrata.ingest.feeds import FeedEntry, ParsedFeed
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


_V = TypeVar("_V")


def _chunks(values: Sequence[_V], size: int = IN_CHUNK) -> Iterable[Sequence[_V]]:
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


def _feed_drop(
    feed: Feed, stage: str, reason: str, detail: str | None, *, run_id: int | None, now: datetime
) -> Drop:
    """A drop of ``stage`` recorded against ``feed`` (its URL and id)."""
    return drop(
        run_id=run_id, stage=stage, reason=reason, detail=detail, url=feed.url, feed_id=feed.id,
        now=now,
    )  # fmt: skip


# Feeds ----------------------------------------------------------------------------------


def store_feed_outcomes(
    db: Database,
    settings: Settings,
    outcomes: Sequence[FeedOutcome],
    *,
    run_id: int | None,
    now: datetime,
    rng: random.Random,
) -> FeedBatchResult:
    """Feed health and new articles/sightings for a batch of polls, in one transaction.

    The batch's feeds are read in one query and its entries stored together
    (:func:`_store_entries`): a few statements per batch, none per feed or per entry."""
    result = FeedBatchResult()
    with db.session() as session:
        feeds = _load_feeds(session, [outcome.feed.id for outcome in outcomes])
        with_entries: list[tuple[Feed, ParsedFeed]] = []
        for outcome in outcomes:
            feed = feeds.get(outcome.feed.id)
            if feed is None:  # removed while the run was polling it: nothing to update
                continue
            _apply_health(session, settings, feed, outcome, result, run_id, now, rng)
            if outcome.parsed is not None:
                _record_dropped_entries(session, feed, outcome.parsed, result, run_id, now)
                if outcome.parsed.entries:
                    with_entries.append((feed, outcome.parsed))
        _store_entries(session, settings, with_entries, result, run_id, now)
    return result


def _load_feeds(session: Session, ids: Sequence[int]) -> dict[int, Feed]:
    found: dict[int, Feed] = {}
    for chunk in _chunks(sorted(set(ids))):
        found.update((f.id, f) for f in session.scalars(select(Feed).where(Feed.id.in_(chunk))))
    return found


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
    # Kept apart from the backoff: `nongrata run --force` skips a backoff, never this.
    feed.retry_after_until = (
        now + timedelta(seconds=min(outcome.retry_after, settings.backoff_max_seconds))
        if outcome.retry_after is not None
        else None
    )
    session.add(_feed_drop(feed, "poll", reason, outcome.detail, run_id=run_id, now=now))


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
    feed.retry_after_until = None
    if outcome.kind == "gone":
        feed.consecutive_errors = (feed.consecutive_errors or 0) + 1
        feed.disabled_reason = f"410 Gone on {now:%Y-%m-%d}: the feed was removed by its server"
        feed.last_error = f"{outcome.reason}: {outcome.detail}" if outcome.detail else "http-410"
        feed.next_poll_at = None
        result.disabled += 1
        session.add(
            _feed_drop(
                feed,
                "poll",
                outcome.reason or "http-410",
                feed.disabled_reason,
                run_id=run_id,
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
        _feed_drop(feed, "poll", "moved-to-duplicate", feed.disabled_reason, run_id=run_id, now=now)
    )


def _record_dropped_entries(
    session: Session,
    feed: Feed,
    parsed: ParsedFeed,
    result: FeedBatchResult,
    run_id: int | None,
    now: datetime,
) -> None:
    for dropped in parsed.dropped:
        result.entries_dropped += 1
        session.add(
            _feed_drop(feed, "parse", dropped.reason, dropped.detail, run_id=run_id, now=now)
        )


def _store_entries(
    session: Session,
    settings: Settings,
    feeds: Sequence[tuple[Feed, ParsedFeed]],
    result: FeedBatchResult,
    run_id: int | None,
    now: datetime,
) -> None:
    """New articles and sightings for the entries of a batch of feeds.

    An entry is the article already stored under its canonical URL (by any feed), else the
    one this feed listed under its guid (guids are not compared across feeds: nothing makes
    them unique beyond their feed), else a new article; an entry whose URL an earlier feed
    (or entry) of the batch stored is that article. The lookups, the inserts and the
    sightings are each one statement per ``IN_CHUNK`` values, whatever the number of feeds.
    """
    if not feeds:
        return
    by_url = _ids_by_canonical_url(session, [e.key for _, p in feeds for e in p.entries])
    by_guid = _ids_by_guid(session, feeds, by_url)
    # Each entry's article: an id, or the key of an article this batch inserts.
    resolved: list[tuple[Feed, FeedEntry, int | str]] = []
    known: dict[str, int | str] = dict(by_url)
    new: dict[str, tuple[Feed, FeedEntry]] = {}
    for feed, parsed in feeds:
        for entry in parsed.entries:
            found = known.get(entry.key)
            if found is None and entry.guid is not None:
                found = by_guid.get((feed.id, entry.guid))
            if found is None:
                new[entry.key] = (feed, entry)
                found = known[entry.key] = entry.key
            resolved.append((feed, entry, found))
    inserted = _insert_articles(session, settings, list(new.values()), run_id, now)
    result.new_articles += len(inserted)
    # Rows another writer stored first (ON CONFLICT DO NOTHING returned none): theirs.
    stored = inserted | _ids_by_canonical_url(session, [k for k in new if k not in inserted])
    ids = [(feed, entry, stored.get(a) if isinstance(a, str) else a) for feed, entry, a in resolved]
    sighted = _sightings(session, [f.id for f, _ in feeds], {a for _, _, a in ids if a})
    rows: list[dict[str, Any]] = []
    for feed, entry, article_id in ids:
        if article_id is None or (feed.id, article_id) in sighted:
            continue
        sighted.add((feed.id, article_id))
        rows.append(
            {"article_id": article_id, "feed_id": feed.id, "guid": entry.guid, "first_seen_at": now}
        )
    if rows:
        session.execute(insert(ArticleFeed), rows)
    result.new_sightings += len(rows)


def _ids_by_canonical_url(session: Session, keys: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(keys))):
        rows = session.execute(
            select(Article.canonical_url, Article.id).where(Article.canonical_url.in_(chunk))
        )
        found.update((url, article_id) for url, article_id in rows)
    return found


def _ids_by_guid(
    session: Session, feeds: Sequence[tuple[Feed, ParsedFeed]], by_url: Mapping[str, int]
) -> dict[tuple[int, str], int]:
    """(feed id, guid) → the article that feed listed under that guid, for the entries not
    found by URL."""
    wanted = {
        (feed.id, entry.guid)
        for feed, parsed in feeds
        for entry in parsed.entries
        if entry.guid is not None and entry.key not in by_url
    }
    found: dict[tuple[int, str], int] = {}
    feed_ids = sorted({feed_id for feed_id, _ in wanted})
    for chunk in _chunks(sorted({guid for _, guid in wanted})):
        rows = session.execute(
            select(ArticleFeed.feed_id, ArticleFeed.guid, ArticleFeed.article_id).where(
                ArticleFeed.feed_id.in_(feed_ids), ArticleFeed.guid.in_(chunk)
            )
        )
        for feed_id, guid, article_id in rows:
            if guid is not None and (feed_id, guid) in wanted:
                found[(feed_id, guid)] = article_id
    return found


def _sightings(
    session: Session, feed_ids: Sequence[int], article_ids: set[int]
) -> set[tuple[int, int]]:
    """The (feed id, article id) pairs already stored among these."""
    found: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(article_ids)):
        rows = session.execute(
            select(ArticleFeed.feed_id, ArticleFeed.article_id).where(
                ArticleFeed.feed_id.in_(feed_ids), ArticleFeed.article_id.in_(chunk)
            )
        )
        found.update((feed_id, article_id) for feed_id, article_id in rows)
    return found


def _article_values(
    settings: Settings, feed: Feed, entry: FeedEntry, run_id: int | None, now: datetime
) -> dict[str, Any]:
    """The row of a new article (fetch_error set when there is no page to fetch)."""
    if entry.link is not None and settings.fetch_pages:
        status, text, error = PENDING, None, None
    elif entry.link is None:
        status = SUMMARY if entry.summary else FAILED
        text, error = entry.summary, "no-link: the feed entry has no page to fetch"
    else:
        status = SUMMARY if entry.summary else FAILED
        text = entry.summary
        error = None if entry.summary else "no-text: page fetching is off and there is no summary"
    return {
        "feed_id": feed.id,
        "url": entry.link or entry.key,
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


def _insert_articles(
    session: Session,
    settings: Settings,
    new: Sequence[tuple[Feed, FeedEntry]],
    run_id: int | None,
    now: datetime,
) -> dict[str, int]:
    """Store new articles (one multi-row INSERT per chunk); canonical URL → id of each row
    inserted. ON CONFLICT DO NOTHING: a concurrent writer that stored the same article
    first wins (no row comes back for it), and this run only adds its sighting."""
    if not new:
        return {}
    values = [_article_values(settings, feed, entry, run_id, now) for feed, entry in new]
    insert_for = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert_for(Article)
        .on_conflict_do_nothing(index_elements=["canonical_url"])
        .returning(Article.canonical_url, Article.id)
    )
    inserted: dict[str, int] = {}
    for start in range(0, len(values), IN_CHUNK):
        rows = session.execute(statement, values[start : start + IN_CHUNK])
        inserted.update((url, article_id) for url, article_id in rows)
    for row in values:
        article_id = inserted.get(row["canonical_url"])
        error = row["fetch_error"]
        if article_id is None or error is None:
            continue
        session.add(
            drop(
                run_id=run_id,
                stage="fetch",
                reason=error.split(":", 1)[0],
                detail=error.split(": ", 1)[-1],
                url=row["url"],
                feed_id=row["feed_id"],
                article_id=article_id,
                now=now,
            )
        )
    return inserted
