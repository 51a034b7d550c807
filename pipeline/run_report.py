"""What a run found, as rows for a table: the new events of the run, with their sources and
the alerts owed and sent; the feeds it found to replace. Subscription targets are never
included (they hold secrets)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from nongrata.db import Database
from nongrata.db.models import Alert, Article, Delivery, Event, Mention, Subscription


def new_events_rows(db: Database, run_id: int) -> list[dict[str, str]]:
    """One row per event first seen in run ``run_id``: what, who to whom, sources, alerts."""
    with db.session() as session:
        events = list(
            session.scalars(select(Event).where(Event.first_run_id == run_id).order_by(Event.id))
        )
        if not events:
            return []
        ids = [e.id for e in events]
        sources: dict[int, list[str]] = defaultdict(list)
        for event_id, url in session.execute(
            select(Mention.event_id, Article.url)
            .join(Article, Article.id == Mention.article_id)
            .where(Mention.event_id.in_(ids))
            .order_by(Mention.id)
        ):
            if url not in sources[event_id]:
                sources[event_id].append(url)
        alerts: dict[int, list[str]] = defaultdict(list)
        for event_id, name, status in session.execute(
            select(Alert.event_id, Subscription.name, Delivery.status)
            .join(Subscription, Subscription.id == Alert.subscription_id)
            .outerjoin(Delivery, Delivery.alert_id == Alert.id)
            .where(Alert.event_id.in_(ids))
        ):
            alerts[event_id].append(f"{name}: {status or 'queued'}")
        return [
            {
                "event": str(e.id),
                "type": e.type,
                "new": "yes" if e.new else "background",
                "actor": e.actor or e.actor_iso or "?",
                "target": e.target or e.target_iso or "?",
                "persons": ", ".join(e.persons),
                "agencies": ", ".join(e.agencies),
                "count": "" if e.count is None else str(e.count),
                "sources": " ".join(sources[e.id]),
                "alerts": "; ".join(sorted(set(alerts[e.id]))) or "none",
            }
            for e in events
        ]


def feeds_to_replace_rows(summary: Mapping[str, Any]) -> list[dict[str, str]]:
    """One row per feed the run found at a broken address (404, 410, not a feed: the
    summary's ``ingest.to_replace``), with why and how to replace it."""
    ingest = summary.get("ingest")
    found = ingest.get("to_replace") if isinstance(ingest, Mapping) else None
    if not isinstance(found, list):
        return []
    return [
        {
            "feed": str(feed.get("url")),
            "why": str(feed.get("why")),
            "bundled": "yes" if feed.get("bundled") else "no",
            "replace": str(feed.get("hint")),
        }
        for feed in found
        if isinstance(feed, Mapping)
    ]
