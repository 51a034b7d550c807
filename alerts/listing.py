"""What ``nongrata events list`` and ``nongrata alerts list`` show: events; alerts and the
operational notices (a feed dead or recovered) sent to ``--ops`` subscriptions, each with
the state of its delivery to every target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from nongrata.alerts.reports import EventReport, headline, host_of, load_event_reports
from nongrata.db import Database
from nongrata.db.models import Alert, Delivery, Event, Notice, Subscription
from nongrata.errors import AlertError
from nongrata.types import EVENT_TYPES

_Sent = TypeVar("_Sent", Alert, Notice)  # what a subscription was sent


def event_json(report: EventReport) -> dict[str, Any]:
    return {
        "id": report.id,
        "type": report.type,
        "new": report.new,
        "actor": report.actor,
        "actor_iso": report.actor_iso,
        "target": report.target,
        "target_iso": report.target_iso,
        "persons": list(report.persons),
        "agencies": list(report.agencies),
        "agency_sides": report.sides(),
        "count": report.count,
        "date": report.event_date.isoformat() if report.event_date else None,
        "confidence": round(report.confidence, 3),
        "first_seen_at": report.first_seen_at.isoformat(),
        "headline": headline(report),
        "sources": [
            {"title": s.title, "url": s.url, "host": s.host, "language": s.language}
            for s in report.sources
        ],
        "matches": [
            {
                "list": m.watchlist,
                "entry": m.entry,
                "id": m.entry_id,
                "text": m.text,
                "score": round(m.score, 3),
                "reason": m.reason,
                "tags": list(m.tags),
                "watched": m.is_reason,  # makes the event touch the watchlists
            }
            for m in report.matches
        ],
    }


def list_events(
    db: Database,
    *,
    since: date | None = None,
    event_type: str | None = None,
    limit: int | None = None,
) -> list[EventReport]:
    """Stored events, newest first seen first; ``since`` is a first-seen day (UTC)."""
    if event_type is not None and event_type not in EVENT_TYPES:
        raise AlertError(f"unknown event type {event_type!r}: use one of {', '.join(EVENT_TYPES)}")
    query = select(Event.id).order_by(Event.first_seen_at.desc(), Event.id.desc())
    if since is not None:
        query = query.where(Event.first_seen_at >= datetime.combine(since, time(), tzinfo=UTC))
    if event_type is not None:
        query = query.where(Event.type == event_type)
    if limit is not None:
        query = query.limit(limit)
    with db.session() as session:
        ids = list(session.scalars(query))
        return load_event_reports(session, ids)


@dataclass(frozen=True)
class DeliveryState:
    target: str  # privacy form
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class AlertView:
    id: int
    subscription: str
    mode: str
    created_at: datetime
    event: EventReport
    deliveries: tuple[DeliveryState, ...]

    @property
    def state(self) -> str:
        """delivered | pending | failed | given-up | digest | digested | muted | recorded."""
        if self.mode in {"muted", "digest", "digested"}:
            return self.mode
        return _delivery_state(self.deliveries)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "alert",
            "id": self.id,
            "subscription": self.subscription,
            "mode": self.mode,
            "state": self.state,
            "created_at": self.created_at.isoformat(),
            "event": event_json(self.event),
            "deliveries": [_delivery_json(d) for d in self.deliveries],
        }


def deliveries_of(
    session: Session, owner: Literal["alert_id", "digest_id", "notice_id"], ids: Sequence[int]
) -> dict[int, list[DeliveryState]]:
    """The deliveries of the alerts (``owner`` "alert_id"), digests ("digest_id") or
    notices ("notice_id") ``ids``, by alert, digest or notice, in the order they were queued."""
    column = getattr(Delivery, owner)
    found: dict[int, list[DeliveryState]] = {}
    for d in session.scalars(select(Delivery).where(column.in_(ids)).order_by(Delivery.id)):
        key = getattr(d, owner)
        assert key is not None
        found.setdefault(key, []).append(
            DeliveryState(d.target_display, d.status, d.attempts, d.next_attempt_at, d.last_error)
        )
    return found


def _delivery_json(d: DeliveryState) -> dict[str, Any]:
    return {
        "target": d.target,
        "status": d.status,
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
        "last_error": d.last_error,
    }


def _delivery_state(deliveries: Sequence[DeliveryState]) -> str:
    """delivered | pending | failed | given-up | recorded (no target), over every target."""
    states = [d.status for d in deliveries]
    if not states:
        return "recorded"
    if all(s == "delivered" for s in states):
        return "delivered"
    if any(d.status == "failed" and d.next_attempt_at is None for d in deliveries):
        return "given-up"
    if "failed" in states:
        return "failed"
    return "pending"


@dataclass(frozen=True)
class NoticeView:
    """An operational notice (a feed dead or recovered) to one ``--ops`` subscription."""

    id: int
    subscription: str | None  # None: recorded when no subscription asked for notices
    kind: str  # feed-dead | feed-recovered
    created_at: datetime
    feed_url: str
    feed_title: str | None
    detail: str | None
    since: datetime | None
    deliveries: tuple[DeliveryState, ...]

    @property
    def state(self) -> str:
        return _delivery_state(self.deliveries)

    @property
    def title(self) -> str:
        """'feed dead: Baltic Security Review' (plain, unescaped)."""
        what = "dead" if self.kind == "feed-dead" else "recovered"
        return f"feed {what}: {self.feed_title or host_of(self.feed_url) or self.feed_url}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "notice",
            "id": self.id,
            "subscription": self.subscription,
            "notice": self.kind,
            "state": self.state,
            "created_at": self.created_at.isoformat(),
            "title": self.title,
            "feed_url": self.feed_url,
            "feed_title": self.feed_title,
            "detail": self.detail,
            "last_success_at": self.since.isoformat() if self.since else None,
            "deliveries": [_delivery_json(d) for d in self.deliveries],
        }


def _newest_first(
    model: type[_Sent], subscription: str | None, limit: int | None
) -> Select[tuple[_Sent, str]]:
    """Rows of ``model`` (alerts or notices) with their subscription's name, newest first;
    only ``subscription``'s if given. A notice's subscription may be gone (outer join)."""
    query = (
        select(model, Subscription.name)
        .join(Subscription, Subscription.id == model.subscription_id, isouter=model is Notice)
        .order_by(model.created_at.desc(), model.id.desc())
    )
    if subscription is not None:
        query = query.where(Subscription.name == subscription)
    return query if limit is None else query.limit(limit)


def list_notices(
    db: Database, *, subscription: str | None = None, limit: int | None = 100
) -> list[NoticeView]:
    """Operational notices, newest first, with the state of each delivery (targets in
    privacy form): what ``--ops`` subscriptions were told about the feeds."""
    query = _newest_first(Notice, subscription, limit)
    with db.session() as session:
        rows = session.execute(query).all()
        deliveries = deliveries_of(session, "notice_id", [notice.id for notice, _ in rows])
    return [
        NoticeView(
            id=n.id,
            subscription=name,
            kind=n.kind,
            created_at=n.created_at,
            feed_url=n.feed_url,
            feed_title=n.feed_title,
            detail=n.detail,
            since=n.since,
            deliveries=tuple(deliveries.get(n.id, [])),
        )
        for n, name in rows
    ]


def alerts_and_notices(
    db: Database, *, subscription: str | None = None, limit: int | None = 100
) -> list[AlertView | NoticeView]:
    """Alerts and operational notices together, newest first (``limit`` in all)."""
    rows: list[AlertView | NoticeView] = [
        *list_alerts(db, subscription=subscription, limit=limit),
        *list_notices(db, subscription=subscription, limit=limit),
    ]
    rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
    return rows[:limit] if limit is not None else rows


def list_alerts(
    db: Database, *, subscription: str | None = None, limit: int | None = 100
) -> list[AlertView]:
    """Alerts, newest first, with the state of each delivery (targets in privacy form)."""
    query = _newest_first(Alert, subscription, limit)
    with db.session() as session:
        rows = session.execute(query).all()
        deliveries = deliveries_of(session, "alert_id", [alert.id for alert, _ in rows])
        reports = {r.id: r for r in load_event_reports(session, [a.event_id for a, _ in rows])}
    return [
        AlertView(
            id=alert.id,
            subscription=name,
            mode="digested" if alert.mode == "digest" and alert.digest_id else alert.mode,
            created_at=alert.created_at,
            event=reports[alert.event_id],
            deliveries=tuple(deliveries.get(alert.id, [])),
        )
        for alert, name in rows
        if alert.event_id in reports
    ]


def alerted_event_ids(db: Database, limit: int = 100) -> list[int]:
    """Events with at least one alert, most recently alerted first (the Atom feed)."""
    with db.session() as session:
        latest = func.max(Alert.created_at)
        query = (
            select(Alert.event_id, latest)
            .group_by(Alert.event_id)
            .order_by(latest.desc(), Alert.event_id.desc())
            .limit(limit)
        )
        return [event_id for event_id, _ in session.execute(query)]
