"""Which feeds a run polls (when each is due: :func:`nongrata.net.backoff.poll_due_at`), and
when the next one is due when none is. Disabled feeds are never polled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from nongrata.db import Database, Feed
from nongrata.ingest.store import DueFeed
from nongrata.net.backoff import poll_due_at
from nongrata.settings import Settings

FORCE_HINT = "use `nongrata run --force` to poll now"


@dataclass(frozen=True)
class PollPlan:
    """The feeds a run polls, and when the next would be due if none is (``next_due``)."""

    due: list[DueFeed]
    enabled: int
    next_due: datetime | None

    def nothing_due(self, *, force: bool) -> str | None:
        """One line saying why nothing is polled, or None when some feed is due."""
        if self.due:
            return None
        if not self.enabled:
            return (
                "No feed to poll: none is registered and enabled "
                "(add one with `nongrata feeds add URL`)."
            )
        when = f"{self.next_due:%Y-%m-%d %H:%M:%S} UTC" if self.next_due else "now"
        if force:
            return f"No feed polled: their servers asked to wait (Retry-After) until {when}."
        return f"No feed is due: the next poll is at {when} ({FORCE_HINT})."


def plan_polls(db: Database, settings: Settings, now: datetime, *, force: bool = False) -> PollPlan:
    """The enabled feeds due at ``now`` (every one with ``force``, but for a pending
    Retry-After), in id order."""
    due: list[DueFeed] = []
    waiting: list[datetime] = []
    enabled = 0
    with db.session() as session:
        rows = session.execute(
            select(
                Feed.id,
                Feed.url,
                Feed.etag,
                Feed.last_modified,
                Feed.consecutive_errors,
                Feed.last_polled_at,
                Feed.next_poll_at,
                Feed.retry_after_until,
            )
            .where(Feed.disabled_reason.is_(None))
            .order_by(Feed.id)
        )
        for feed_id, url, etag, modified, errors, polled, next_poll, retry_after in rows:
            enabled += 1
            at = poll_due_at(
                last_polled_at=polled,
                consecutive_errors=errors or 0,
                next_poll_at=next_poll,
                retry_after_until=retry_after,
                interval_minutes=settings.poll_interval_minutes,
                force=force,
            )
            if at is None or at <= now:
                due.append(DueFeed(feed_id, url, etag, modified, errors or 0))
            else:
                waiting.append(at)
    return PollPlan(due=due, enabled=enabled, next_due=min(waiting) if waiting else None)


def load_due_feeds(
    db: Database, settings: Settings, now: datetime, *, force: bool = False
) -> list[DueFeed]:
    """The enabled feeds due at ``now`` (see :func:`plan_polls`)."""
    return plan_polls(db, settings, now, force=force).due
