"""A batch of polls is stored in a few statements, whatever its number of feeds and entries,
and the batch gives the same articles and sightings as polling the feeds one by one."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import event, func, select

from nongrata.db import Article, ArticleFeed, Database, Feed
from nongrata.ingest.due import load_due_feeds
from nongrata.ingest.feeds import parse_feed
from nongrata.ingest.store import (
    DueFeed,
    FeedBatchResult,
    FeedOutcome,
    store_feed_outcomes,
)
from nongrata.settings import Settings
from tests.support.ingest import NOW, item, register, rss, start_run


def _outcome(feed: DueFeed, *items: str) -> FeedOutcome:
    parsed = parse_feed(rss(*items).encode(), url=feed.url, content_type="application/rss+xml")
    return FeedOutcome(feed, "ok", status=200, parsed=parsed, etag='"v1"')


def _store(db: Database, settings: Settings, outcomes: list[FeedOutcome]) -> FeedBatchResult:
    return store_feed_outcomes(
        db, settings, outcomes, run_id=start_run(db), now=NOW, rng=random.Random(1)
    )


def _statements(db: Database) -> list[str]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", count)
    return seen


def test_a_batch_is_stored_in_a_few_statements_whatever_its_size(
    db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    urls = [f"http://127.0.0.1/feeds/{n}.xml" for n in range(6)]
    register(db, *urls)
    due = load_due_feeds(db, settings, NOW)
    outcomes = [
        _outcome(
            feed,
            *(
                item(f"http://127.0.0.1/{n}/{i}.html", f"Story {n}.{i}", guid=f"g{i}")
                for i in range(40)
            ),
        )
        for n, feed in enumerate(due)
    ]
    start_run(db)  # the run row first: only the batch's statements are counted below
    seen = _statements(db)
    result = _store(db, settings, outcomes)
    assert result.new_articles == result.new_sightings == 240
    # Feeds read, URLs and guids looked up, articles inserted, sightings inserted, feeds
    # updated, the run row: not one statement per feed or per entry.
    assert len(seen) <= 12, seen
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 240
        assert session.scalar(select(func.count()).select_from(ArticleFeed)) == 240
        assert all(f.etag == '"v1"' for f in session.scalars(select(Feed)))


def test_a_batch_resolves_entries_as_feed_by_feed_polling_would(
    db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    register(db, "http://127.0.0.1/a.xml", "http://127.0.0.1/b.xml")
    a, b = load_due_feeds(db, settings, NOW)
    # Stored earlier: feed b listed "moved" under guid g-moved.
    first = _store(db, settings, [_outcome(b, item("http://127.0.0.1/old", "Old", guid="g-moved"))])
    assert first.new_articles == 1
    result = _store(
        db,
        settings,
        [
            _outcome(
                a,
                item("http://127.0.0.1/shared", "Shared", guid="a1"),
                item("http://127.0.0.1/shared", "Shared again", guid="a2"),  # same URL twice
                item("http://127.0.0.1/only-a", "Only a", guid="g-moved"),  # guid of feed b
            ),
            _outcome(
                b,
                item("http://127.0.0.1/shared", "Shared", guid="b1"),  # a's new article
                item("http://127.0.0.1/new", "Link changed", guid="g-moved"),  # same as old
            ),
        ],
    )
    with db.session() as session:
        by_url = {x.canonical_url: x for x in session.scalars(select(Article))}
        sightings = {
            (feed_id, article_id)
            for feed_id, article_id in session.execute(
                select(ArticleFeed.feed_id, ArticleFeed.article_id)
            )
        }
    # New: "shared" (once, first listed by a) and "only-a" (guids are per feed).
    assert set(by_url) == {
        "http://127.0.0.1/old",
        "http://127.0.0.1/shared",
        "http://127.0.0.1/only-a",
    }
    assert result.new_articles == 2
    assert by_url["http://127.0.0.1/shared"].feed_id == a.id
    shared, old = by_url["http://127.0.0.1/shared"].id, by_url["http://127.0.0.1/old"].id
    # a sees shared and only-a; b sees shared now, and old (already seen) under its guid.
    assert sightings == {
        (a.id, shared),
        (a.id, by_url["http://127.0.0.1/only-a"].id),
        (b.id, shared),
        (b.id, old),
    }
    assert result.new_sightings == 3
