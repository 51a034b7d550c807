"""Subscriptions: who gets alerts, through which apprise targets, about which events.

Filters (all optional; none means every NEW event of the alert types — SPEC): event types,
countries (actor or target), actor countries, target countries, agencies, persons,
watchlist tags, languages, a minimum confidence, and ``watchlist_only``.

Default configuration: while no subscription exists, recording events creates one named
``default`` with no targets and ``watchlist_only`` — every new expulsion, arrest, charge or
conviction touching any watchlist entry (the issue's default) is queued for it, so it shows
in ``nongrata alerts list`` and the Atom feed (``nongrata alerts feed``). It is an ordinary
subscription: remove it, or add your own next to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nongrata.alerts import targets
from nongrata.alerts.checks import SubscriptionSpec, check_spec, country_code
from nongrata.alerts.filters import Filters
from nongrata.alerts.messages import render_test
from nongrata.db import Database
from nongrata.db.models import Subscription
from nongrata.db.models.events import json_list
from nongrata.db.types import utcnow
from nongrata.errors import AlertError

log = logging.getLogger(__name__)

DEFAULT_SUBSCRIPTION = "default"
MODES = ("immediate", "digest")

__all__ = [
    "DEFAULT_SUBSCRIPTION",
    "SubscriptionInfo",
    "SubscriptionSpec",
    "country_code",
    "list_subscriptions",
    "mute_subscription",
    "remove_subscription",
    "send_test_messages",
    "subscribe",
    "unmute_subscription",
]


@dataclass(frozen=True)
class SubscriptionInfo:
    """A subscription as it may be shown: targets in apprise's privacy form only."""

    name: str
    targets: tuple[str, ...]
    mode: str
    digest_time: str
    timezone: str
    filters: Filters
    muted_until: datetime | None
    created_at: datetime
    last_digest_at: datetime | None = None
    ops: bool = False  # gets operational notices (a feed dead or recovered)

    def to_json(self) -> dict[str, Any]:
        f = self.filters
        return {
            "name": self.name,
            "targets": list(self.targets),
            "mode": self.mode,
            "digest_time": self.digest_time if self.mode == "digest" else None,
            "timezone": self.timezone,
            "filters": {
                "types": list(f.types),
                "countries": list(f.countries),
                "actor_countries": list(f.actor_countries),
                "target_countries": list(f.target_countries),
                "agencies": list(f.agencies),
                "persons": list(f.persons),
                "tags": list(f.tags),
                "languages": list(f.languages),
                "min_confidence": f.min_confidence,
                "watchlist_only": f.watchlist_only,
            },
            "ops": self.ops,
            "muted_until": self.muted_until.isoformat() if self.muted_until else None,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class TargetOutcome:
    target: str  # privacy form
    ok: bool
    error: str | None = None


@dataclass
class TargetTestReport:
    name: str
    outcomes: list[TargetOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.outcomes) and all(o.ok for o in self.outcomes)


def subscription_targets(sub: Subscription) -> list[str]:
    """Target specs of a subscription: its apprise URLs, then its config file."""
    specs = json_list(sub.urls)
    if sub.config_path:
        specs.append(targets.config_spec(sub.config_path, json_list(sub.config_tags)))
    return specs


def info(sub: Subscription) -> SubscriptionInfo:
    return SubscriptionInfo(
        name=sub.name,
        targets=tuple(targets.display(s) for s in subscription_targets(sub)),
        mode=sub.mode,
        digest_time=sub.digest_time,
        timezone=sub.timezone,
        filters=Filters.of(sub),
        muted_until=sub.muted_until,
        created_at=sub.created_at,
        last_digest_at=sub.last_digest_at,
        ops=bool(sub.ops),
    )


def get_subscription(session: Session, name: str) -> Subscription:
    sub = session.scalars(select(Subscription).where(Subscription.name == name)).one_or_none()
    if sub is None:
        raise AlertError(f"no subscription named {name!r}")
    return sub


def subscribe(
    db: Database,
    spec: SubscriptionSpec,
    now: datetime | None = None,
    *,
    watchlists: Path | None = None,
) -> SubscriptionInfo:
    """Add a subscription; every apprise URL is checked by apprise itself first, agency and
    person filters against the watchlist folder ``watchlists``."""
    values = check_spec(spec, watchlists=watchlists)
    with db.session() as session:
        exists = session.scalar(select(Subscription.id).where(Subscription.name == spec.name))
        if exists is not None:
            raise AlertError(f"subscription {spec.name!r} exists already (remove it first)")
        sub = Subscription(name=spec.name, created_at=now or utcnow(), **values)
        session.add(sub)
        session.flush()
        result = info(sub)
    log.info("subscription %s added: %s", spec.name, ", ".join(result.targets))
    return result


def list_subscriptions(db: Database) -> list[SubscriptionInfo]:
    with db.session() as session:
        return [info(s) for s in session.scalars(select(Subscription).order_by(Subscription.name))]


def remove_subscription(db: Database, name: str) -> None:
    """Remove a subscription with its alerts and undelivered messages."""
    with db.session() as session:
        session.delete(get_subscription(session, name))


def _utc(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def mute_subscription(
    db: Database, name: str, until: datetime | None, now: datetime | None = None
) -> SubscriptionInfo:
    """Mute until ``until`` (alerts owed meanwhile are recorded as muted, never sent);
    ``None`` unmutes. A mute end that is not in the future is refused, the stored mute kept."""
    if until is not None and until.tzinfo is None:
        raise AlertError("the mute end needs a time zone")
    now = now or utcnow()
    if until is not None and until <= now:
        raise AlertError(
            f"--until {_utc(until)} is not in the future (now {_utc(now)}): "
            f"to end a mute, use: nongrata subscriptions unmute {name}"
        )
    with db.session() as session:
        sub = get_subscription(session, name)
        sub.muted_until = until
        return info(sub)


def unmute_subscription(db: Database, name: str, now: datetime | None = None) -> datetime | None:
    """End a mute now; the mute end that was in force, or None when it was not muted."""
    now = now or utcnow()
    with db.session() as session:
        sub = get_subscription(session, name)
        was = sub.muted_until
        sub.muted_until = None
    return was if was is not None and was > now else None


def send_test_messages(db: Database, name: str) -> TargetTestReport:
    """Send a real test message to each target; the real outcome per target."""
    with db.session() as session:
        sub = get_subscription(session, name)
        specs = subscription_targets(sub)
    report = TargetTestReport(name=name)
    if not specs:
        raise AlertError(f"subscription {name!r} has no targets to test")
    for spec in specs:
        shown = targets.display(spec)
        result = targets.send(
            spec, lambda fmt, blended: _as_pair(render_test(name, fmt, blended_title=blended))
        )
        report.outcomes.append(TargetOutcome(target=shown, ok=result.ok, error=result.error))
        if result.ok:
            log.info("test message to %s delivered", shown)
        else:
            log.warning("test message to %s failed: %s", shown, result.error)
    return report


def _as_pair(rendered: Any) -> tuple[str, str]:
    return str(rendered.title), str(rendered.body)


def ensure_default_subscription(session: Session, now: datetime) -> Subscription | None:
    """Create the ``default`` subscription when there is no subscription at all."""
    if session.scalar(select(func.count()).select_from(Subscription)):
        return None
    sub = Subscription(
        name=DEFAULT_SUBSCRIPTION,
        urls=[],
        config_tags=[],
        types=[],
        countries=[],
        actor_countries=[],
        target_countries=[],
        agencies=[],
        persons=[],
        tags=[],
        languages=[],
        min_confidence=0.0,
        watchlist_only=True,
        mode="immediate",
        digest_time="07:00",
        timezone="UTC",
        ops=False,
        created_at=now,
    )
    session.add(sub)
    session.flush()
    return sub
