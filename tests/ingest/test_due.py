"""Which feeds a run polls: the poll interval set now, error backoff, a server's Retry-After,
``force`` (``nongrata run --force``), and the line a run with nothing due prints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from pytest_httpserver import HTTPServer

from nongrata.db import Database
from nongrata.ingest.registry import list_feeds
from nongrata.settings import Settings
from tests.support.ingest import (
    NOW,
    conditional_feed,
    feed_row,
    item,
    register,
    requests_to,
    rss,
    run_ingest,
)

MakeSettings = Callable[..., Settings]
HINT = "use `nongrata run --force` to poll now"


def _serve_feed(server: HTTPServer) -> str:
    body = rss(item(None, "Story", guid="g1", summary="A summary of the story."))
    server.expect_request("/f.xml").respond_with_handler(conditional_feed(body, '"v1"'))
    return server.url_for("/f.xml")


def test_a_lowered_poll_interval_takes_effect_at_the_next_run(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    url = _serve_feed(server)
    register(db, url)
    hourly = make_settings(poll_interval_minutes=60, fetch_pages=False)
    first = run_ingest(db, hourly)
    assert first.feeds_polled == 1
    assert first.nothing_due is None  # something was due: nothing to say

    later = NOW + timedelta(minutes=10)
    waiting = run_ingest(db, hourly, now=later)
    assert waiting.feeds_polled == 0
    assert waiting.nothing_due == (
        f"No feed is due: the next poll is at 2025-06-02 07:00:00 UTC ({HINT})."
    )
    # The interval stored at the last poll (an hour) no longer holds once it is lowered.
    every_five = make_settings(poll_interval_minutes=5, fetch_pages=False)
    with db.session() as session:
        (health,) = list_feeds(session, every_five.poll_interval_minutes)
        assert health.next_poll_at == NOW + timedelta(minutes=5)
    polled = run_ingest(db, every_five, now=later)
    assert (polled.feeds_polled, polled.feeds_not_modified) == (1, 1)
    assert polled.nothing_due is None
    assert run_ingest(db, make_settings(poll_interval_minutes=0), now=later).feeds_polled == 1
    assert requests_to(server, "/f.xml") == 3


def test_force_polls_a_feed_before_its_time_and_through_its_backoff(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    url = _serve_feed(server)
    server.expect_request("/down.xml").respond_with_data("oops", status=500)
    register(db, url, server.url_for("/down.xml"))
    settings = make_settings(backoff_base_seconds=600, fetch_pages=False)
    first = run_ingest(db, settings)
    assert (first.feeds_polled, first.feeds_failed) == (2, 1)

    soon = NOW + timedelta(minutes=1)
    assert run_ingest(db, settings, now=soon).feeds_polled == 0
    forced = run_ingest(db, settings, now=soon, force=True)
    assert (forced.feeds_polled, forced.feeds_failed) == (2, 1)
    assert forced.nothing_due is None
    assert feed_row(db, server.url_for("/down.xml")).consecutive_errors == 2


def test_force_still_honours_a_servers_retry_after(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server.expect_ordered_request("/busy.xml").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7200"}
    )
    server.expect_ordered_request("/busy.xml").respond_with_data(
        rss(item(None, "Story", guid="g1", summary="A summary.")),
        content_type="application/rss+xml",
    )
    url = server.url_for("/busy.xml")
    register(db, url)
    settings = make_settings(backoff_base_seconds=60, fetch_pages=False)
    assert run_ingest(db, settings).feeds_failed == 1
    assert feed_row(db, url).retry_after_until == NOW + timedelta(seconds=7200)

    in_an_hour = NOW + timedelta(hours=1)
    refused = run_ingest(db, settings, now=in_an_hour, force=True)
    assert refused.feeds_polled == 0
    assert refused.nothing_due == (
        "No feed polled: their servers asked to wait (Retry-After) until 2025-06-02 08:00:00 UTC."
    )
    assert requests_to(server, "/busy.xml") == 1

    after = NOW + timedelta(hours=2, seconds=1)
    assert run_ingest(db, settings, now=after, force=True).new_articles == 1
    assert feed_row(db, url).retry_after_until is None  # a good poll forgets it


def test_nothing_to_poll_says_no_feed_is_registered(
    make_settings: MakeSettings, db: Database
) -> None:
    summary = run_ingest(db, make_settings())
    assert summary.feeds_polled == 0
    assert summary.nothing_due is not None
    assert summary.nothing_due.startswith("No feed to poll: none is registered and enabled")
