"""The extraction stage's bookkeeping: one extraction state per article, written in bulk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select

from nongrata.db import Article, ArticleFeed, Database, Feed
from nongrata.db.models import ArticleExtractionState
from nongrata.extractors.prefilter.article import extract_prefiltered
from nongrata.ingest.registry import list_feeds
from nongrata.pipeline.extract_stage import (
    article_input,
    pending_article_ids,
    record_batch,
)
from nongrata.settings import Settings, bundled_watchlists_dir
from nongrata.types import ArticleExtraction
from nongrata.watchlists import load_watchlists
from tests.support.factories import add_article, event, extraction


def states(db: Database) -> dict[int, tuple[str | None, int, bool, str | None]]:
    with db.session() as s:
        rows = s.scalars(select(ArticleExtractionState))
        return {r.article_id: (r.language, r.events, r.alert, r.skipped) for r in rows}


def test_each_article_gets_one_state_and_extracting_again_replaces_it(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    watchlists = load_watchlists(bundled_watchlists_dir())
    a = add_article(db, "http://127.0.0.1/a")
    b = add_article(db, "http://127.0.0.1/b")
    skipped = (a, ArticleExtraction(id=str(a), lang="de", skipped="no-trigger:de"))
    summary = record_batch(db, settings, watchlists, [skipped, extraction(b, event())], None)
    assert (summary.articles, summary.skipped_by_prefilter, summary.with_events) == (2, 1, 1)
    assert states(db) == {
        a: ("de", 0, False, "no-trigger:de"),
        b: ("en", 1, bool(extraction(b, event())[1].alert), None),
    }
    assert pending_article_ids(db) == []
    again = (a, replace(skipped[1], lang="en", skipped=None))
    record_batch(db, settings, watchlists, [again], None)
    assert states(db)[a] == ("en", 0, False, None)
    assert len(states(db)) == 2


def test_an_article_in_a_language_no_rules_read_is_recorded_counted_and_shown_per_feed(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    watchlists = load_watchlists(bundled_watchlists_dir())
    thai = add_article(db, "http://127.0.0.1/th", language="th")
    german = add_article(db, "http://127.0.0.1/de", language="de")
    with db.session() as session:
        feed = Feed(url="http://127.0.0.1/feed.xml")
        session.add(feed)
        session.flush()
        for article_id in (thai, german):
            session.add(ArticleFeed(article_id=article_id, feed_id=feed.id))
    with db.session() as session:
        inputs = [article_input(session.get_one(Article, i)) for i in (thai, german)]
    results = extract_prefiltered(lambda items: [], inputs, None)
    assert results[0].skipped == "language-not-read:th"
    assert results[1].skipped == "no-trigger:de"
    items = [(thai, results[0]), (german, results[1])]
    summary = record_batch(db, settings, watchlists, items, None)
    assert summary.not_read == {"th": 1}
    assert states(db)[thai] == ("th", 0, False, "language-not-read:th")
    with db.session() as session:
        (listed,) = list_feeds(session)
    assert (listed.articles, listed.not_read) == (2, {"th": 1})
