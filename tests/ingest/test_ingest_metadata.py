"""A page's metadata (title, date, author) is read only when the feed entry lacks a title or
a date: reading it costs more than the page's main text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from pytest_httpserver import HTTPServer

from nongrata.db import Database
from nongrata.settings import Settings
from tests.support.ingest import RSS, articles, item, register, rss, run_ingest

PARAGRAPH = (
    "Officials in Warsaw confirmed on Monday that two Russian diplomats had been ordered to "
    "leave the country after an investigation by the internal security agency."
)


def page(headline: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{headline}</title>"
        "<meta name='author' content='Jana Novakova'>"
        "<meta property='article:published_time' content='2025-05-30T10:00:00Z'></head>"
        f"<body><article><h1>{headline}</h1>"
        + "".join(f"<p>{PARAGRAPH} Paragraph {n}.</p>" for n in range(4))
        + "</article></body></html>"
    )


def test_page_metadata_fills_only_what_the_feed_lacks(
    server: HTTPServer, make_settings: Callable[..., Settings], db: Database
) -> None:
    server.expect_request("/feed.xml").respond_with_data(
        rss(
            item(server.url_for("/dated"), "Poland expels two Russian diplomats"),
            item(server.url_for("/undated"), "Undated entry", date=None),
        ),
        content_type=RSS,
    )
    for path in ("/dated", "/undated"):
        server.expect_request(path).respond_with_data(
            page("Poland expels"), content_type="text/html"
        )
    register(db, server.url_for("/feed.xml"))

    summary = run_ingest(db, make_settings())

    assert summary.pages_fetched == 2
    dated, undated = articles(db)
    assert PARAGRAPH in (dated.text or "")
    assert PARAGRAPH in (undated.text or "")
    # the feed gave a title and a date: the page's metadata is not read
    assert dated.published == datetime(2025, 6, 2, 5, 0, tzinfo=UTC)
    assert dated.author is None
    # the cleaning worker leaves the language to the pipeline, which stores it
    assert (dated.language, undated.language) == ("en", "en")
    # no date in the feed: the page's date (and author) fill in
    assert undated.published is not None
    assert undated.published.date() == date(2025, 5, 30)
    assert undated.author == "Jana Novakova"
