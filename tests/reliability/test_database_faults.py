"""The database failing under a run: SQLite locked by another process for longer than the busy
timeout, PostgreSQL restarted mid-run. The run fails cleanly (non-zero, the failure recorded
when the database lets it) or carries on; the next run finishes the work; nothing stored is
lost and nothing is duplicated."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from nongrata.db import Database, Run
from nongrata.db.models import Alert
from nongrata.db.session import SQLITE_BUSY_SECONDS
from tests.support.runs import (
    NewsServer,
    assert_consistent,
    deliveries_by_status,
    event_keys,
    fetched_and_extracted,
    finish,
    hook_events,
    monitor_env,
    prepare_database,
    start_monitor,
    wait_until,
)

pytestmark = pytest.mark.slow
BUSY_TIMEOUT = SQLITE_BUSY_SECONDS
LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def runs(db: Database) -> list[Run]:
    with db.session() as session:
        return list(session.scalars(select(Run).order_by(Run.id)))


def assert_work_done_once(db: Database, news: NewsServer) -> None:
    """Every article fetched and extracted, every alert delivered once, all consistent."""
    assert fetched_and_extracted(db) == (len(news.articles),) * 3
    assert_consistent(db)
    assert max(event_keys(db).values()) == 1
    with db.session() as session:
        alerts = len(list(session.scalars(select(Alert.id))))
    assert alerts > 2
    assert deliveries_by_status(db) == Counter({"delivered": alerts})
    received = hook_events(news, down=False)
    assert len(received) == len(set(received)) == alerts


def test_sqlite_locked_longer_than_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "nongrata.db"
    url = f"sqlite:///{path}"
    with NewsServer() as news:
        db = prepare_database(url, news.feed_urls, [news.hook_url])
        env = monitor_env(url, tmp_path / "data")
        news.pages.close()
        child = start_monitor(env, tmp_path, "locked")
        wait_until("the run fetching pages", news.pages.arrived.is_set, child)
        assert fetched_and_extracted(db) == (len(news.articles), 0, 0)
        locker = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(path), str(BUSY_TIMEOUT + 15)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert locker.stdout is not None
        assert locker.stdout.readline().strip() == "locked"
        news.pages.release()  # the run now has pages to store, and the database is locked
        code = finish(child)
        locker.wait(timeout=120)
        statuses = [r.status for r in runs(db)]
        if code == 0:  # the write waited out the lock (busy timeout) and the run went on
            assert statuses == ["finished"]
        else:  # it gave up after the busy timeout: one failed run, with the reason
            assert "database is locked" in child.stderr
            failed = runs(db)
            assert statuses == ["failed"]
            assert "database is locked" in (failed[0].error or "")
            # Nothing stored before the lock is lost: the articles are there, still pending.
            assert fetched_and_extracted(db) == (len(news.articles), 0, 0)

        rerun = start_monitor(env, tmp_path, "after-lock")
        assert finish(rerun) == 0, rerun.stderr[-3000:]
        assert [r.status for r in runs(db)][-1] == "finished"
        assert_work_done_once(db, news)
    db.dispose()


def restart_postgresql() -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )


def wait_for_postgresql() -> None:
    deadline = time.monotonic() + 120
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        assert time.monotonic() < deadline, "PostgreSQL did not come back"
        time.sleep(0.5)


@pytest.mark.postgres
def test_postgresql_restarted_mid_run(pg_server: str, tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    with NewsServer() as news:
        db = prepare_database(pg_server, news.feed_urls, [news.hook_url])
        env = monitor_env(pg_server, tmp_path / "data")
        news.pages.close()
        child = start_monitor(env, tmp_path, "restarted")
        try:
            wait_until("the run fetching pages", news.pages.arrived.is_set, child)
            restart_postgresql()
        finally:
            wait_for_postgresql()
            news.pages.release()
        code = finish(child)
        statuses = [r.status for r in runs(db)]
        if code == 0:  # the run reconnected and carried on
            assert statuses == ["finished"]
        else:  # it failed cleanly: the failure recorded, or the run left 'running'
            assert statuses in (["failed"], ["running"]), child.stderr[-3000:]
        rerun = start_monitor(env, tmp_path, "after-restart")
        assert finish(rerun) == 0, rerun.stderr[-3000:]
        assert runs(db)[-1].status == "finished"
        assert_work_done_once(db, news)
    db.dispose()
    engine = create_engine(pg_server)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
