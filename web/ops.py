"""The operator's pages: feed health, runs, and every alert, operational notice and digest
delivery with its state.

Feed health is :func:`nongrata.ingest.registry.list_feeds` (the same as ``nongrata feeds
list``, next poll by the interval set now); alerts are :func:`nongrata.alerts.listing
.list_alerts` (targets in apprise's privacy form, never the secret URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from nongrata.alerts.listing import (
    AlertView,
    DeliveryState,
    NoticeView,
    alerts_and_notices,
    deliveries_of,
    list_alerts,
    list_notices,
)
from nongrata.db import Database, Run
from nongrata.db.models import Alert, Digest, Subscription
from nongrata.ingest.registry import FeedHealth, list_feeds

RUNS_LIMIT = 200
ALERTS_LIMIT = 200


@dataclass(frozen=True)
class FeedRow:
    feed: FeedHealth

    @property
    def health(self) -> str:
        """ok | failing | disabled | ill-formed | never polled."""
        f = self.feed
        if f.disabled_reason:
            return "disabled"
        if f.last_polled_at is None:
            return "never polled"
        if f.consecutive_errors:
            return "failing"
        if f.parse_problem:
            return "ill-formed"
        return "ok"

    @property
    def status(self) -> str:
        f = self.feed
        if f.last_polled_at is None:
            return "-"
        return "no response" if f.last_status is None else str(f.last_status)

    def next_poll(self) -> str | datetime:
        if self.feed.disabled_reason:
            return "never (disabled)"
        return self.feed.next_poll_at or "at the next run"

    def to_json(self) -> dict[str, Any]:
        f = self.feed
        return {
            "url": f.url,
            "title": f.title,
            "health": self.health,
            "last_status": f.last_status,
            "consecutive_errors": f.consecutive_errors,
            "last_error": f.last_error,
            "parse_problem": f.parse_problem,
            "last_polled_at": _iso(f.last_polled_at),
            "last_success_at": _iso(f.last_success_at),
            "next_poll_at": None if f.disabled_reason else _iso(f.next_poll_at),
            "disabled_reason": f.disabled_reason,
            "articles": f.articles,
            "not_read": dict(f.not_read),
            "country": f.country,
            "language": f.language,
            "kind": f.kind,
            "source": f.source,
            "replace": f.replace,
            "replace_why": f.replace_why,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def feed_rows(db: Database, poll_interval_minutes: int) -> list[FeedRow]:
    """Every feed, grouped by country (untagged ones last), each group in URL order."""
    with db.session() as session:
        feeds = list_feeds(session, poll_interval_minutes)
    feeds.sort(key=lambda f: (f.country is None, f.country or "", f.url))
    return [FeedRow(f) for f in feeds]


def _list(section: Any, key: str) -> list[Any]:
    value = section.get(key) if isinstance(section, dict) else None
    return value if isinstance(value, list) else []


def _n(section: Any, key: str) -> int:
    value = section.get(key, 0) if isinstance(section, dict) else 0
    return int(value) if isinstance(value, int | float) else 0


@dataclass(frozen=True)
class RunRow:
    id: int
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    error: str | None
    summary: dict[str, Any]

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def highlights(self) -> list[tuple[str, int]]:
        """The numbers a run is judged by (as ``nongrata run`` prints them)."""
        s = self.summary
        ingest, extract = s.get("ingest"), s.get("extract")
        delivery, digests = s.get("delivery"), s.get("digests")
        rows = [
            ("feeds polled", _n(ingest, "feeds_polled")),
            ("feeds failed", _n(ingest, "feeds_failed")),
            ("feeds to replace", len(_list(ingest, "to_replace"))),
            ("new articles", _n(ingest, "new_articles")),
            ("pages failed", _n(ingest, "pages_failed")),
            ("events new", _n(extract, "events_new")),
            ("events with another source", _n(extract, "events_updated")),
            ("alerts queued", _n(extract, "alerts_queued")),
            ("alerts sent", _n(delivery, "sent")),
            ("alerts failed", _n(delivery, "failed")),
            ("digests made", _n(digests, "digests")),
            ("operational notices sent", _n(s.get("notices"), "sent")),
        ]
        if self.kind == "digest":
            rows = [
                ("digests made", _n(s, "digests")),
                ("events in them", _n(s, "events")),
                ("deliveries sent", _n(s.get("deliveries"), "sent")),
                ("deliveries failed", _n(s.get("deliveries"), "failed")),
            ]
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "started_at": self.started_at.isoformat(),
            "finished_at": _iso(self.finished_at),
            "error": self.error,
            "summary": self.summary,
        }


def run_rows(db: Database, limit: int = RUNS_LIMIT) -> list[RunRow]:
    with db.session() as session:
        runs = session.scalars(
            select(Run).order_by(Run.started_at.desc(), Run.id.desc()).limit(limit)
        )
        return [
            RunRow(
                r.id,
                r.kind,
                r.status,
                r.started_at,
                r.finished_at,
                r.error,
                r.summary if isinstance(r.summary, dict) else {},
            )
            for r in runs
        ]


@dataclass(frozen=True)
class DigestRow:
    id: int
    subscription: str
    local_date: str
    created_at: datetime
    events: int
    deliveries: tuple[DeliveryState, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subscription": self.subscription,
            "local_date": self.local_date,
            "created_at": self.created_at.isoformat(),
            "events": self.events,
            "deliveries": [_delivery_json(d) for d in self.deliveries],
        }


def _delivery_json(d: DeliveryState) -> dict[str, Any]:
    return {
        "target": d.target,
        "status": d.status,
        "attempts": d.attempts,
        "next_attempt_at": _iso(d.next_attempt_at),
        "last_error": d.last_error,
    }


def alert_rows(db: Database, limit: int = ALERTS_LIMIT) -> list[AlertView]:
    return list_alerts(db, limit=limit)


def notice_rows(db: Database, limit: int = ALERTS_LIMIT) -> list[NoticeView]:
    """The operational notices (a feed dead or recovered) and their deliveries."""
    return list_notices(db, limit=limit)


def alert_and_notice_rows(db: Database, limit: int = ALERTS_LIMIT) -> list[AlertView | NoticeView]:
    """Alerts and operational notices together, newest first (the JSON API)."""
    return alerts_and_notices(db, limit=limit)


def digest_rows(db: Database, limit: int = ALERTS_LIMIT) -> list[DigestRow]:
    with db.session() as session:
        digests = session.execute(
            select(Digest, Subscription.name)
            .join(Subscription, Subscription.id == Digest.subscription_id)
            .order_by(Digest.created_at.desc(), Digest.id.desc())
            .limit(limit)
        ).all()
        ids = [d.id for d, _ in digests]
        events: dict[int, int] = {}
        for digest_id in session.scalars(select(Alert.digest_id).where(Alert.digest_id.in_(ids))):
            if digest_id is not None:
                events[digest_id] = events.get(digest_id, 0) + 1
        deliveries = deliveries_of(session, "digest_id", ids)
    return [
        DigestRow(
            d.id,
            name,
            d.local_date.isoformat(),
            d.created_at,
            events.get(d.id, 0),
            tuple(deliveries.get(d.id, [])),
        )
        for d, name in digests
    ]
