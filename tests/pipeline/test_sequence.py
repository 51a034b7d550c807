"""The order of a run's stages, written once (``nongrata.pipeline.sequence``): run in order
through the caller's way of running a stage, the lock checked where a stage asks, the run
ended finished or failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nongrata.db import Database, Run, open_database
from nongrata.db.models import Lock
from nongrata.pipeline import stages
from nongrata.pipeline.context import RunContext
from nongrata.pipeline.locks import PIPELINE_LOCK, RunLockLost
from nongrata.pipeline.sequence import MONITOR, MonitorSummary, RunSequence, Stage, run_stages
from nongrata.settings import Settings


def _runs(url: str) -> list[Run]:
    db: Database = open_database(url, migrate=False)
    try:
        with db.session() as session:
            return list(session.scalars(select(Run).order_by(Run.id)))
    finally:
        db.dispose()


def test_the_monitor_run_is_poll_extract_alert_in_that_order() -> None:
    keys = [stage.key for stage in MONITOR.stages]
    assert keys == ["rematch", "ingest", "extract", "delivery", "notices", "digests"]
    assert [s.key for s in MONITOR.stages if s.check_lock] == ["delivery"]
    # run_monitor's summary holds the same keys, in the same order.
    assert list(MonitorSummary(1).to_json()) == ["run_id", "watchlists", "watchlists_folder", *keys]


def test_stages_run_in_order_through_the_callers_call_and_the_run_finishes(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    seen: list[str] = []
    sequence = RunSequence(
        "rematch",
        (Stage("one", lambda context: 1), Stage("two", lambda context: context.kind)),
    )

    def call(stage: Stage, context: RunContext) -> Any:
        seen.append(stage.key)
        return stage.run(context)

    context = stages.begin_run(make_settings(database_url=url), sequence.kind)
    summary = run_stages(context, sequence, call)
    assert seen == ["one", "two"]
    assert summary == {
        "run_id": context.run_id,
        "watchlists": context.watchlists_fingerprint,
        "watchlists_folder": context.settings.watchlists_in_use,
        "one": 1,
        "two": "rematch",
    }
    [run] = _runs(url)
    assert (run.kind, run.status, run.summary) == ("rematch", "finished", summary)
    assert context.lock is None


def test_a_failed_stage_fails_the_run_with_what_was_done_and_frees_the_lock(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"

    def boom(context: RunContext) -> None:
        raise RuntimeError("boom")

    sequence = RunSequence(
        "backfill", (Stage("one", lambda c: 1), Stage("two", boom)), fingerprint=False
    )
    context = stages.begin_run(make_settings(database_url=url), sequence.kind)
    with pytest.raises(RuntimeError, match="boom"):
        run_stages(context, sequence)
    [run] = _runs(url)
    assert run.status == "failed"
    assert "boom" in (run.error or "")
    assert run.summary == {
        "run_id": context.run_id,
        "watchlists_folder": context.settings.watchlists_in_use,
        "one": 1,
    }
    assert context.lock is None


def test_a_run_that_lost_its_lock_stops_before_a_stage_that_checks_it(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    ran: list[str] = []

    def take_the_lock_over(context: RunContext) -> None:
        db = open_database(url, migrate=False)
        try:
            with db.session() as session:
                lock = session.get(Lock, PIPELINE_LOCK)
                assert lock is not None
                lock.holder = "1@elsewhere:00000000:1#abc"
        finally:
            db.dispose()

    sequence = RunSequence(
        "rematch",
        (
            Stage("lose", take_the_lock_over),
            Stage("send", lambda c: ran.append("send"), check_lock=True),
        ),
    )
    context = stages.begin_run(make_settings(database_url=url), sequence.kind)
    with pytest.raises(RunLockLost):
        run_stages(context, sequence)
    assert ran == []
    assert [r.status for r in _runs(url)] == ["failed"]
