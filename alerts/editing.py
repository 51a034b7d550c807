"""Editing a subscription in place: ``nongrata subscriptions edit NAME``.

The subscription row is kept (same id), so its alert history, digests and deliveries stay
attached. Each option given replaces that setting; options not given keep theirs; a filter
is emptied with ``clear``. Values are checked exactly as ``subscribe`` checks them
(:func:`nongrata.alerts.checks.check_fields`), only for the settings that change. New
filters and targets apply to alerts owed from then on; alerts already recorded are kept.

Targets given (URLs and/or a config file) replace the whole target set. Deliveries still
queued (pending, or failed and waiting for a retry) for a target the edit removes are given
up — marked ``failed`` with no next attempt and the reason ``target removed by edit``, so
``nongrata alerts list`` shows them, never silently deleted — and the same alert or digest
is queued for each target the edit adds. A message being sent at that very moment finishes.

Switching from a daily digest to one alert per event sends the alerts that were waiting for
the next digest one by one (at the next run; after the mute, when muted); switching to a
digest leaves deliveries already queued as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nongrata.alerts import targets
from nongrata.alerts.checks import SPEC_FIELDS, TARGET_FIELDS, SubscriptionSpec, check_fields
from nongrata.alerts.outbox import RETRYABLE
from nongrata.alerts.queue import add_deliveries
from nongrata.alerts.subscriptions import (
    SubscriptionInfo,
    get_subscription,
    info,
    subscription_targets,
)
from nongrata.db import Database
from nongrata.db.models import Alert, Delivery, Digest, Notice, Subscription
from nongrata.db.models.events import json_list
from nongrata.db.types import utcnow
from nongrata.errors import AlertError

log = logging.getLogger(__name__)

REMOVED_REASON = "target removed by edit"
NO_OPS_REASON = "operational notices turned off by edit"

# ``clear`` takes the CLI's option names (without ``--``): the spec field each one empties.
CLEARABLE: dict[str, str] = {
    "type": "types",
    "country": "countries",
    "actor": "actor_countries",
    "target": "target_countries",
    "agency": "agencies",
    "person": "persons",
    "tag": "tags",
    "language": "languages",
    "min-confidence": "min_confidence",
}
_OPTION = {field: option for option, field in CLEARABLE.items()}


@dataclass(frozen=True)
class SubscriptionEdit:
    """What to change: every field left None keeps its value (see the module docstring)."""

    urls: Sequence[str] | None = None
    config: Path | None = None
    config_tags: Sequence[str] | None = None
    types: Sequence[str] | None = None
    countries: Sequence[str] | None = None
    actor_countries: Sequence[str] | None = None
    target_countries: Sequence[str] | None = None
    agencies: Sequence[str] | None = None
    persons: Sequence[str] | None = None
    tags: Sequence[str] | None = None
    languages: Sequence[str] | None = None
    min_confidence: float | None = None
    watchlist_only: bool | None = None
    digest: bool | None = None
    digest_time: str | None = None
    timezone: str | None = None
    ops: bool | None = None
    clear: Sequence[str] = ()

    def given(self) -> dict[str, Any]:
        """The fields to change, with their new values."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "clear" and getattr(self, f.name) is not None
        }


@dataclass(frozen=True)
class EditResult:
    subscription: SubscriptionInfo
    cancelled: int = 0  # queued deliveries given up: their target was removed
    requeued: int = 0  # deliveries queued for the added targets instead
    undigested: int = 0  # alerts that waited for a digest, now queued one by one
    notices_dropped: int = 0  # --no-ops: operational notices still queued, given up


def spec_of(sub: Subscription) -> SubscriptionSpec:
    """A stored subscription as the spec ``subscribe`` would have been given."""
    return SubscriptionSpec(
        name=sub.name,
        urls=json_list(sub.urls),
        config=Path(sub.config_path) if sub.config_path else None,
        config_tags=json_list(sub.config_tags),
        types=json_list(sub.types),
        countries=json_list(sub.countries),
        actor_countries=json_list(sub.actor_countries),
        target_countries=json_list(sub.target_countries),
        agencies=json_list(sub.agencies),
        persons=json_list(sub.persons),
        tags=json_list(sub.tags),
        languages=json_list(sub.languages),
        min_confidence=sub.min_confidence or 0.0,
        watchlist_only=bool(sub.watchlist_only),
        digest=sub.mode == "digest",
        digest_time=sub.digest_time,
        timezone=sub.timezone,
        ops=bool(sub.ops),
    )


def _changes(edit: SubscriptionEdit) -> dict[str, Any]:
    """The spec fields to set: those given, and those cleared (to their empty value)."""
    given = edit.given()
    changes = dict(given)
    for option in edit.clear:
        name = CLEARABLE.get(option.strip().lower().removeprefix("--"))
        if name is None:
            raise AlertError(f"--clear {option!r}: use one of {', '.join(CLEARABLE)}")
        if name in given:
            raise AlertError(f"give --{_OPTION[name]} or --clear {_OPTION[name]}, not both")
        changes[name] = 0.0 if name == "min_confidence" else ()
    if not changes:
        raise AlertError(
            "nothing to change: give a target, a filter, a digest option or --clear FILTER "
            "(or --ops/--no-ops)"
        )
    return changes


