"""Delivering the outbox: each (alert, digest or notice; target) row sent through apprise on
its own.

Guarantee — at-least-once per target, exactly once in every case but one:

1. A due row (``pending``, or ``failed`` with ``next_attempt_at`` passed) is *claimed* with
   one conditional ``UPDATE … SET status='sending' WHERE id=… AND status IN (…) AND
   next_attempt_at <= now``, committed BEFORE apprise is called. Only the run whose UPDATE
   changed the row (rowcount 1) sends it, so concurrent runs never send the same row twice.
2. After apprise answers, the row becomes ``delivered``, or ``failed`` with the (scrubbed)
   reason and a ``next_attempt_at`` backed off exponentially (``AlertPolicy.retry_delay``);
   after ``max_attempts`` failed attempts ``next_attempt_at`` is null: given up, visible in
   ``nongrata alerts list``. A failing target never blocks another target or another alert.
3. If the process dies between the claim and the outcome, the row stays ``sending``. Once
   its lease (``AlertPolicy.lease_seconds``, default 15 minutes — far above apprise's own
   timeouts) has expired, a later run claims it again (the same conditional UPDATE, on
   ``claimed_at`` older than the lease) and sends it again. So that single in-flight
   message may arrive twice; it is never lost. We chose at-least-once: a duplicate alert is
   a nuisance, a lost one is a missed expulsion.

Messages are rendered at send time from the database, so a retried alert lists every source
known by then. Target URLs hold secrets: logs, ``last_error`` and summaries only ever show
apprise's privacy form and scrubbed errors.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import CursorResult

from nongrata.alerts import targets
from nongrata.alerts.digest_view import DigestView, chart_file, scheduled_digest_view
from nongrata.alerts.messages import Rendered, render_event, render_notice
from nongrata.alerts.policy import AlertPolicy, alert_policy
from nongrata.alerts.reports import load_event_reports
from nongrata.db import Database
from nongrata.db.models import Alert, Delivery, Digest, Notice, Subscription
from nongrata.settings import Settings

log = logging.getLogger(__name__)

RETRYABLE = ("pending", "failed")


@dataclass
class DeliverySummary:
    due: int = 0  # rows found due at the start
    sent: int = 0  # delivered now
    failed: int = 0  # failed now (will be retried)
    given_up: int = 0  # failed now for the last time
    skipped: int = 0  # claimed by another run first
    reclaimed: int = 0  # rows found stuck in "sending" past their lease, sent again

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _due_clause(now: datetime, policy: AlertPolicy) -> Any:
    return or_(
        and_(
            Delivery.status.in_(RETRYABLE),
            Delivery.next_attempt_at.is_not(None),
            Delivery.next_attempt_at <= now,
        ),
        and_(Delivery.status == "sending", Delivery.claimed_at <= now - policy.lease),
    )


def _claim(db: Database, delivery_id: int, now: datetime, policy: AlertPolicy) -> bool:
    """Mark one row ``sending`` and commit, when it is still due; True when this run won."""
    with db.session() as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, _due_clause(now, policy))
            .values(status="sending", claimed_at=now, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1


def _renderer(
    db: Database, delivery: Delivery, view: DigestView | None, web_base_url: str | None = None
) -> targets.Renderer:
    """How to render this row's message, for any format (loaded once, rendered per format);
    events link to their page under ``web_base_url`` when it is set."""
    with db.session() as session:
        if delivery.alert_id is not None:
            alert = session.get(Alert, delivery.alert_id)
            if alert is None:
                raise LookupError(f"alert {delivery.alert_id} is gone")
            reports = load_event_reports(session, [alert.event_id])
            if not reports:
                raise LookupError(f"event {alert.event_id} is gone")
            report = reports[0]

            def event_message(fmt: str, blended: bool) -> tuple[str, str]:
                rendered = render_event(
                    report, fmt, blended_title=blended, web_base_url=web_base_url
                )
                return _pair(rendered)

            return event_message
        if delivery.notice_id is not None:
            notice = session.get(Notice, delivery.notice_id)
            if notice is None:
                raise LookupError(f"notice {delivery.notice_id} is gone")
            session.expunge(notice)

            def notice_message(fmt: str, blended: bool) -> tuple[str, str]:
                return _pair(render_notice(notice, fmt, blended_title=blended))

            return notice_message
    digest_view = view if view is not None else _digest_view(db, delivery)

    def digest_message(fmt: str, blended: bool) -> tuple[str, str]:
        return _pair(digest_view.render(fmt, blended_title=blended, web_base_url=web_base_url))

    return digest_message


def _digest_view(db: Database, delivery: Delivery) -> DigestView:
    """A digest row's digest: its alerts' events, with its subscription's trend chart."""
    with db.session() as session:
        digest = session.get(Digest, delivery.digest_id)
        if digest is None:
            raise LookupError(f"digest {delivery.digest_id} is gone")
        sub = session.get(Subscription, digest.subscription_id)
        event_ids = list(
            session.scalars(
                select(Alert.event_id).where(Alert.digest_id == digest.id).order_by(Alert.id)
            )
        )
        return scheduled_digest_view(session, sub, event_ids, digest.local_date)


