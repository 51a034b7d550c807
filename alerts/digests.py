"""Daily digests: one message a day per digest subscriber, of the new events since its last
digest, grouped by event type and country.

A subscriber's digest is due when its local digest time (``digest_time`` in its
``timezone``) has passed today and no digest was made for it today (``digests`` is unique
per subscriber and local day). Days without new events send nothing. A muted subscriber's
digest waits until the mute ends. Digests go through the same outbox as alerts.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from nongrata.alerts.outbox import DeliverySummary, deliver_pending
from nongrata.alerts.policy import AlertPolicy
from nongrata.alerts.queue import add_deliveries
from nongrata.alerts.subscriptions import subscription_targets
from nongrata.db import Database
from nongrata.db.models import Alert, Digest, Subscription
from nongrata.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class DigestSummary:
    digests: int = 0  # digests made now
    events: int = 0  # events in them
    deliveries: DeliverySummary = field(default_factory=DeliverySummary)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def digest_due_day(sub: Subscription, now: datetime, last_day: date | None) -> date | None:
    """The subscriber's local day whose digest is due at ``now``, or None."""
    local_now = now.astimezone(ZoneInfo(sub.timezone))
    hour, minute = (int(x) for x in sub.digest_time.split(":"))
    if local_now.time() < time(hour, minute):
        return None
    today = local_now.date()
    if last_day is not None and last_day >= today:
        return None
    return today


def queue_digests(db: Database, now: datetime) -> DigestSummary:
    """Make the digests due at ``now`` and queue their deliveries."""
    summary = DigestSummary()
    with db.session() as session:
        subs = list(
            session.scalars(
                select(Subscription).where(Subscription.mode == "digest").order_by(Subscription.id)
            )
        )
        for sub in subs:
            if sub.muted_until is not None and sub.muted_until > now:
                continue
            last_day = session.scalar(
                select(Digest.local_date)
                .where(Digest.subscription_id == sub.id)
                .order_by(Digest.local_date.desc())
                .limit(1)
            )
            day = digest_due_day(sub, now, last_day)
            if day is None:
                continue
            waiting = list(
                session.scalars(
                    select(Alert.id).where(
                        Alert.subscription_id == sub.id,
                        Alert.mode == "digest",
                        Alert.digest_id.is_(None),
                    )
                )
            )
            if not waiting:
                continue
            digest = Digest(subscription_id=sub.id, local_date=day, created_at=now)
            session.add(digest)
            session.flush()
            session.execute(
                update(Alert)
                .where(Alert.id.in_(waiting))
                .values(digest_id=digest.id)
                .execution_options(synchronize_session=False)
            )
            add_deliveries(session, subscription_targets(sub), now, digest_id=digest.id)
            sub.last_digest_at = now
            summary.digests += 1
            summary.events += len(waiting)
            log.info("digest for %s (%s): %d events", sub.name, day.isoformat(), len(waiting))
    return summary


def deliver_digests(
    db: Database, settings: Settings, now: datetime, *, policy: AlertPolicy | None = None
) -> DigestSummary:
    """Make the digests due at ``now`` and send everything due in the outbox."""
    summary = queue_digests(db, now)
    summary.deliveries = deliver_pending(db, settings, now, policy=policy)
    return summary
