"""The record of each run: started, finished with its summary, or failed with the reason."""

from __future__ import annotations

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