def edit_subscription(
    db: Database,
    name: str,
    edit: SubscriptionEdit,
    *,
    watchlists: Path | None = None,
    now: datetime | None = None,
) -> EditResult:
    """Change a subscription's targets, filters or digest settings, in one transaction."""
    now = now or utcnow()
    changes = _changes(edit)
    with db.session() as session:
        sub = get_subscription(session, name)
        merged = replace(spec_of(sub), **{k: v for k, v in changes.items() if k in SPEC_FIELDS})
        if TARGET_FIELDS & changes.keys():  # targets given replace the whole set
            merged = replace(
                merged,
                urls=changes.get("urls", ()),
                config=changes.get("config"),
                config_tags=changes.get("config_tags", ()),
            )
        values = check_fields(merged, changes.keys(), watchlists=watchlists)
        old_targets, old_mode, old_ops = subscription_targets(sub), sub.mode, bool(sub.ops)
        for column, value in values.items():
            setattr(sub, column, value)
        session.flush()
        cancelled, requeued = _retarget(session, sub, old_targets, now)
        dropped = _drop_queued_notices(session, sub) if old_ops and not sub.ops else 0
        undigested = 0
        if old_mode == "digest" and sub.mode == "immediate":
            undigested = _undigest(session, sub, now)
        result = EditResult(info(sub), cancelled, requeued, undigested, dropped)
    log.info(
        "subscription %s edited (%s): %d queued deliveries given up, %d re-queued, %d undigested",
        name,
        ", ".join(sorted(changes)),
        cancelled,
        requeued,
        undigested,
    )
    return result


def _retarget(
    session: Session, sub: Subscription, old_targets: list[str], now: datetime
) -> tuple[int, int]:
    """Give up queued deliveries to removed targets; queue their messages for added ones."""
    new_targets = subscription_targets(sub)
    removed = {targets.target_hash(s) for s in old_targets if s not in new_targets}
    added = [s for s in new_targets if s not in old_targets]
    if not removed:
        return 0, 0
    queued = session.scalars(
        select(Delivery)
        .where(
            or_(
                Delivery.alert_id.in_(select(Alert.id).where(Alert.subscription_id == sub.id)),
                Delivery.digest_id.in_(select(Digest.id).where(Digest.subscription_id == sub.id)),
                Delivery.notice_id.in_(select(Notice.id).where(Notice.subscription_id == sub.id)),
            ),
            Delivery.target_hash.in_(removed),
            Delivery.status.in_(RETRYABLE),
            Delivery.next_attempt_at.is_not(None),
        )
        .order_by(Delivery.id)
    ).all()
    owners: dict[tuple[int | None, int | None, int | None], None] = {}
    for delivery in queued:
        delivery.status = "failed"
        delivery.next_attempt_at = None
        delivery.last_error = REMOVED_REASON
        owners[(delivery.alert_id, delivery.digest_id, delivery.notice_id)] = None
    requeued = 0
    for alert_id, digest_id, notice_id in owners:
        if alert_id is not None:
            owner = Delivery.alert_id == alert_id
        elif digest_id is not None:
            owner = Delivery.digest_id == digest_id
        else:
            owner = Delivery.notice_id == notice_id
        have = set(session.scalars(select(Delivery.target_hash).where(owner)))
        specs = [s for s in added if targets.target_hash(s) not in have]
        requeued += add_deliveries(
            session, specs, now, alert_id=alert_id, digest_id=digest_id, notice_id=notice_id
        )
    return len(queued), requeued


def _drop_queued_notices(session: Session, sub: Subscription) -> int:
    """--no-ops: the operational notices still queued for it are given up (kept visible)."""
    queued = session.scalars(
        select(Delivery).where(
            Delivery.notice_id.in_(select(Notice.id).where(Notice.subscription_id == sub.id)),
            Delivery.status.in_(RETRYABLE),
            Delivery.next_attempt_at.is_not(None),
        )
    ).all()
    for delivery in queued:
        delivery.status = "failed"
        delivery.next_attempt_at = None
        delivery.last_error = NO_OPS_REASON
    return len(queued)


def _undigest(session: Session, sub: Subscription, now: datetime) -> int:
    """Alerts waiting for the next digest become single alerts, queued for every target."""
    waiting = session.scalars(
        select(Alert)
        .where(
            Alert.subscription_id == sub.id,
            Alert.mode == "digest",
            Alert.digest_id.is_(None),
        )
        .order_by(Alert.id)
    ).all()
    muted = sub.muted_until if sub.muted_until is not None and sub.muted_until > now else None
    specs = subscription_targets(sub)
    for alert in waiting:
        alert.mode = "immediate"
        add_deliveries(session, specs, now, alert_id=alert.id, due=muted)
    return len(waiting)
