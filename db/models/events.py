"""Events, their mentions and watchlist matches; subscriptions, alerts, digests, deliveries.

An *event* is one real-world occurrence (Czech Republic expels a Belarusian diplomat); a
*mention* links it to each article that reported it. Alerts are owed per (subscription,
event) — unique, so re-running a batch never queues twice — and each alert (or digest) is
delivered per target in ``deliveries``, the outbox (see ``nongrata.alerts.outbox``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nongrata.db.models.base import Base
from nongrata.db.types import UTCDateTime, utcnow


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(256))
    actor_iso: Mapped[str | None] = mapped_column(String(2))
    target: Mapped[str | None] = mapped_column(String(256))
    target_iso: Mapped[str | None] = mapped_column(String(2))
    # Clustering keys: the ISO code, else the normalised name, else "" (unknown).
    actor_key: Mapped[str] = mapped_column(String(256), default="")
    target_key: Mapped[str] = mapped_column(String(256), default="")
    persons: Mapped[list[str]] = mapped_column(JSON, default=list)
    agencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Each agency with its side: "actor", "target" or null (nongrata.extractors.sides);
    # NULL in rows recorded before migration 0008.
    agency_sides: Mapped[dict[str, str | None] | None] = mapped_column(JSON, default=dict)
    count: Mapped[int | None] = mapped_column(Integer)
    event_date: Mapped[date | None] = mapped_column(Date)
    # True when event_date was reported in an article, False when it is a publication date.
    date_reported: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    # Alertable: at least one article reported it as fresh news.
    new: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))

    mentions: Mapped[list[Mention]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Mention.id"
    )
    matches: Mapped[list[EventMatch]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventMatch.id"
    )

    __table_args__ = (
        Index("ix_events_cluster_key", "type", "actor_key", "target_key"),
        Index("ix_events_first_seen_at", "first_seen_at"),
    )


class Mention(Base):
    """One article's report of an event, as that article judged it."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_hash: Mapped[str] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    new: Mapped[bool] = mapped_column(Boolean, default=False)
    persons: Mapped[list[str]] = mapped_column(JSON, default=list)
    agencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    agency_sides: Mapped[dict[str, str | None] | None] = mapped_column(JSON, default=dict)
    count: Mapped[int | None] = mapped_column(Integer)
    event_date: Mapped[date | None] = mapped_column(Date)
    # as extraction marked the event (ExtractedEvent); NULL: recorded before it did
    further_person: Mapped[bool | None] = mapped_column(Boolean)
    persons_reliable: Mapped[bool | None] = mapped_column(Boolean)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="mentions")

    __table_args__ = (
        UniqueConstraint("event_id", "article_id", "evidence_hash", name="uq_mentions_source"),
    )


class EventMatch(Base):
    """A watchlist entry an event touches, and why."""

    __tablename__ = "event_matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    watchlist: Mapped[str] = mapped_column("list", String(32))  # the watchlist kind
    entry_id: Mapped[str] = mapped_column(String(256))
    entry: Mapped[str] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reason: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)

    event: Mapped[Event] = relationship(back_populates="matches")

    __table_args__ = (
        UniqueConstraint("event_id", "list", "entry_id", name="uq_event_matches_entry"),
    )


class Subscription(Base):
    """Who gets alerts, through which apprise targets, for which events."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    urls: Mapped[list[str]] = mapped_column(JSON, default=list)  # apprise URLs: secrets
    config_path: Mapped[str | None] = mapped_column(Text)  # an apprise config file
    config_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Filters: an empty list means "any".
    types: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)  # actor or target
    actor_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    agencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    persons: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)  # watchlist entry tags
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    watchlist_only: Mapped[bool] = mapped_column(Boolean, default=False)
    mode: Mapped[str] = mapped_column(String(16), default="immediate")  # immediate | digest
    digest_time: Mapped[str] = mapped_column(String(5), default="07:00")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    muted_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Operational notices (a feed dead, recovered) go to this subscription's targets too.
    ops: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Digest(Base):
    """One daily digest of one subscriber; unique per local day, so never twice a day."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("subscription_id", "local_date", name="uq_digests_day"),)


class Alert(Base):
    """An alert owed to one subscription about one event (never two for the same pair)."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # immediate: delivered on its own; digest: waits for the next digest; muted: suppressed.
    mode: Mapped[str] = mapped_column(String(16), default="immediate")
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("digests.id", ondelete="SET NULL"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id", name="uq_alerts_subscription_event"),
    )


class Delivery(Base):
    """One message (an alert, a digest or an operational notice) to one target: the outbox
    row.

    ``status``: pending (due at ``next_attempt_at``), sending (claimed at ``claimed_at``),
    delivered, failed (the last attempt failed; retried at ``next_attempt_at`` unless that is
    null: given up).
    """

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(Text)  # an apprise URL or "config:PATH": a secret
    target_hash: Mapped[str] = mapped_column(String(64))
    target_display: Mapped[str] = mapped_column(Text)  # apprise's privacy form
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("alert_id", "target_hash", name="uq_deliveries_alert_target"),
        UniqueConstraint("digest_id", "target_hash", name="uq_deliveries_digest_target"),
        UniqueConstraint("notice_id", "target_hash", name="uq_deliveries_notice_target"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )


def json_list(value: Any) -> list[str]:
    """A JSON list column's value as a list of strings (tolerates NULL)."""
    return [str(v) for v in value] if isinstance(value, list) else []


def json_sides(value: Any) -> dict[str, str | None]:
    """A JSON ``agency_sides`` column's value: agency → "actor", "target" or None
    (tolerates NULL; any other value reads as None)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): (v if v in ("actor", "target") else None) for k, v in value.items()}


__all__ = [
    "Alert",
    "Delivery",
    "Digest",
    "Event",
    "EventMatch",
    "Mention",
    "Subscription",
    "json_list",
    "json_sides",
]
