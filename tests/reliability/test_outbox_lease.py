"""A delivery claimed late in a long sending pass keeps its whole lease: the claim is stamped
when it is made, not when the pass began (else a second runner could take a row for stale
while the first was about to send it, and the subscriber would get it twice)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from nongrata.alerts.outbox import deliver_pending
from nongrata.alerts.policy import AlertPolicy
from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Database
from nongrata.db.models import Delivery
from nongrata.settings import Settings
from tests.support.factories import add_article, event, extraction, record_test_events

NOW = datetime(2025, 9, 10, 12, tzinfo=UTC)
SLOW_SECONDS = 1.5


def test_a_late_claim_is_stamped_when_made(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings()

    def slow(request: Request) -> Response:
        time.sleep(SLOW_SECONDS)
        return Response("ok")

    httpserver.expect_request("/slow", method="POST").respond_with_handler(slow)
    httpserver.expect_request("/fast", method="POST").respond_with_data("ok")
    subscribe(
        db,
        SubscriptionSpec(
            name=f"s{uuid.uuid4().hex[:6]}",
            urls=[
                f"json://127.0.0.1:{httpserver.port}/slow",
                f"json://127.0.0.1:{httpserver.port}/fast",
            ],
        ),
    )
    article = add_article(db, f"https://news.example/{uuid.uuid4().hex}")
    items = [extraction(article, event(persons=["Mikalai Dukshta"], agencies=["KGB"]))]
    record_test_events(db, settings, NOW, *items)

    summary = deliver_pending(db, settings, NOW, policy=AlertPolicy(lease_seconds=1))
    assert summary.sent == 2
    with db.session() as session:
        first, second = session.scalars(select(Delivery).order_by(Delivery.id))
    assert first.claimed_at is not None
    assert second.claimed_at is not None
    assert first.claimed_at - NOW < timedelta(seconds=SLOW_SECONDS)
    # Claimed after the slow send: a lease counted from NOW would already have run out.
    assert second.claimed_at - NOW >= timedelta(seconds=SLOW_SECONDS)
    assert (first.status, second.status) == ("delivered", "delivered")
