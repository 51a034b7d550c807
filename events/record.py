"""Recording extractions: events, their mentions and watchlist matches, and the alerts owed.

``record_extractions`` runs ONE transaction per batch: each extracted event is clustered
with the stored events (:mod:`nongrata.events.cluster`) — a later report of a known event
becomes one more mention (source) of it — the watchlist entries each touched event touches
are stored, and the alerts owed by NEW events are written into the outbox in that same
transaction (:func:`nongrata.alerts.queue.queue_alerts`), so an event is never recorded
without its alerts nor alerted without being recorded. Recording the same article again
changes nothing (a mention is unique per article and evidence).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nongrata.alerts.policy import AlertPolicy, alert_policy
from nongrata.alerts.queue import queue_alerts
from nongrata.db import Database
from nongrata.db.models import Article, Event, EventMatch, Mention
from nongrata.db.models.events import json_list, json_sides
from nongrata.events.cluster import (
    Cluster,
    Report,
    absorb,
    best_cluster,
    merge_names,
    merge_persons,
    normalise_name,
    side_key,
)
from nongrata.extractors.further import tells_further_person
from nongrata.extractors.sides import agency_side
from nongrata.settings import Settings
from nongrata.types import ArticleExtraction, ExtractedEvent, WatchlistHit
from nongrata.watchlists import match_event

# match_event(watchlists, *, persons, agencies, actor_iso, target_iso) -> list[WatchlistHit]
EventMatcher = Callable[..., Sequence[WatchlistHit]]


@dataclass
class RecordSummary:
    events_new: int = 0  # events first seen in this batch
    events_updated: int = 0  # known events that got a new mention
    mentions: int = 0  # mentions written
    mentions_known: int = 0  # mentions already recorded (a re-run)
    alerts_queued: int = 0  # alerts owed to subscriptions
    deliveries_queued: int = 0  # outbox rows (immediate subscriptions × targets)
    match_seconds: float = 0.0  # of the time spent, matching events against the watchlists

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def evidence_hash(event: ExtractedEvent) -> str:
    """What makes one mention of one article distinct: the event's key and its sentence."""
    key = "|".join(
        (
            event.type,
            side_key(event.actor_iso, event.actor),
            side_key(event.target_iso, event.target),
            normalise_name(event.evidence),
        )
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _report(event: ExtractedEvent, published: date) -> Report:
    return Report(
        type=event.type,
        actor_key=side_key(event.actor_iso, event.actor),
        target_key=side_key(event.target_iso, event.target),
        day=event.event_date or published,
        day_reported=event.event_date is not None,
        persons=tuple(event.persons),
        count=event.count,
        further=event.further_person,
        persons_reliable=event.persons_reliable,
    )


def _cluster_of(event: Event) -> Cluster:
    return Cluster(
        ref=event.id,
        type=event.type,
        actor_key=event.actor_key,
        target_key=event.target_key,
        day=event.event_date,
        day_reported=event.date_reported,
        persons=tuple(json_list(event.persons)),
        count=event.count,
        mentions=len(event.mentions),
        further=any(_further(m) for m in event.mentions),
        reliable=tuple(
            merge_persons(
                (),
                (
                    p
                    for m in event.mentions
                    if m.persons_reliable is not False
                    for p in json_list(m.persons)
                ),
            )
        ),
    )


def _further(mention: Mention) -> bool:
    """Whether the mention told of one more person: as extraction marked it, else (recorded
    before it did) as its evidence tells in any language."""
    if mention.further_person is not None:
        return mention.further_person
    return tells_further_person(mention.evidence, None)


def _candidates(session: Session, report: Report, window_days: int) -> list[Event]:
    window = timedelta(days=window_days)
    return list(
        session.scalars(
            select(Event).where(
                Event.type == report.type,
                Event.actor_key == report.actor_key,
                Event.target_key == report.target_key,
                or_(
                    Event.event_date.is_(None),
                    Event.event_date.between(report.day - window, report.day + window),
                ),
            )
        )
    )


def _new_event(report: Report, ev: ExtractedEvent, now: datetime, run_id: int | None) -> Event:
    return Event(
        type=ev.type,
        actor=ev.actor,
        actor_iso=ev.actor_iso,
        target=ev.target,
        target_iso=ev.target_iso,
        actor_key=report.actor_key,
        target_key=report.target_key,
        persons=[],
        agencies=[],
        agency_sides={},
        count=None,
        event_date=None,
        date_reported=False,
        confidence=0.0,
        new=False,
        first_seen_at=now,
        last_seen_at=now,
        first_run_id=run_id,
    )


def _absorb(event: Event, report: Report, ev: ExtractedEvent, now: datetime) -> None:
    merged = absorb(_cluster_of(event), report)
    event.event_date = merged.day
    event.date_reported = merged.day_reported
    event.persons = list(merged.persons)
    event.count = merged.count
    event.agencies = merge_names(json_list(event.agencies), ev.agencies)
    event.agency_sides = merged_sides(event, ev)
    event.actor = event.actor or ev.actor
    event.target = event.target or ev.target
    event.confidence = max(event.confidence or 0.0, ev.confidence)
    event.new = bool(event.new) or ev.new
    event.last_seen_at = now


def merged_sides(event: Event, ev: ExtractedEvent) -> dict[str, str | None]:
    """The side of each of ``event``'s agencies once ``ev`` is one of its mentions: a side
    known (stored, or told by ``ev``) wins over none; agencies stored before sides were
    recorded get theirs from the agency table."""
    stored = {k.casefold(): v for k, v in json_sides(event.agency_sides).items()}
    told = {k.casefold(): v for k, v in ev.sides.items()}
    sides: dict[str, str | None] = {}
    for agency in json_list(event.agencies):
        key = agency.casefold()
        side = stored.get(key) or told.get(key)
        if side is None and key not in stored and key not in told:
            side = agency_side(agency, event.actor_iso, event.target_iso)
        sides[agency] = side
    return sides


def queue_owed_alerts(
    session: Session,
    event_ids: Iterable[int],
    now: datetime,
    run_id: int | None,
    rematch_window_days: int,
) -> tuple[int, int]:
    """Queue the alerts the given events owe (:func:`nongrata.alerts.queue.queue_alerts`):
    the (alerts, deliveries) written, as a recording and a re-match count them."""
    queued = queue_alerts(
        session, event_ids, now=now, run_id=run_id, rematch_window_days=rematch_window_days
    )
    return queued.alerts, queued.deliveries


def sync_event_matches(
    session: Session, event: Event, watchlists: object, matcher: EventMatcher = match_event
) -> tuple[int, int]:
    """Make ``event``'s stored watchlist matches what ``watchlists`` say now: new hits are
    added, better ones update, entries that no longer match are removed. Returns (added,
    removed)."""
    hits = matcher(
        watchlists,
        persons=json_list(event.persons),
        agencies=json_list(event.agencies),
        actor_iso=event.actor_iso,
        target_iso=event.target_iso,
    )
    known = {
        (m.watchlist, m.entry_id): m
        for m in session.scalars(select(EventMatch).where(EventMatch.event_id == event.id))
    }
    added = 0
    current: set[tuple[str, str]] = set()
    for hit in hits:
        key = (hit.list, hit.entry_id)
        current.add(key)
        found = known.get(key)
        if found is None:
            found = EventMatch(
                event_id=event.id,
                watchlist=hit.list,
                entry_id=hit.entry_id,
                entry=hit.entry,
                text=hit.text,
                score=hit.score,
                reason=hit.reason,
                tags=list(hit.tags),
            )
            session.add(found)
            known[key] = found
            added += 1
        elif hit.score > found.score or found.entry != hit.entry:
            found.entry, found.text, found.score = hit.entry, hit.text, hit.score
            found.reason, found.tags = hit.reason, list(hit.tags)
        elif json_list(found.tags) != list(hit.tags):  # the entry's tags were edited
            found.tags = list(hit.tags)
    stale = [m for key, m in known.items() if key not in current]
    for match in stale:
        session.delete(match)
    return added, len(stale)


def record_extractions(
    db: Database,
    settings: Settings,
    items: Sequence[tuple[int, ArticleExtraction]],
    watchlists: object,  # what ``matcher`` takes: the Watchlists for the default matcher
    run_id: int | None,
    now: datetime,
    *,
    matcher: EventMatcher = match_event,
    policy: AlertPolicy | None = None,
) -> RecordSummary:
    """Record a batch of extractions (article id, extraction) in one transaction."""
    policy = policy or alert_policy(settings)
    summary = RecordSummary()
    if not any(extraction.events for _, extraction in items):
        return summary
    article_ids = sorted({article_id for article_id, _ in items})
    with db.session() as session:
        published = {
            a_id: (when.date() if when else now.date())
            for a_id, when in session.execute(
                select(Article.id, Article.published).where(Article.id.in_(article_ids))
            )
        }
        known: set[tuple[int, str]] = {
            (a_id, digest)
            for a_id, digest in session.execute(
                select(Mention.article_id, Mention.evidence_hash).where(
                    Mention.article_id.in_(article_ids)
                )
            )
        }
        created: set[int] = set()
        touched: dict[int, Event] = {}
        for article_id, extraction in items:
            for ev in extraction.events:
                digest = evidence_hash(ev)
                if (article_id, digest) in known:
                    summary.mentions_known += 1
                    continue
                known.add((article_id, digest))
                report = _report(ev, published.get(article_id, now.date()))
                candidates = {
                    e.id: e for e in _candidates(session, report, policy.cluster_window_days)
                }
                found = best_cluster(
                    [_cluster_of(e) for e in candidates.values()],
                    report,
                    policy.cluster_window_days,
                )
                if found is None:
                    event = _new_event(report, ev, now, run_id)
                    session.add(event)
                    session.flush()
                    created.add(event.id)
                else:
                    event = candidates[found.ref]
                    if event.id not in created and event.id not in touched:
                        summary.events_updated += 1
                _absorb(event, report, ev, now)
                session.add(
                    Mention(
                        event=event,
                        article_id=article_id,
                        evidence=ev.evidence,
                        evidence_hash=digest,
                        confidence=ev.confidence,
                        new=ev.new,
                        persons=list(ev.persons),
                        agencies=list(ev.agencies),
                        agency_sides=ev.sides,
                        count=ev.count,
                        event_date=ev.event_date,
                        further_person=ev.further_person,
                        persons_reliable=ev.persons_reliable,
                        run_id=run_id,
                        created_at=now,
                    )
                )
                session.flush()
                touched[event.id] = event
                summary.mentions += 1
        summary.events_new = len(created)
        matching = time.perf_counter()
        for event in touched.values():
            sync_event_matches(session, event, watchlists, matcher)
        session.flush()
        summary.match_seconds = time.perf_counter() - matching
        summary.alerts_queued, summary.deliveries_queued = queue_owed_alerts(
            session, touched, now, run_id, policy.rematch_window_days
        )
    return summary
