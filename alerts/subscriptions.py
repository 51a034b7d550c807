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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nongrata.alerts import targets
from nongrata.alerts.filters import Filters
from nongrata.alerts.messages import render_test
from nongrata.db import Database
from nongrata.db.models import Subscription
from nongrata.db.models.events import json_list
from nongrata.db.types import utcnow
from nongrata.errors import AlertError
from nongrata.extractors.types import EVENT_TYPES

log = logging.getLogger(__name__)

DEFAULT_SUBSCRIPTION = "default"
MODES = ("immediate", "digest")
_NAME = re.compile(r"^[\w][\w.@+-]{0,127}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{2,8})?$")
_COUNTRY_ALIASES = {"UK": "GB", "USA": "US", "RUSSIA": "RU", "IRAN": "IR", "SOUTH KOREA": "KR"}


@dataclass(frozen=True)
class SubscriptionSpec:
    """What ``subscribe`` is given (the CLI's options)."""

    name: str
    urls: Sequence[str] = ()
    config: Path | None = None
    config_tags: Sequence[str] = ()
    types: Sequence[str] = ()
    countries: Sequence[str] = ()
    actor_countries: Sequence[str] = ()
    target_countries: Sequence[str] = ()
    agencies: Sequence[str] = ()
    persons: Sequence[str] = ()
    tags: Sequence[str] = ()
    languages: Sequence[str] = ()
    min_confidence: float = 0.0
    watchlist_only: bool = False
    digest: bool = False
    digest_time: str = "07:00"
    timezone: str = "UTC"


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
    )


def _unique(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        v = " ".join(str(value).split())
        if v and v not in out:
            out.append(v)
    return out


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code or a name ('cz', 'CZE', 'Czechia', 'UK')."""
    key = value.strip().upper()
    key = _COUNTRY_ALIASES.get(key, key)
    found: Any = pycountry.countries.get(alpha_2=key) if len(key) == 2 else None
    if found is None:
        try:
            found = pycountry.countries.lookup(value.strip())
        except LookupError:
            found = None
    if found is None:
        raise AlertError(f"unknown country: {value!r} (use an ISO code such as CZ or RU)")
    return str(found.alpha_2)


def _check_spec(spec: SubscriptionSpec) -> dict[str, Any]:
    if not _NAME.match(spec.name):
        raise AlertError(f"bad subscription name {spec.name!r}: letters, digits and . _ @ + - only")
    urls = [targets.check_url(u) for u in _unique(spec.urls)]
    config_path: str | None = None
    config_tags = _unique(spec.config_tags)
    if spec.config is not None:
        config_path, config_tags = targets.parse_config_spec(
            targets.check_config(spec.config, config_tags)
        )
    elif config_tags:
        raise AlertError("--config-tag needs --config FILE")
    if not urls and config_path is None:
        raise AlertError(f"subscription {spec.name}: give at least one --url or a --config file")
    types = [t.lower() for t in _unique(spec.types)]
    for t in types:
        if t not in EVENT_TYPES:
            raise AlertError(f"unknown event type {t!r}: use one of {', '.join(EVENT_TYPES)}")
    languages = [lang.lower() for lang in _unique(spec.languages)]
    for lang in languages:
        if not _LANGUAGE.match(lang):
            raise AlertError(f"bad language code {lang!r}: use ISO 639 codes such as en or cs")
    if not 0.0 <= spec.min_confidence <= 1.0:
        raise AlertError(f"--min-confidence must be between 0 and 1, not {spec.min_confidence}")
    time_match = _TIME.match(spec.digest_time.strip())
    if not time_match:
        raise AlertError(f"bad digest time {spec.digest_time!r}: use HH:MM (24-hour)")
    digest_time = f"{int(time_match.group(1)):02d}:{time_match.group(2)}"
    try:
        ZoneInfo(spec.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise AlertError(f"unknown time zone {spec.timezone!r}") from exc
    return {
        "urls": urls,
        "config_path": config_path,
        "config_tags": config_tags,
        "types": types,
        "countries": [country_code(c) for c in _unique(spec.countries)],
        "actor_countries": [country_code(c) for c in _unique(spec.actor_countries)],
        "target_countries": [country_code(c) for c in _unique(spec.target_countries)],
        "agencies": _unique(spec.agencies),
        "persons": _unique(spec.persons),
        "tags": _unique(spec.tags),
        "languages": languages,
        "min_confidence": float(spec.min_confidence),
        "watchlist_only": spec.watchlist_only,
        "mode": "digest" if spec.digest else "immediate",
        "digest_time": digest_time,
        "timezone": spec.timezone,
    }


def _get(session: Session, name: str) -> Subscription:
    sub = session.scalars(select(Subscription).where(Subscription.name == name)).one_or_none()
    if sub is None:
        raise AlertError(f"no subscription named {name!r}")
    return sub


def subscribe(
    db: Database, spec: SubscriptionSpec, now: datetime | None = None
) -> SubscriptionInfo:
    """Add a subscription; every apprise URL is checked by apprise itself first."""
    values = _check_spec(spec)
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
        session.delete(_get(session, name))


def mute_subscription(db: Database, name: str, until: datetime | None) -> SubscriptionInfo:
    """Mute until ``until`` (alerts owed meanwhile are recorded as muted, never sent);
    ``None`` unmutes."""
    if until is not None and until.tzinfo is None:
        raise AlertError("the mute end needs a time zone")
    with db.session() as session:
        sub = _get(session, name)
        sub.muted_until = until
        return info(sub)


def send_test_messages(db: Database, name: str) -> TargetTestReport:
    """Send a real test message to each target; the real outcome per target."""
    with db.session() as session:
        sub = _get(session, name)
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
        created_at=now,
    )
    session.add(sub)
    session.flush()
    return sub
