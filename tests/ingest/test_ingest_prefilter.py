"""The prefilter before cleaning: pages with no event trigger are fetched, not cleaned.

A prefiltered page is no failure: the article is fetched, keeps its feed summary as its
text, ``fetch_error`` says why, no drop is recorded, and the run's summary counts it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer

from nongrata.db import Database, open_database
from nongrata.ingest.clean_worker import Prefiltered, clean_page_job, ready
from nongrata.ingest.store import PREFILTERED
from nongrata.settings import Settings
from tests.support.ingest import articles, drops, item, run_ingest, serve_feed

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


def _serve_quiet_page(server: HTTPServer, db: Database, summary: str | None, *more: str) -> None:
    """A registered feed listing the quiet page (no event on it, its ``summary``), then
    ``more`` items; the quiet page served."""
    quiet = item(server.url_for("/quiet"), "Repair cafe", summary=summary)
    serve_feed(server, db, quiet, *more)
    server.expect_request("/quiet").respond_with_data(QUIET, content_type="text/html")


def test_prefiltered_pages_keep_the_summary_and_say_why(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    event = item(server.url_for("/event"), "Diplomats expelled", summary="Estonia acts.")
    _serve_quiet_page(server, db, "Volunteers fix things.", event)
    server.expect_request("/event").respond_with_data(EVENT, content_type="text/html")

    summary = run_ingest(db, make_settings())

    assert (summary.pages_fetched, summary.pages_prefiltered, summary.pages_failed) == (2, 1, 0)
    assert summary.failures == {}
    assert summary.to_json()["pages_prefiltered"] == 1
    by_url = {a.url.rsplit("/", 1)[1]: a for a in articles(db)}
    quiet = by_url["quiet"]
    assert (quiet.fetch_status, quiet.text) == ("fetched", "Volunteers fix things.")
    assert quiet.fetch_error == f"{PREFILTERED}: page-no-trigger:unknown"
    assert quiet.fetched_at is not None
    assert quiet.content_hash is not None
    assert by_url["event"].fetch_status == "fetched"
    assert by_url["event"].fetch_error is None
    assert "expelled two Russian diplomats" in (by_url["event"].text or "")
    assert drops(db) == []  # not a failure


def test_a_prefiltered_page_without_summary_is_fetched_with_no_text(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    _serve_quiet_page(server, db, None, item(server.url_for("/gone"), "Gone", summary="A summary."))
    server.expect_request("/gone").respond_with_data("missing", status=404)

    summary = run_ingest(db, make_settings())

    assert (summary.pages_fetched, summary.pages_prefiltered, summary.pages_failed) == (1, 1, 1)
    assert summary.failures == {"http-404": 1}
    by_url = {a.url.rsplit("/", 1)[1]: a for a in articles(db)}
    quiet, gone = by_url["quiet"], by_url["gone"]
    assert (quiet.fetch_status, quiet.text, quiet.content_hash) == ("fetched", None, None)
    assert quiet.fetch_error == f"{PREFILTERED}: page-no-trigger:unknown"
    # A failure still keeps the summary, with a drop.
    assert (gone.fetch_status, gone.text) == ("summary", "A summary.")
    assert [(d.reason, d.article_id) for d in drops(db)] == [("http-404", gone.id)]


def test_with_the_prefilter_off_every_page_is_cleaned(
    server: HTTPServer, make_settings: MakeSettings, db: Database
) -> None:
    _serve_quiet_page(server, db, "Volunteers.")

    summary = run_ingest(db, make_settings(prefilter=False))

    assert (summary.pages_fetched, summary.pages_prefiltered) == (1, 0)
    (article,) = articles(db)
    assert article.fetch_status == "fetched"
    assert "repair cafe opens again" in (article.text or "")


def test_cleaning_workers_import_only_the_cleaning_job() -> None:
    """A spawned worker imports the job's module: not the pipeline, database or HTTP client
    (each would cost every worker startup time and memory)."""
    probe = (
        "import sys, nongrata.ingest.clean_worker as w;"
        "print(sorted(m for m in ('sqlalchemy', 'httpx', 'nongrata.db', 'nongrata.net',"
        " 'nongrata.ingest.ingest', 'spacy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_a_worker_warms_up_on_a_page_that_passes_and_cleans() -> None:
    assert ready() is True
