"""The record of each run: started, finished with its summary, or failed with the reason.

Also :func:`freeze_startup_objects`, which the first run of a process calls: what the
process built before it (imported modules, loaded models) is kept out of the garbage
collector's full collections, each of which would otherwise scan all of it again.
"""

from __future__ import annotations

import gc
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from nongrata.db import Database, Run
from nongrata.db.types import utcnow


def start_run(db: Database, kind: str = "monitor", now: datetime | None = None) -> int:
    with db.session() as session:
        run = Run(kind=kind, started_at=now or utcnow(), status="running", summary={})
        session.add(run)
        session.flush()
        return run.id


def finish_run(db: Database, run_id: int, summary: dict[str, Any]) -> None:
    with db.session() as session:
        session.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(status="finished", finished_at=utcnow(), summary=summary)
        )


def fail_run(db: Database, run_id: int, error: BaseException, summary: dict[str, Any]) -> None:
    """Record why a run failed; never raises (the original error matters more)."""
    cause = getattr(error, "orig", None) or error  # a driver's own words for database errors
    message = " ".join(f"{type(error).__name__}: {cause}".split())[:2000]
    try:
        with db.session() as session:
            session.execute(
                update(Run)
                .where(Run.id == run_id)
                .values(status="failed", finished_at=utcnow(), error=message, summary=summary)
            )
    except Exception as exc:  # the database itself may be what failed
        error.add_note(f"the run could not be marked failed: {exc}")


def last_runs(db: Database, limit: int = 10) -> list[Run]:
    with db.session() as session:
        return list(session.scalars(select(Run).order_by(Run.id.desc()).limit(limit)))


_startup_frozen: list[bool] = []  # one element once this process froze its start-up objects


def freeze_startup_objects() -> bool:
    """Once per process (True the time it does so): move every object alive now out of the
    cyclic garbage collector's generations (``gc.freeze``).

    A process that runs the daily job imports a few hundred thousand objects that live as
    long as it does; each full collection during the run (triggered by what the run
    allocates) would scan them all, a tenth of a second each time. Frozen, they are never
    scanned again; they are still freed by reference counting. Done once, so that only the
    start-up's objects are frozen, never a later run's garbage.
    """
    if _startup_frozen:
        return False
    _startup_frozen.append(True)
    gc.freeze()
    return True
