"""Re-matching after a watchlist edit: stored events are matched against the watchlists
again, without fetching or extracting anything. Recent new events that now reach a subscriber
(first seen within ``rematch_window_days``) alert like any new event; nothing alerts twice.

A run re-matches automatically when the watchlist folder's fingerprint differs from the one
the last finished run recorded (``runs.summary["watchlists"]``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nongrata.db import Database, Run
from nongrata.db.models import Event
from nongrata.events.record import queue_owed_alerts, sync_event_matches
from nongrata.settings import Settings
from nongrata.watchlists import Watchlists


@dataclass
class RematchSummary:
    events: int = 0
    matches_added: int = 0
    matches_removed: int = 0
    alerts_queued: int = 0
    deliveries_queued: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def watchlists_fingerprint(folder: Path) -> str:
    """A digest of every watchlist file's name and content."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.y*ml")):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def rematch_events(
    db: Database,
    settings: Settings,
    watchlists: Watchlists,
    now: datetime,
    run_id: int | None = None,
) -> RematchSummary:
    """Match every stored event again; queue the alerts recent events now owe."""
    summary = RematchSummary()
    with db.session() as session:
        events = list(session.scalars(select(Event).order_by(Event.id)))
        for event in events:
            added, removed = sync_event_matches(session, event, watchlists)
            summary.matches_added += added
            summary.matches_removed += removed
        summary.events = len(events)
        session.flush()
        since = now - timedelta(days=settings.rematch_window_days)
        recent = [e.id for e in events if e.new and e.first_seen_at >= since]
        summary.alerts_queued, summary.deliveries_queued = queue_owed_alerts(
            session, recent, now, run_id, settings.rematch_window_days
        )
    return summary


def last_fingerprint(db: Database, before_run_id: int | None = None) -> str | None:
    """The watchlist fingerprint the last finished run (before ``before_run_id``) recorded."""
    with db.session() as session:
        query = select(Run).where(Run.status == "finished")
        if before_run_id is not None:
            query = query.where(Run.id < before_run_id)
        runs = session.scalars(query.order_by(Run.id.desc()).limit(20))
        for run in runs:
            value = (run.summary or {}).get("watchlists")
            if isinstance(value, str):
                return value
    return None


def rematch_if_changed(
    db: Database,
    settings: Settings,
    load: Callable[[], Watchlists],
    fingerprint: str,
    run_id: int,
    now: datetime,
) -> RematchSummary | None:
    """Re-match when the watchlists changed since the last finished run (None: unchanged;
    not on the first run either: nothing was matched before). ``load`` gives the watchlists,
    called only when they changed."""
    previous = last_fingerprint(db, run_id)
    if previous is None or previous == fingerprint:
        return None
    return rematch_events(db, settings, load(), now, run_id)
