"""A notification target down for two whole runs of the real pipeline, then back: every
alert is attempted once per run while it is down and delivered exactly once when it is up."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nongrata.db import Database
from nongrata.db.models import Alert, Delivery
from nongrata.db.types import utcnow
from tests.support.runs import (
    NewsServer,
    assert_consistent,
    finish,
    hook_events,
    monitor_env,
    prepare_database,
    start_monitor,
)

pytestmark = pytest.mark.slow


def wait_until_due(db: Database) -> None:
    """Wait until every failed delivery's retry is due: after a second failure it backs off
    for two seconds (``NONGRATA_ALERT_RETRY_BASE_SECONDS=1``), and a run with nothing new can
    come sooner than that."""
    with db.session() as session:
        due = session.scalar(select(func.max(Delivery.next_attempt_at)))
    if due is not None:
        time.sleep(max(0.0, (due - utcnow()).total_seconds()) + 0.1)


def test_a_target_down_for_two_runs_then_up_gets_each_alert_exactly_once(
    db_url: str, tmp_path: Path
) -> None:
    with NewsServer() as news:
        db = prepare_database(db_url, news.feed_urls, [news.hook_url])
        env = monitor_env(db_url, tmp_path / "data")
        summaries = []
        for run, down in enumerate([True, True, False]):
            news.hook_down = down
            if not down:
                wait_until_due(db)
            child = start_monitor(env, tmp_path, f"run{run}")
            assert finish(child) == 0, child.stderr[-3000:]
            summaries.append(json.loads(child.stdout)["delivery"])
        failed = hook_events(news, down=True)
        delivered = hook_events(news, down=False)
    with db.session() as session:
        alerts = len(list(session.scalars(select(Alert.id))))
        rows = list(session.scalars(select(Delivery)))
    assert alerts > 2
    assert [s["failed"] for s in summaries] == [alerts, alerts, 0]
    assert [s["sent"] for s in summaries] == [0, 0, alerts]
    assert Counter(failed) == Counter(dict.fromkeys(set(failed), 2))
    assert len(set(failed)) == alerts
    assert sorted(delivered) == sorted(set(failed))  # each alert once, none lost
    assert [(d.status, d.attempts) for d in rows] == [("delivered", 3)] * alerts
    assert all(d.last_error is None for d in rows)
    assert_consistent(db)
    db.dispose()
