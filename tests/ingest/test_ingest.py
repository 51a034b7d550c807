"""Polling and page fetching against feeds and pages served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug import Response

from nongrata.db import ArticleFeed, Database, Feed
from nongrata.ingest.ingest import page_cleaning_executor
from nongrata.settings import Settings
from tests.support.ingest import (
    NOW,
    RSS,
    article_page,
    articles,
    conditional_feed,
    drops,
    feed_row,
    item,
    register,
    requests_to,
    rss,
    run_ingest,
    serve_feed,
)
from tests.support.rawserver import RawConnection, RawServer

MakeSettings = Callable[..., Settings]
LATER = NOW + timedelta(days=1)


@pytest.fixture(scope="module")
def cleaner() -> Iterator[ProcessPoolExecutor]:
    """One real page-cleaning process pool for the module (spawning one costs seconds)."""
    pool = page_cleaning_executor(2)
    yield pool
    pool.shutdown(wait=True)


def test_new_items_stored_once_with_sightings_and_pages_cleaned(
    server: HTTPServer,
    make_settings: MakeSettings,
    db: Database,
    cleaner: ProcessPoolExecutor,
) -> None:
    shared = "/news/shared"
    server.expect_request("/a.xml").respond_with_data(
        rss(
            item(server.url_for(shared) + "?utm_source=rss&utm_medium=feed", "Shared story"),
            item("/news/relative", "Relative link", summary="Relative summary"),
        ),
        content_type=RSS,
    )
    server.expect_request("/b.xml").respond_with_data(
        rss(
            item(server.url_for(shared) + "?fbclid=abc", "Shared story again"),
            item(server.url_for("/news/missing"), "Missing page", summary="Kept summary"),
        ),
        content_type=RSS,
    )
    server.expect_request(shared).respond_with_data(
        article_page("Czechia expels two diplomats"), content_type="text/html"
    )
    server.expect_request("/news/relative").respond_with_data(
        article_page("Poland charges a suspected spy"), content_type="text/html"
    )
    server.expect_request("/news/missing").respond_with_data("gone", status=404)
    register(db, server.url_for("/a.xml"), server.url_for("/b.xml"))

    summary = run_ingest(db, make_settings(), executor=cleaner)

    assert summary.feeds_polled == 2
    assert summary.feeds_failed == 0
    assert summary.new_articles == 3
    assert summary.new_sightings == 4
    assert summary.pages_fetched == 2
    assert summary.pages_failed == 1
    assert summary.failures == {"http-404": 1}
    stored = {a.canonical_url: a for a in articles(db)}
    assert set(stored) == {
        server.url_for(shared),
        server.url_for("/news/relative"),
        server.url_for("/news/missing"),
    }
    one = stored[server.url_for(shared)]
    assert one.fetch_status == "fetched"
    assert one.text is not None
    assert "Czechia expels two diplomats" in one.text
    assert one.language == "en"
    assert one.content_hash is not None
    assert one.published is not None
    assert one.first_seen_run_id is not None
    missing = stored[server.url_for("/news/missing")]
    assert missing.fetch_status == "summary"
    assert missing.text == "Kept summary"
    assert missing.fetch_error is not None
    assert missing.fetch_error.startswith("http-404")
    with db.session() as session:
        sightings = session.scalar(
            select(func.count()).select_from(ArticleFeed).where(ArticleFeed.article_id == one.id)
        )
    assert sightings == 2
    (dropped,) = drops(db)
    assert (dropped.stage, dropped.reason, dropped.article_id) == ("fetch", "http-404", missing.id)
    feed = feed_row(db, server.url_for("/a.xml"))
    assert feed.last_status == 200
    assert feed.title == "Test feed"
    assert feed.consecutive_errors == 0
    assert feed.next_poll_at == NOW + timedelta(minutes=60)


def test_a_second_run_over_unchanged_feeds_is_all_304_and_fetches_nothing(
    server: HTTPServer,
    make_settings: MakeSettings,
    db: Database,
    cleaner: ProcessPoolExecutor,
) -> None:
    for name in ("one", "two"):
        body = rss(item(server.url_for(f"/{name}/story"), f"Story {name}"))
        server.expect_request(f"/{name}.xml").respond_with_handler(
            conditional_feed(body, f'"{name}-v1"')
        )
        server.expect_request(f"/{name}/story").respond_with_data(
            article_page(f"Story {name}"), content_type="text/html"
        )
    register(db, server.url_for("/one.xml"), server.url_for("/two.xml"))
    settings = make_settings()

    first = run_ingest(db, settings, executor=cleaner)
    assert (first.new_articles, first.pages_fetched) == (2, 2)
    assert feed_row(db, server.url_for("/one.xml")).etag == '"one-v1"'

    second = run_ingest(db, settings, now=LATER, executor=cleaner)
    assert second.feeds_polled == 2
    assert second.feeds_not_modified == 2
    assert (second.new_articles, second.pages_fetched, second.pages_failed) == (0, 0, 0)
    assert requests_to(server, "/one/story") == 1
    assert requests_to(server, "/two/story") == 1
    feed = feed_row(db, server.url_for("/one.xml"))
    assert feed.last_status == 304
    assert feed.last_success_at == LATER
    assert feed.etag == '"one-v1"'


def test_a_changed_etag_brings_the_new_items_only(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    old = item(None, "Old", guid="old", summary="Old summary text")
    new = item(None, "New", guid="new", summary="New summary text")
    versions = [conditional_feed(rss(old), '"v1"'), conditional_feed(rss(new, old), '"v2"')]
    server.expect_ordered_request("/f.xml").respond_with_handler(versions[0])
    server.expect_ordered_request("/f.xml").respond_with_handler(versions[1])
    register(db, server.url_for("/f.xml"))
    settings = make_settings()

    assert run_ingest(db, settings).new_articles == 1
    second = run_ingest(db, settings, now=LATER)
    assert (second.new_articles, second.feeds_not_modified) == (1, 0)
    assert feed_row(db, server.url_for("/f.xml")).etag == '"v2"'
    assert sorted(a.title or "" for a in articles(db)) == ["New", "Old"]
    # The If-None-Match of the second poll was the first ETag.
    assert server.log[-1][0].headers.get("If-None-Match") == '"v1"'


@pytest.mark.parametrize(("status", "moves"), [(301, True), (308, True), (302, False)])
def test_redirects_and_only_permanent_ones_update_the_stored_url(
    server: HTTPServer,
    make_settings: MakeSettings,
    db: Database,
    status: int,
    moves: bool,
) -> None:
    old, new = server.url_for("/old.xml"), server.url_for("/new.xml")
    server.expect_request("/old.xml").respond_with_data(
        "", status=status, headers={"Location": "/new.xml"}
    )
    server.expect_request("/new.xml").respond_with_data(
        rss(item(None, "Moved", guid="m", summary="Moved summary")), content_type=RSS
    )
    register(db, old)

    summary = run_ingest(db, make_settings())

    assert (summary.feeds_failed, summary.new_articles) == (0, 1)
    with db.session() as session:
        (url,) = session.scalars(select(Feed.url))
    assert url == (new if moves else old)


def test_a_permanent_redirect_to_a_registered_feed_disables_the_duplicate(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server.expect_request("/old.xml").respond_with_data(
        "", status=301, headers={"Location": "/new.xml"}
    )
    server.expect_request("/new.xml").respond_with_data(rss(), content_type=RSS)
    register(db, server.url_for("/old.xml"), server.url_for("/new.xml"))

    summary = run_ingest(db, make_settings())

    assert summary.feeds_disabled == 1
    old = feed_row(db, server.url_for("/old.xml"))
    assert old.disabled_reason is not None
    assert server.url_for("/new.xml") in old.disabled_reason
    assert feed_row(db, server.url_for("/new.xml")).disabled_reason is None


def test_404_and_500_back_off_and_keep_polling(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server.expect_request("/404.xml").respond_with_data("no", status=404)
    server.expect_request("/500.xml").respond_with_data("oops", status=500)
    register(db, server.url_for("/404.xml"), server.url_for("/500.xml"))
    settings = make_settings(backoff_base_seconds=60, backoff_max_seconds=3600)

    first = run_ingest(db, settings)

    assert first.feeds_failed == 2
    assert first.failures == {"http-404": 1, "http-500": 1}
    for path, status in (("/404.xml", 404), ("/500.xml", 500)):
        feed = feed_row(db, server.url_for(path))
        assert feed.last_status == status
        assert feed.consecutive_errors == 1
        assert feed.last_error is not None
        assert f"http-{status}" in feed.last_error
        assert feed.disabled_reason is None
        assert feed.next_poll_at == NOW + timedelta(seconds=60)  # the first retry waits `base`
    assert sorted(d.reason for d in drops(db)) == ["http-404", "http-500"]
    assert {d.stage for d in drops(db)} == {"poll"}

    # Not due yet: nothing is polled. Due again: polled, and the backoff grows.
    assert run_ingest(db, settings, now=NOW + timedelta(seconds=30)).feeds_polled == 0
    second = run_ingest(db, settings, now=NOW + timedelta(seconds=61))
    assert second.feeds_polled == 2
    feed = feed_row(db, server.url_for("/404.xml"))
    assert feed.consecutive_errors == 2
    assert feed.next_poll_at is not None
    after = NOW + timedelta(seconds=61)
    assert after + timedelta(seconds=60) <= feed.next_poll_at <= after + timedelta(seconds=120)


def test_410_gone_disables_the_feed_with_the_reason(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server.expect_request("/gone.xml").respond_with_data("gone", status=410)
    register(db, server.url_for("/gone.xml"))
    settings = make_settings()

    summary = run_ingest(db, settings)

    assert (summary.feeds_failed, summary.feeds_disabled) == (1, 1)
    feed = feed_row(db, server.url_for("/gone.xml"))
    assert feed.disabled_reason is not None
    assert "410" in feed.disabled_reason
    assert feed.next_poll_at is None
    assert run_ingest(db, settings, now=LATER).feeds_polled == 0
    assert requests_to(server, "/gone.xml") == 1


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(
    server: HTTPServer, make_settings: MakeSettings, db: Database, status: int
) -> None:
    server.expect_request("/busy.xml").respond_with_data(
        "slow down", status=status, headers={"Retry-After": "7200"}
    )
    register(db, server.url_for("/busy.xml"))

    summary = run_ingest(db, make_settings(backoff_base_seconds=60))

    assert summary.failures == {f"http-{status}": 1}
    feed = feed_row(db, server.url_for("/busy.xml"))
    assert feed.next_poll_at is not None
    assert feed.next_poll_at >= NOW + timedelta(seconds=7200)
    assert feed.last_error is not None
    assert "Retry-After" in feed.last_error


def test_transport_failures_are_recorded_with_their_reason(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    big = rss(*(item(None, f"Item {n}", guid=str(n), summary="x" * 200) for n in range(50)))
    server.expect_request("/big.xml").respond_with_data(big, content_type=RSS)
    server.expect_request("/page.html").respond_with_data(
        "<!DOCTYPE html><html><body><p>Not a feed</p></body></html>", content_type="text/html"
    )

    def stall(conn: RawConnection) -> None:
        conn.stop.wait(10)

    with RawServer(stall) as slow:
        register(
            db,
            server.url_for("/big.xml"),
            server.url_for("/page.html"),
            slow.url("/feed.xml"),
            "http://feeds.example.com/world.xml",  # not in only_hosts: refused, no traffic
        )
        summary = run_ingest(db, make_settings(max_feed_bytes=2048, http_timeout=0.3))

    assert summary.feeds_failed == 4
    assert summary.failures == {
        "html-not-feed": 1,
        "refused-address": 1,
        "timeout": 1,
        "too-large": 1,
    }
    assert summary.new_articles == 0
    page = feed_row(db, server.url_for("/page.html"))
    assert page.last_error is not None
    assert "HTML served as a feed" in page.last_error
    assert page.etag is None
    refused = feed_row(db, "http://feeds.example.com/world.xml")
    assert refused.last_status is None
    assert refused.last_error is not None
    assert refused.last_error.startswith("refused-address")
    assert len(drops(db)) == 4


def test_feeds_without_links_or_dates(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server.expect_request("/nolinks.xml").respond_with_data(
        rss(
            item(None, "Guid only", guid="g-1", summary="Summary of g-1", date=None),
            item(None, "Nothing at all", summary="Cannot be keyed", date=None),
        ),
        content_type=RSS,
    )
    register(db, server.url_for("/nolinks.xml"))

    summary = run_ingest(db, make_settings())

    assert (summary.new_articles, summary.entries_dropped) == (1, 1)
    assert summary.pages_fetched == 0
    (article,) = articles(db)
    assert article.published is None
    assert article.fetch_status == "summary"
    assert article.text == "Summary of g-1"
    assert article.fetch_error is not None
    assert article.fetch_error.startswith("no-link")
    reasons = sorted((d.stage, d.reason) for d in drops(db))
    assert reasons == [("fetch", "no-link"), ("parse", "no-link-or-guid")]
    # The same entries next run: nothing new, the guid key is stable.
    assert run_ingest(db, make_settings(), now=LATER).new_articles == 0


def test_pages_on_other_hosts_are_refused_and_recorded(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    serve_feed(
        server, db, item("https://www.example.com/world/1", "Elsewhere", summary="Summary kept")
    )

    summary = run_ingest(db, make_settings())

    assert summary.failures == {"refused-address": 1}
    (article,) = articles(db)
    assert article.fetch_status == "refused"
    assert article.text == "Summary kept"
    assert article.fetch_error is not None
    assert "refused-address" in article.fetch_error


def test_a_page_without_main_text_keeps_the_summary(
    server: HTTPServer,
    make_settings: MakeSettings,
    db: Database,
) -> None:
    serve_feed(server, db, item(server.url_for("/empty"), "Empty page", summary="The summary"))
    server.expect_request("/empty").respond_with_data(
        "<html><body><nav>Home</nav></body></html>", content_type="text/html"
    )

    # No executor given: ingest spawns (and shuts down) its own cleaning pool.
    summary = run_ingest(db, make_settings())

    assert summary.failures == {"no-text": 1}
    (article,) = articles(db)
    assert (article.fetch_status, article.text) == ("summary", "The summary")


def test_with_page_fetching_off_the_summary_is_the_text(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    serve_feed(server, db, item(server.url_for("/story"), "Story", summary="Only the summary"))

    summary = run_ingest(db, make_settings(fetch_pages=False))

    assert (summary.new_articles, summary.pages_fetched) == (1, 0)
    assert requests_to(server, "/story") == 0
    (article,) = articles(db)
    assert (article.fetch_status, article.text, article.fetch_error) == (
        "summary",
        "Only the summary",
        None,
    )


def test_an_ill_formed_feed_with_entries_is_used_and_the_problem_recorded(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    body = rss(item(None, "Fine &amp bad entity", guid="x", summary="Text")) + "<trailing>"
    server.expect_request("/bad.xml").respond_with_data(body, content_type=RSS)
    register(db, server.url_for("/bad.xml"))

    summary = run_ingest(db, make_settings())

    assert (summary.feeds_failed, summary.feeds_ill_formed, summary.new_articles) == (0, 1, 1)
    feed = feed_row(db, server.url_for("/bad.xml"))
    assert feed.parse_problem is not None
    assert feed.last_error is None


def test_a_failing_response_does_not_keep_validators(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server.expect_request("/f.xml").respond_with_response(
        Response(
            "<html><body>maintenance</body></html>",
            content_type="text/html",
            headers={"ETag": '"maint"'},
        )
    )
    register(db, server.url_for("/f.xml"))

    run_ingest(db, make_settings())

    feed = feed_row(db, server.url_for("/f.xml"))
    assert feed.etag is None
    assert feed.consecutive_errors == 1
