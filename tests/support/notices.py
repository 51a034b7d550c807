"""A database with an operational notice and alerts: a feed dead for four days told to an
``--ops`` subscription whose target is down, and an alert of one event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nongrata.alerts.notices import deliver_feed_notices
from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Database, Feed
from nongrata.events.record import record_extractions
from nongrata.settings import Settings
from tests.support.factories import WATCHLIST, add_article, event, extraction, match_event

T0 = datetime(2025, 9, 1, 6, tzinfo=UTC)
FEED = "http://127.0.0.1:9/world/rss.xml"
DOWN = "json://127.0.0.1:9/ops"  # nothing listens there: the delivery fails


def dead_feed_and_an_alert(db: Database, settings: Settings) -> None:
    """An --ops subscription told of a feed dead for four days (its target down), and an
    alert to another subscription."""
    subscribe(db, SubscriptionSpec(name="operator", urls=[DOWN], ops=True))
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/desk"]))
    with db.session() as session:
        session.add(
            Feed(
                url=FEED,
                title="World news",
                created_at=T0 - timedelta(days=30),
                consecutive_errors=5,
                last_success_at=T0,
                last_error="HTTP 500 Internal Server Error",
            )
        )
    article = add_article(db, "https://news.example/a")
    record_extractions(
        db, settings, [extraction(article, event())], WATCHLIST, None, T0, matcher=match_event
    )
    deliver_feed_notices(db, settings, T0 + timedelta(days=4))
