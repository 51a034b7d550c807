"""The prefilter before cleaning: pages with no event trigger are fetched, not cleaned."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer

from nongrata.db import Database, open_database
from nongrata.pipeline.ingest import PREFILTERED, Prefiltered, clean_page_job
from nongrata.settings import Settings
from tests.pipeline.ingest_support import RSS, articles, drops, item, register, rss, run_ingest

MakeSettings = Callable[..., Settings]

QUIET = (
    "<html><head><title>Repair cafe</title></head><body><article><h1>Repair cafe</h1>"
    + "<p>The repair cafe opens again on Saturday with volunteers and coffee.</p>" * 6
    + "</article></body></html>"
)
EVENT = (
    "<html><head><title>Diplomats expelled</title></head><body><article>"
    "<h1>Estonia expels two Russian diplomats</h1>"
    + "<p>Estonia expelled two Russian diplomats on Monday, the foreign ministry said.</p>" * 4
    + "</article></body></html>"
)


@pytest.fixture
def db(tmp_path: object) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path}/ingest.db")
    yield database
    database.dispose()


def test_the_job_skips_only_pages_without_a_trigger() -> None:
    quiet = clean_page_job(QUIET.encode(), "http://127.0.0.1/q", "utf-8", True)
    assert quiet == Prefiltered("page-no-trigger:unknown")
    cleaned = clean_page_job(EVENT.encode(), "http://127.0.0.1/e", "utf-8", True)
    assert not isinstance(cleaned, Prefiltered | str)
    assert "expelled two Russian diplomats" in cleaned.text
    # Off: every page is cleaned.
    off = clean_page_job(QUIET.encode(), "http://127.0.0.1/q", "utf-8", False)
    assert not isinstance(off, Prefiltered | str)


def test_words_split_by_inline_tags_still_count() -> None:
    page = EVENT.replace("expelled", "ex<b>pel</b>led").replace("expels", "ex<i>pels</i>")
    result = clean_page_job(page.encode(), "http://127.0.0.1/e", "utf-8", True)
    assert not isinstance(result, Prefiltered | str)


def test_prefiltered_pages_keep_the_summary_and_say_why(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server = httpserver_ipv4
    server.expect_request("/f.xml").respond_with_data(
        rss(
            item(server.url_for("/quiet"), "Repair cafe", summary="Volunteers fix things."),
            item(server.url_for("/event"), "Diplomats expelled", summary="Estonia acts."),
        ),
        content_type=RSS,
    )
    server.expect_request("/quiet").respond_with_data(QUIET, content_type="text/html")
    server.expect_request("/event").respond_with_data(EVENT, content_type="text/html")
    register(db, server.url_for("/f.xml"))

    summary = run_ingest(db, make_settings())

    assert (summary.pages_fetched, summary.pages_prefiltered, summary.pages_failed) == (2, 1, 0)
    assert summary.failures == {}
    by_url = {a.url.rsplit("/", 1)[1]: a for a in articles(db)}
    assert by_url["quiet"].text == "Volunteers fix things."
    assert by_url["quiet"].fetch_error == f"{PREFILTERED}: page-no-trigger:unknown"
    assert "expelled two Russian diplomats" in (by_url["event"].text or "")
    assert [(d.reason, d.article_id) for d in drops(db)] == [(PREFILTERED, by_url["quiet"].id)]


def test_with_the_prefilter_off_every_page_is_cleaned(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    server = httpserver_ipv4
    server.expect_request("/f.xml").respond_with_data(
        rss(item(server.url_for("/quiet"), "Repair cafe", summary="Volunteers.")),
        content_type=RSS,
    )
    server.expect_request("/quiet").respond_with_data(QUIET, content_type="text/html")
    register(db, server.url_for("/f.xml"))

    summary = run_ingest(db, make_settings(prefilter=False))

    assert (summary.pages_fetched, summary.pages_prefiltered) == (1, 0)
    (article,) = articles(db)
    assert article.fetch_status == "fetched"
    assert "repair cafe opens again" in (article.text or "")
