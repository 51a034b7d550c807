"""Dask scale-out: the task runner chosen by the settings, and the monitor flow on a real local
Dask cluster (worker processes on this machine) storing the same events as the default runner."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask.task_runners import DaskTaskRunner
from sqlalchemy import select

from nongrata.db import Article, open_database
from nongrata.db.models import Event
from nongrata.demo.content import load_articles
from nongrata.demo.server import DemoServer
from nongrata.errors import ConfigError
from nongrata.flows.runners import local_cluster_kwargs, task_runner_for
from nongrata.settings import Settings
from tests.support.ingest import register_at

EventKey = tuple[Any, ...]


def test_thread_is_the_default_one_worker_in_process(
    make_settings: Callable[..., Settings],
) -> None:
    runner = task_runner_for(make_settings())
    assert isinstance(runner, ThreadPoolTaskRunner)
    assert runner._max_workers == 1


def test_dask_with_an_address_connects_to_that_cluster(
    make_settings: Callable[..., Settings],
) -> None:
    runner = task_runner_for(
        make_settings(task_runner="dask", dask_address="tcp://scheduler.example:8786")
    )
    assert isinstance(runner, DaskTaskRunner)
    assert runner.address == "tcp://scheduler.example:8786"


def test_dask_without_an_address_starts_a_small_local_cluster(
    make_settings: Callable[..., Settings],
) -> None:
    for address in (None, "", "  "):
        runner = task_runner_for(make_settings(task_runner="dask", dask_address=address))
        assert isinstance(runner, DaskTaskRunner)
        assert runner.address is None
        assert runner.cluster_kwargs["n_workers"] == 2
        assert runner.cluster_kwargs["threads_per_worker"] == 1
        assert runner.cluster_kwargs["processes"] is True
        assert runner.cluster_kwargs["host"] == "127.0.0.1"
    assert local_cluster_kwargs()["n_workers"] == 2


def test_dask_without_prefect_dask_is_a_clear_config_error(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if it were not installed: importing it (or its module) raises ImportError.
    monkeypatch.setitem(sys.modules, "prefect_dask", None)
    monkeypatch.setitem(sys.modules, "prefect_dask.task_runners", None)
    with pytest.raises(ConfigError, match=r"prefect-dask.*nongrata\[dask\]"):
        task_runner_for(make_settings(task_runner="dask"))
    # The default runner needs nothing more.
    assert isinstance(task_runner_for(make_settings()), ThreadPoolTaskRunner)


def _counts(extract: dict[str, Any]) -> dict[str, Any]:
    """An extraction summary without its timings, nor how many of its events a later batch
    updated: that depends on which reports of an event shared a batch, and the runners
    batch differently (``extraction_batch_size``); the events stored are compared whole."""
    return {k: v for k, v in extract.items() if k not in ("seconds", "events_updated")}


def _stored_events(db_url: str) -> list[EventKey]:
    """Every stored event with what it says and which articles (by URL) reported it."""
    db = open_database(db_url)
    try:
        with db.session() as session:
            urls = {a.id: a.url for a in session.scalars(select(Article))}
            rows = [
                (
                    e.type,
                    e.actor,
                    e.actor_iso,
                    e.target,
                    e.target_iso,
                    tuple(sorted(e.persons)),
                    tuple(sorted(e.agencies)),
                    e.count,
                    e.event_date,
                    e.new,
                    round(e.confidence, 6),
                    tuple(sorted(urls[m.article_id] for m in e.mentions)),
                )
                for e in session.scalars(select(Event))
            ]
    finally:
        db.dispose()
    return sorted(rows, key=repr)


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_monitor_on_a_local_dask_cluster_stores_the_same_events_as_the_default_runner(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    from nongrata.flows.monitor import monitor

    thread_url = f"sqlite:///{tmp_path / 'thread.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    # Small batches so that the extraction is spread over both Dask workers.
    common = {"poll_interval_minutes": 0, "nlp_batch_size": 2}
    thread_settings = make_settings(database_url=thread_url, **common)
    dask_settings = make_settings(database_url=dask_url, task_runner="dask", **common)
    articles = len(load_articles())

    with DemoServer() as server:
        register_at(thread_url, server.feed_urls)
        register_at(dask_url, server.feed_urls)

        # The flow picks its runner from the settings of the run (as deployed runs do).
        by_thread: dict[str, Any] = monitor(settings=thread_settings)
        by_dask: dict[str, Any] = monitor(settings=dask_settings)

    for summary in (by_thread, by_dask):
        assert summary["ingest"]["new_articles"] == articles
        assert summary["extract"]["articles"] == articles
    # The same counts ("seconds" is where the time went: never the same twice).
    assert _counts(by_dask["extract"]) == _counts(by_thread["extract"])
    assert by_thread["extract"]["events_new"] > 0

    thread_events = _stored_events(thread_url)
    assert thread_events, "the default runner stored no event: nothing to compare"
    assert _stored_events(dask_url) == thread_events
