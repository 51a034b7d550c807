"""The daily job without Prefect (``run_monitor``): immediate alerts go out at once, and a
digest subscriber whose time has come gets one digest in the same run."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Feed, open_database
from nongrata.db.types import utcnow
from nongrata.demo.server import DemoServer
from nongrata.errors import WatchlistError
from nongrata.pipeline import context as run_context
from nongrata.pipeline import stages
from nongrata.pipeline.extract_stage import ExtractSummary, extract_pending
from nongrata.pipeline.sequence import run_monitor
from nongrata.settings import Settings, bundled_watchlists_dir
from nongrata.watchlists import Watchlists, load_watchlists
from tests.support.ingest import register


def test_a_run_sends_immediate_alerts_and_a_due_digest(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    settings = make_settings(database_url=url, poll_interval_minutes=0)
    with DemoServer() as server:
        db = open_database(url)
        register(db, *server.feed_urls)
        subscribe(db, SubscriptionSpec(name="now", urls=[server.sink_url]))
        subscribe(
            db,
            SubscriptionSpec(
                name="morning", urls=[server.sink_url + "?digest"], digest=True, digest_time="00:00"
            ),
        )
        db.dispose()
        first = run_monitor(settings)
        immediate = first.delivery["sent"]
        assert immediate == first.extract["alerts_queued"] // 2 > 0
        assert first.digests["digests"] == 1
        assert len(server.received) == immediate + 1

        second = run_monitor(settings)
        assert second.delivery["sent"] == 0
        assert second.digests["digests"] == 0  # one digest a day
        assert len(server.received) == immediate + 1


def test_a_run_reads_the_watchlists_only_when_they_changed_or_are_needed(
    make_settings: Callable[..., Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lists = tmp_path / "lists"
    shutil.copytree(bundled_watchlists_dir(), lists)
    settings = make_settings(database_url=f"sqlite:///{tmp_path / 'w.db'}", watchlists=lists)
    read: list[Path] = []
    real = load_watchlists

    def counting(folder: Path) -> Watchlists:
        read.append(folder)
        return real(folder)

    monkeypatch.setattr(run_context, "load_watchlists", counting)
    run_monitor(settings)  # the first run checks them
    assert read == [lists]
    run_monitor(settings)  # unchanged since a finished run, and nothing to extract
    assert read == [lists]
    persons = lists / "persons.yaml"
    persons.write_text("kind: persons\nentries: [{name: 12}]\n", encoding="utf-8")
    with pytest.raises(WatchlistError):
        run_monitor(settings)  # an edited folder is checked before anything is fetched


def test_a_run_extracts_in_batches_of_the_flows_size(
    make_settings: Callable[..., Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    settings = make_settings(database_url=url, nlp_batch_size=3)
    # In this process, one batch holds a day's articles as a rule; on Dask, the batches run
    # in parallel and are small.
    assert stages.extraction_batch_size(settings) == 96
    assert stages.extraction_batch_size(make_settings(nlp_batch_size=3, task_runner="dask")) == 6
    sizes: list[int] = []
    real = extract_pending

    def spying(*args: Any, batch_size: int, **kwargs: Any) -> ExtractSummary:
        sizes.append(batch_size)
        return real(*args, batch_size=batch_size, **kwargs)

    monkeypatch.setattr(stages, "extract_pending", spying)
    with DemoServer() as server:
        db = open_database(url)
        register(db, *server.feed_urls)
        db.dispose()
        summary = run_monitor(settings)
    assert summary.extract["articles"] > 0
    assert sizes == [96]  # as the flow's extraction tasks


def test_a_run_tells_ops_subscriptions_once_that_a_feed_is_dead(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    settings = make_settings(database_url=url, poll_interval_minutes=0)
    with DemoServer() as server:
        gone = server.feed_urls[0].rsplit("/", 1)[0] + "/no-such-feed.xml"  # answers 404
        db = open_database(url)
        register(db, gone)
        with db.session() as session:  # registered a week ago, never polled successfully
            feed = session.scalars(select(Feed)).one()
            feed.created_at = utcnow() - timedelta(days=7)
        subscribe(db, SubscriptionSpec(name="op", urls=[server.sink_url + "?ops"], ops=True))
        db.dispose()
        first = run_monitor(settings, force=True)
        assert first.ingest["feeds_failed"] == 1
        assert (first.notices["dead"], first.notices["sent"]) == (1, 1)
        [notice] = server.received
        assert notice["title"].startswith("nongrata: feed dead: ")
        assert gone in notice["message"]

        second = run_monitor(settings, force=True)  # still failing: not told again
        assert second.ingest["feeds_failed"] == 1
        assert (second.notices["dead"], second.notices["sent"]) == (0, 0)
        assert len(server.received) == 1