def _pair(rendered: Rendered) -> tuple[str, str]:
    return rendered.title, rendered.body


def _finish(
    db: Database,
    delivery: Delivery,
    now: datetime,
    ok: bool,
    error: str | None,
    policy: AlertPolicy,
    *,
    claimed_at: datetime,
) -> str:
    """Record the outcome of the row this call claimed at ``claimed_at``; the new state."""
    attempts = delivery.attempts + 1
    values: dict[str, Any]
    if ok:
        values = {"status": "delivered", "delivered_at": now, "last_error": None}
        state = "delivered"
    else:
        given_up = attempts >= policy.max_attempts
        values = {
            "status": "failed",
            "last_error": error or "unknown failure",
            "next_attempt_at": None if given_up else now + policy.retry_delay(attempts),
        }
        state = "given-up" if given_up else "failed"
    with db.session() as session:
        session.execute(
            update(Delivery)
            .where(
                Delivery.id == delivery.id,
                Delivery.status == "sending",
                Delivery.claimed_at == claimed_at,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    return state


def deliver_pending(
    db: Database,
    settings: Settings,
    now: datetime,
    *,
    policy: AlertPolicy | None = None,
    notices: bool | None = None,
) -> DeliverySummary:
    """Send every due delivery once (see the module docstring for the guarantee);
    ``notices``: True only the operational notices' (``nongrata.alerts.notices``), False
    all but theirs, None all."""
    policy = policy or alert_policy(settings)
    summary = DeliverySummary()
    query = select(Delivery).where(_due_clause(now, policy)).order_by(Delivery.id)
    if notices is not None:
        is_notice = Delivery.notice_id.is_not(None)
        query = query.where(is_notice if notices else ~is_notice)
    with db.session() as session:
        due = list(session.scalars(query))
    summary.due = len(due)
    started = time.monotonic()
    for delivery in due:
        # The claim is stamped with the time it is made (``now`` plus the time this call has
        # spent sending), so a row claimed late in a long call keeps its whole lease.
        claimed_at = now + timedelta(seconds=time.monotonic() - started)
        if not _claim(db, delivery.id, claimed_at, policy):
            summary.skipped += 1
            continue
        if delivery.status == "sending":
            summary.reclaimed += 1
            log.warning(
                "delivery %s to %s was left sending by an interrupted run; sending it again",
                delivery.id,
                delivery.target_display,
            )
        try:
            view = _digest_view(db, delivery) if delivery.digest_id is not None else None
            with chart_file(view) as attach:  # the digest's chart, attached where possible
                render = _renderer(db, delivery, view, settings.web_base_url)
                result = targets.send(delivery.target, render, attach=attach)
            ok, error = result.ok, result.error
        except Exception as exc:  # recorded on the row, never lost: the next run retries
            ok = False
            error = targets.scrub(f"{type(exc).__name__}: {exc}", [delivery.target])
        state = _finish(db, delivery, now, ok, error, policy, claimed_at=claimed_at)
        if state == "delivered":
            summary.sent += 1
            log.info("delivered %s to %s", _what(delivery), delivery.target_display)
        else:
            summary.failed += state == "failed"
            summary.given_up += state == "given-up"
            log.warning(
                "delivery of %s to %s failed (attempt %d%s): %s",
                _what(delivery),
                delivery.target_display,
                delivery.attempts + 1,
                ", giving up" if state == "given-up" else "",
                error,
            )
    return summary


def _what(delivery: Delivery) -> str:
    if delivery.alert_id is not None:
        return f"alert {delivery.alert_id}"
    if delivery.notice_id is not None:
        return f"notice {delivery.notice_id}"
    return f"digest {delivery.digest_id}"
