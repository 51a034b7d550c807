"""Queueing alerts: in the transaction that records the events, the alerts they owe.

For every NEW event touched by a batch (first seen within the rematch window), each
subscription whose filters accept it gets one alert row — unique per (subscription, event),
so a later report of the same event, or a re-run, never queues it twice. Immediate
subscriptions get one pending delivery per target at once; digest subscriptions wait for
their digest; muted subscriptions get the alert recorded as muted and nothing sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nongrata.alerts import targets
from nongrata.alerts.filters import EventFacts, Filters, MatchFacts, accepts
from nongrata.alerts.subscriptions import ensure_default_subscription, subscription_targets
from nongrata.db.models import Alert, Article, Delivery, Event, EventMatch, Mention, Subscription
from nongrata.db.models.events import json_list


@dataclass
class QueueSummary:
    alerts: int = 0  # alert rows written
    deliveries: int = 0  # outbox rows written (immediate subscriptions)
    digest: int = 0  # alerts waiting for a digest
    muted: int = 0  # alerts recorded for muted subscriptions (not sent)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def add_deliveries(
    session: Session,
    specs: Iterable[str],
    now: datetime,
    *,
    alert_id: int | None = None,
    digest_id: int | None = None,
    notice_id: int | None = None,
    due: datetime | None = None,
) -> int:
    """One pending outbox row per target, due ``due`` (default now)."""
    count = 0
    for spec in specs:
        session.add(
            Delivery(
                alert_id=alert_id,
                digest_id=digest_id,
                notice_id=notice_id,
                target=spec,
                target_hash=targets.target_hash(spec),
                target_display=targets.display(spec),
                status="pending",
                attempts=0,
                next_attempt_at=due or now,
                created_at=now,
            )
        )
        count += 1
    return count


def event_facts(session: Session, events: Sequence[Event]) -> dict[int, EventFacts]:
    """What the filters need of each event: its fields, matches and article languages."""
    ids = [e.id for e in events]
    matches: dict[int, list[MatchFacts]] = {}
    for m in session.scalars(select(EventMatch).where(EventMatch.event_id.in_(ids))):
        matches.setdefault(m.event_id, []).append(
            MatchFacts(m.watchlist, m.entry_id, m.entry, tuple(json_list(m.tags)))
        )
    languages: dict[int, set[str]] = {}
    rows = session.execute(
        select(Mention.event_id, Article.language)
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.event_id.in_(ids))
    )
    for event_id, language in rows:
        if language:
            languages.setdefault(event_id, set()).add(language)
    return {
        e.id: EventFacts(
            type=e.type,
            new=e.new,
            actor_iso=e.actor_iso,
            target_iso=e.target_iso,
            persons=tuple(json_list(e.persons)),
            agencies=tuple(json_list(e.agencies)),
            confidence=e.confidence,
            languages=frozenset(languages.get(e.id, set())),
            matches=tuple(matches.get(e.id, [])),
        )
        for e in events
    }


def queue_alerts(
    session: Session,
    event_ids: Iterable[int],
    *,
    now: datetime,
    run_id: int | None,
    rematch_window_days: int,
) -> QueueSummary:
    """Queue the alerts the given events owe (see the module docstring)."""
    summary = QueueSummary()
    ids = sorted(set(event_ids))
    if not ids:
        return summary
    since = now - timedelta(days=rematch_window_days)
    events = [
        e
        for e in session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.id))
        if e.new and e.first_seen_at >= since
    ]
    if not events:
        return summary
    ensure_default_subscription(session, now)
    subscriptions = list(session.scalars(select(Subscription).order_by(Subscription.id)))
    owed = {
        (sub_id, event_id)
        for sub_id, event_id in session.execute(
            select(Alert.subscription_id, Alert.event_id).where(
                Alert.event_id.in_([e.id for e in events])
            )
        )
    }
    facts = event_facts(session, events)
    for sub in subscriptions:
        filters = Filters.of(sub)
        muted = sub.muted_until is not None and sub.muted_until > now
        for event in events:
            if (sub.id, event.id) in owed or not accepts(filters, facts[event.id]):
                continue
            mode = "muted" if muted else sub.mode
            alert = Alert(
                subscription_id=sub.id, event_id=event.id, mode=mode, run_id=run_id, created_at=now
            )
            session.add(alert)
            session.flush()
            summary.alerts += 1
            if mode == "immediate":
                summary.deliveries += add_deliveries(
                    session, subscription_targets(sub), now, alert_id=alert.id
                )
            elif mode == "digest":
                summary.digest += 1
            else:
                summary.muted += 1
    return summary
