"""The monitor flow end to end, under the one session-scoped Prefect harness, over the demo's
local news server: the first run stores and extracts; the second finds every feed unchanged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from nongrata.db import Article, Feed, Run, open_database
from nongrata.demo.content import load_articles
from nongrata.demo.server import DemoServer
from nongrata.ingest.store import PREFILTERED
from nongrata.settings import Settings
from tests.support.ingest import register, register_at


@pytest.mark.usefixtures("prefect_harness")
def test_monitor_twice_over_unchanged_feeds(
    make_settings: Callable[..., Settings], db_url: str
) -> None:
    from nongrata.flows.monitor import monitor

    settings = make_settings(database_url=db_url, poll_interval_minutes=0)
    with DemoServer() as server:
        db = open_database(db_url)
        register(db, *server.feed_urls)

        first: dict[str, Any] = monitor(settings=settings)
        assert first["ingest"]["feeds_polled"] == len(server.feed_urls)
        assert first["ingest"]["feeds_failed"] == 0
        assert first["ingest"]["new_articles"] == len(load_articles())
        assert first["extract"]["articles"] == len(load_articles())
        assert first["extract"]["events_new"] > 0

        second: dict[str, Any] = monitor(settings=settings)
        assert second["ingest"]["feeds_not_modified"] == len(server.feed_urls)
        assert second["ingest"]["new_articles"] == 0
        assert second["ingest"]["pages_fetched"] == 0
        assert second["extract"]["articles"] == 0

    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == len(load_articles())
        assert session.scalar(select(func.count()).select_from(Feed)) == len(server.feed_urls)
        runs = list(session.scalars(select(Run).order_by(Run.id)))
        assert [r.status for r in runs] == ["finished", "finished"]
        assert runs[0].summary["ingest"]["new_articles"] == len(load_articles())
        # Every page was fetched: cleaned, or (no event trigger on it: the page prefilter) not
        # cleaned and the feed summary kept.
        for article in session.scalars(select(Article)):
            assert article.fetch_status == "fetched" or (
                (article.fetch_error or "").startswith(PREFILTERED)
            ), (article.url, article.fetch_status, article.fetch_error)
    db.dispose()


@pytest.mark.usefixtures("prefect_harness")
def test_in_process_extraction_batches_log_no_timeout_warning(
    make_settings: Callable[..., Settings], db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A timeout cannot interrupt a task in a thread of the flow's process, and Prefect warns
    so for each such task: the in-process extraction batches run without one."""
    from nongrata.flows.monitor import monitor

    settings = make_settings(database_url=db_url, poll_interval_minutes=0, nlp_batch_size=1)
    task_runs = logging.getLogger("prefect.task_runs")  # Prefect's loggers do not propagate
    task_runs.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="prefect.task_runs"), DemoServer() as server:
            register_at(db_url, server.feed_urls)
            summary: dict[str, Any] = monitor(settings=settings)
    finally:
        task_runs.removeHandler(caplog.handler)
    assert summary["extract"]["articles"] == len(load_articles())  # several batches
    extraction = [
        r for r in caplog.records if getattr(r, "task_run_name", "").startswith("extract-articles")
    ]
    assert len(extraction) > 1  # the log of each batch's task run is seen
    assert [r.getMessage() for r in extraction if "worker thread" in r.getMessage()] == []


def test_the_flow_runs_every_stage_of_the_monitor_sequence_as_a_task() -> None:
    from nongrata.flows.monitor import TASKS
    from nongrata.pipeline.sequence import MONITOR

    assert list(TASKS) == [stage.key for stage in MONITOR.stages]
