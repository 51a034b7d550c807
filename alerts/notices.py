"""Dead feeds are news to the operator: one notice per change of a feed's state.

A feed is *dead* when it is disabled (``410 Gone``: ``disabled_reason``) or has been failing
for ``feed_dead_after_days``: it has errors now (``consecutive_errors``) and its last success
(or, never polled successfully, its registration) is that old. When a feed becomes dead a
``feed-dead`` notice is recorded and ``feeds.dead_noticed_at`` set; when a feed so marked is
healthy again (enabled, its last poll a success) one ``feed-recovered`` notice is recorded
and the mark cleared. A dead feed whose address is broken (404, 410, not a feed:
:mod:`nongrata.ingest.replace`) has the hint how to replace it in its notice. So a notice
goes out once per state change, never at every run.

Each subscription that asks for operational notices (``subscribe … --ops``; muted ones are
skipped) gets its notice row, queued in the outbox for each of its targets and sent like
alerts (retried, never sent twice; an edit of its targets re-queues it, removing the
subscription removes it). With no such subscription the change is still recorded (one row
without a subscription), so nothing is sent later for a state no one was told.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nongrata.alerts.outbox import DeliverySummary, deliver_pending
from nongrata.alerts.queue import add_deliveries
from nongrata.alerts.subscriptions import subscription_targets
from nongrata.db import Database
from nongrata.db.models import Feed, Notice, Subscription
from nongrata.ingest.registry import bundled_pages
from nongrata.ingest.replace import replacement
from nongrata.settings import Settings

log = logging.getLogger(__name__)

DEAD = "feed-dead"
RECOVERED = "feed-recovered"


@dataclass
class NoticeSummary:
    dead: int = 0  # feeds found dead now (a notice each)
    recovered: int = 0  # feeds found healthy again now (a notice each)
    queued: int = 0  # outbox rows written for the notices
    deliveries: DeliverySummary = field(default_factory=DeliverySummary)

    def to_json(self) -> dict[str, Any]:
        return {
            "dead": self.dead,
            "recovered": self.recovered,
            "queued": self.queued,
            "sent": self.deliveries.sent,
            "failed": self.deliveries.failed,
            "given_up": self.deliveries.given_up,
        }


def is_dead(feed: Feed, now: datetime, dead_after: timedelta) -> bool:
    """Disabled, or failing now with no success for ``dead_after``."""
    if feed.disabled_reason is not None:
        return True
    if not feed.consecutive_errors:
        return False
    last_good = feed.last_success_at or feed.created_at
    return last_good is not None and now - last_good >= dead_after


def _notice(
    feed: Feed, kind: str, now: datetime, run_id: int | None, sub: Subscription | None
) -> Notice:
    detail = feed.disabled_reason or feed.last_error if kind == DEAD else None
    needed = replacement(feed, bundled_pages()) if kind == DEAD else None
    if needed is not None:  # its address is broken: say how to replace it
        detail = f"{detail}; {needed.hint}"
    return Notice(
        kind=kind,
        subscription_id=sub.id if sub is not None else None,
        feed_id=feed.id,
        feed_url=feed.url,
        feed_title=feed.title,
        detail=detail,
        since=feed.last_success_at,
        run_id=run_id,
        created_at=now,
    )


def record_feed_notices(
    session: Session, now: datetime, *, dead_after_days: float, run_id: int | None = None
) -> NoticeSummary:
    """Record a notice for each feed whose state changed, and queue its deliveries."""
    summary = NoticeSummary()
    dead_after = timedelta(days=dead_after_days)
    ops = [
        sub
        for sub in session.scalars(
            select(Subscription).where(Subscription.ops.is_(True)).order_by(Subscription.id)
        )
        if sub.muted_until is None or sub.muted_until <= now
    ]
    for feed in session.scalars(select(Feed).order_by(Feed.id)):
        dead = is_dead(feed, now, dead_after)
        if dead and feed.dead_noticed_at is None:
            kind = DEAD
            feed.dead_noticed_at = now
            summary.dead += 1
        elif not dead and feed.dead_noticed_at is not None:
            kind = RECOVERED
            feed.dead_noticed_at = None
            summary.recovered += 1
        else:
            continue
        if not ops:  # recorded, sent to nobody
            session.add(_notice(feed, kind, now, run_id, None))
        for sub in ops:
            notice = _notice(feed, kind, now, run_id, sub)
            session.add(notice)
            session.flush()
            summary.queued += add_deliveries(
                session, subscription_targets(sub), now, notice_id=notice.id
            )
        log.warning("%s: %s (%d ops subscriptions told)", kind, feed.url, len(ops))
    return summary


def deliver_feed_notices(
    db: Database, settings: Settings, now: datetime, *, run_id: int | None = None
) -> NoticeSummary:
    """Record the feeds' state changes and send the notices due (only notices: alerts and
    digests have their own stages)."""
    with db.session() as session:
        summary = record_feed_notices(
            session, now, dead_after_days=settings.feed_dead_after_days, run_id=run_id
        )
    summary.deliveries = deliver_pending(db, settings, now, notices=True)
    return summary
