"""Feeds to replace: a feed whose address answers 404 or 410, or serves a page (or anything)
that is no feed, is listed by the run that finds it (``ingest.to_replace``) and carries a hint
in the feeds' health until it answers with a feed again; other failures carry none. Served by
a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from pytest_httpserver import HTTPServer
from sqlalchemy import select

from nongrata.db import Database, Feed
from nongrata.ingest.registry import bundled_pages, default_feed_outlines, list_feeds
from nongrata.ingest.replace import error_reason, replacement, site_page
from nongrata.settings import Settings
from tests.support.ingest import NOW, RSS, item, register, rss, run_ingest

MakeSettings = Callable[..., Settings]


def serve_broken(server: HTTPServer) -> dict[str, str]:
    """A path for each way an address breaks, and two that are not for replacing."""
    server.expect_request("/404.xml").respond_with_data("not found", status=404)
    server.expect_request("/410.xml").respond_with_data("gone", status=410)
    server.expect_request("/page.xml").respond_with_data(
        "<!DOCTYPE html><html><head><title>Moved</title></head><body><p>Our news moved.</p>"
        "</body></html>",
        content_type="text/html; charset=utf-8",
    )
    server.expect_request("/json.xml").respond_with_data(
        '{"news": []}', content_type="application/json"
    )
    server.expect_request("/500.xml").respond_with_data("oops", status=500)
    server.expect_request("/ok.xml").respond_with_data(
        rss(item(server.url_for("/story"), "A story")), content_type=RSS
    )
    server.expect_request("/story").respond_with_data("<p>x</p>", content_type="text/html")
    return {
        name: server.url_for(f"/{name}.xml") for name in ("404", "410", "page", "json", "500", "ok")
    }


def test_a_run_lists_the_feeds_to_replace_and_their_health_says_how(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    urls = serve_broken(server)
    register(db, *urls.values())
    with db.session() as session:  # a state's feed: the hint names its bundled sources
        feed = session.scalars(select(Feed).where(Feed.url == urls["404"])).one()
        feed.country = "PL"

    summary = run_ingest(db, make_settings(fetch_pages=False))

    assert summary.feeds_failed == 5
    found = {r["url"]: r for r in summary.to_replace}
    assert set(found) == {urls["404"], urls["410"], urls["page"], urls["json"]}
    assert [r["url"] for r in summary.to_replace] == sorted(found)
    assert found[urls["404"]]["why"] == "answers 404 Not Found"
    assert found[urls["410"]]["why"] == "answers 410 Gone"
    assert found[urls["page"]]["why"] == "serves an HTML page, not a feed"
    assert found[urls["json"]]["why"] == "no longer serves a feed"
    home = site_page(urls["404"])
    assert found[urls["404"]]["hint"] == (
        f"replace it: `nongrata feeds discover {home}` or `nongrata feeds sources --country PL`,"
        f" then `nongrata feeds remove {urls['404']}`"
    )
    assert "--country" not in found[urls["410"]]["hint"]  # untagged: no state to look in
    assert not any(r["bundled"] for r in summary.to_replace)

    with db.session() as session:
        health = {f.url: f for f in list_feeds(session)}
    for name in ("404", "410", "page", "json"):
        assert health[urls[name]].replace == found[urls[name]]["hint"], name
        assert health[urls[name]].replace_why == found[urls[name]]["why"]
    assert health[urls["500"]].replace is None  # may pass: retried, not replaced
    assert health[urls["500"]].consecutive_errors == 1
    assert health[urls["ok"]].replace is None


def test_a_feed_that_serves_a_feed_again_loses_the_hint(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server.expect_ordered_request("/moving.xml").respond_with_data("no", status=404)
    server.expect_ordered_request("/moving.xml").respond_with_data(rss(), content_type=RSS)
    url = server.url_for("/moving.xml")
    register(db, url)
    settings = make_settings(fetch_pages=False, poll_interval_minutes=0)

    first = run_ingest(db, settings)
    second = run_ingest(db, settings, now=NOW + timedelta(days=1), force=True)

    assert [r["url"] for r in first.to_replace] == [url]
    assert (second.feeds_failed, second.to_replace) == (0, [])
    with db.session() as session:
        (health,) = list_feeds(session)
    assert (health.replace, health.replace_why, health.last_error) == (None, None, None)


def test_a_bundled_feed_is_pointed_to_its_site_and_its_states_sources() -> None:
    bundled = next(o for o in default_feed_outlines() if o.html_url and o.country == "GB")
    pages = bundled_pages()
    feed = Feed(
        url=bundled.url,
        title=bundled.title,
        country="GB",
        consecutive_errors=0,
        last_error="http-410: HTTP 410 from x",
        disabled_reason="410 Gone on 2026-12-07: the feed was removed by its server",
    )
    needed = replacement(feed, pages)
    assert needed is not None
    assert needed.bundled
    assert f"`nongrata feeds discover {bundled.html_url}`" in needed.hint
    assert "`nongrata feeds sources --country GB`" in needed.hint
    # Failing for a reason that may pass, or healthy: no hint.
    feed.disabled_reason = None
    feed.consecutive_errors = 3
    feed.last_error = "timeout: no answer in 5 s"
    assert replacement(feed, pages) is None
    feed.consecutive_errors, feed.last_error = 0, None
    assert replacement(feed, pages) is None


def test_error_reason_is_the_slug_before_the_colon() -> None:
    assert error_reason("http-404: HTTP 404 from https://x.example/feed") == "http-404"
    assert error_reason("html-not-feed: HTML served as a feed") == "html-not-feed"
    assert error_reason(None) is None
    assert error_reason("") is None
