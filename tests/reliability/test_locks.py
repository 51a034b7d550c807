"""The run lock (nongrata.pipeline.locks) on SQLite and PostgreSQL: taken once, released by
its holder only, taken over when expired or when its holder process is dead, waited for
up to a bound or refused at once, and wired into begin_run/end_run/abort_run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from nongrata.db import Database, Run
from nongrata.db.types import utcnow
from nongrata.pipeline import stages
from nongrata.pipeline.locks import (
    PIPELINE_LOCK,
    Holder,
    RunLock,
    RunLockLost,
    RunOverlap,
    holder_is_dead,
    lock_state,
    release,
    renew,
    this_node,
    try_acquire,
)
from nongrata.settings import Settings

OTHER_MACHINE = "1@elsewhere:00000000:1#abc"


def dead_holder() -> str:
    """A holder string of a process of this machine that has exited."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return Holder(int(child.stdout), this_node(), "gone").encode()


def test_one_holder_at_a_time_and_only_the_holder_releases(db: Database) -> None:
    assert try_acquire(db, "x", "a", ttl=60) is None
    busy = try_acquire(db, "x", OTHER_MACHINE, ttl=60)
    assert busy is not None
    assert busy.holder == "a"
    assert not release(db, "x", OTHER_MACHINE)
    assert renew(db, "x", "a", ttl=60)
    assert not renew(db, "x", "b", ttl=60)
    assert release(db, "x", "a")
    assert lock_state(db, "x") is None
    assert try_acquire(db, "x", OTHER_MACHINE, ttl=60) is None


def test_an_expired_lock_is_taken_over_a_live_one_is_not(db: Database) -> None:
    start = utcnow()
    assert try_acquire(db, PIPELINE_LOCK, OTHER_MACHINE, ttl=60, now=start) is None
    me = Holder.of_this_process().encode()
    # Another machine's holder: nothing says it is dead, so only its lease frees the lock.
    assert try_acquire(db, PIPELINE_LOCK, me, ttl=60, now=start + timedelta(seconds=59)) is not None
    assert try_acquire(db, PIPELINE_LOCK, me, ttl=60, now=start + timedelta(seconds=61)) is None
    state = lock_state(db, PIPELINE_LOCK)
    assert state is not None
    assert state.holder == me
    # The old holder cannot renew or release what it lost.
    assert not renew(db, PIPELINE_LOCK, OTHER_MACHINE, ttl=60)
    assert not release(db, PIPELINE_LOCK, OTHER_MACHINE)


def test_a_dead_holder_on_this_machine_frees_the_lock_at_once(db: Database) -> None:
    gone = dead_holder()
    assert holder_is_dead(gone)
    assert not holder_is_dead(OTHER_MACHINE)
    alive = Holder(os.getppid(), this_node(), "t").encode()
    assert not holder_is_dead(alive)
    assert try_acquire(db, "x", gone, ttl=3600) is None
    assert try_acquire(db, "x", "me", ttl=60) is None
    assert lock_state(db, "x").holder == "me"  # type: ignore[union-attr]


def test_cancel_refuses_at_once_and_wait_gives_up_at_its_bound(db_url: str, db: Database) -> None:
    assert try_acquire(db, PIPELINE_LOCK, OTHER_MACHINE, ttl=600) is None
    with pytest.raises(RunOverlap, match="in progress; this run is cancelled"):
        RunLock(db_url).acquire("cancel")
    with pytest.raises(RunOverlap, match=r"still holds the 'pipeline' lock after waiting 1\.5s"):
        RunLock(db_url).acquire("wait", wait_limit=1.5)
    assert lock_state(db, PIPELINE_LOCK).holder == OTHER_MACHINE  # type: ignore[union-attr]


def test_a_waiting_run_gets_the_lock_when_the_holder_releases(db_url: str, db: Database) -> None:
    first = RunLock(db_url)
    first.acquire("cancel")
    timer = threading.Timer(1.0, first.release)
    timer.start()
    second = RunLock(db_url)
    second.acquire("wait", wait_limit=30)
    timer.join()
    assert lock_state(db, PIPELINE_LOCK).holder == second.holder.encode()  # type: ignore[union-attr]
    second.release()
    assert lock_state(db, PIPELINE_LOCK) is None


def test_a_leftover_lock_of_this_process_is_free(db_url: str, db: Database) -> None:
    """A run of this process that could not release (database down) does not block the next."""
    leftover = Holder.of_this_process().encode()
    assert try_acquire(db, PIPELINE_LOCK, leftover, ttl=600) is None
    lock = RunLock(db_url)
    lock.acquire("cancel")
    assert lock_state(db, PIPELINE_LOCK).holder == lock.holder.encode()  # type: ignore[union-attr]
    # ... but a lock held by a live run of this process is not.
    with pytest.raises(RunOverlap):
        RunLock(db_url).acquire("cancel")
    lock.release()


def test_a_holder_whose_lock_was_taken_over_stops(db_url: str, db: Database) -> None:
    lock = RunLock(db_url, ttl=60)
    lock.acquire("cancel")
    later = utcnow() + timedelta(seconds=120)
    assert try_acquire(db, PIPELINE_LOCK, OTHER_MACHINE, ttl=600, now=later) is None
    with pytest.raises(RunLockLost, match="lost the 'pipeline' lock"):
        lock.check()
    lock.release()  # does not delete the new holder's row
    assert lock_state(db, PIPELINE_LOCK).holder == OTHER_MACHINE  # type: ignore[union-attr]


def runs(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Run)) or 0


def test_begin_run_takes_the_lock_and_end_or_abort_releases_it(
    db_url: str, db: Database, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(database_url=db_url, monitor_overlap="cancel")
    run = stages.begin_run(settings)
    state = lock_state(db, PIPELINE_LOCK)
    assert state is not None
    assert Holder.parse(state.holder) is not None
    with pytest.raises(RunOverlap, match="cancelled"):
        stages.begin_run(settings)
    assert runs(db) == 1  # the cancelled run recorded nothing
    stages.end_run(run, {})
    assert lock_state(db, PIPELINE_LOCK) is None

    second = stages.begin_run(settings)
    stages.abort_run(second, RuntimeError("boom"), {})
    assert lock_state(db, PIPELINE_LOCK) is None
    with db.session() as session:
        assert [r.status for r in session.scalars(select(Run).order_by(Run.id))] == [
            "finished",
            "failed",
        ]


def test_begin_run_waits_up_to_its_bound(
    db_url: str, db: Database, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(database_url=db_url, monitor_overlap="wait", monitor_wait_seconds=1.0)
    assert try_acquire(db, PIPELINE_LOCK, OTHER_MACHINE, ttl=600) is None
    with pytest.raises(RunOverlap, match="after waiting 1s; this run gave up"):
        stages.begin_run(settings)
    assert runs(db) == 0
