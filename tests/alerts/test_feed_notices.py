"""Dead feeds are news to the operator: one notice per state change, to --ops subscriptions,
through real targets (a local webhook, a local SMTP server)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from nongrata.alerts.editing import SubscriptionEdit, edit_subscription
from nongrata.alerts.notices import deliver_feed_notices
from nongrata.alerts.outbox import deliver_pending
from nongrata.alerts.subscriptions import (
    SubscriptionSpec,
    mute_subscription,
    remove_subscription,
    subscribe,
)
from nongrata.db import Database
from nongrata.db.models import Delivery, Feed, Notice
from nongrata.settings import Settings
from tests.support.smtp import SmtpInbox, mail_text

T0 = datetime(2025, 9, 1, 6, tzinfo=UTC)
FEED = "http://127.0.0.1:9/world/rss.xml"


def hooks(httpserver: HTTPServer) -> dict[str, list[dict[str, Any]]]:
    received: dict[str, list[dict[str, Any]]] = {"/ops": [], "/desk": []}

    def handler(request: Request) -> Response:
        received[request.path].append(json.loads(request.data))
        return Response("ok")

    for path in received:
        httpserver.expect_request(path).respond_with_handler(handler)
    return received


def set_feed(db: Database, **values: Any) -> None:
    with db.session() as session:
        feed = session.scalars(select(Feed).where(Feed.url == FEED)).one_or_none()
        if feed is None:
            feed = Feed(url=FEED, title="World news", created_at=T0 - timedelta(days=30))
            session.add(feed)
        for key, value in values.items():
            setattr(feed, key, value)


def failing(since: datetime, error: str = "HTTP 500 Internal Server Error") -> dict[str, Any]:
    return {"consecutive_errors": 5, "last_success_at": since, "last_error": error}


def test_a_dead_feed_is_told_once_and_its_recovery_once(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings()  # feed_dead_after_days: 3 by default
    received = hooks(httpserver)
    base = f"json://127.0.0.1:{httpserver.port}"
    subscribe(db, SubscriptionSpec(name="operator", urls=[f"{base}/ops"], ops=True))
    subscribe(db, SubscriptionSpec(name="desk", urls=[f"{base}/desk"]))
    set_feed(db, **failing(T0))

    early = deliver_feed_notices(db, settings, T0 + timedelta(days=2, hours=23))
    assert (early.dead, early.deliveries.sent) == (0, 0)
    dead = deliver_feed_notices(db, settings, T0 + timedelta(days=3))
    assert dead.to_json() == {
        "dead": 1,
        "recovered": 0,
        "queued": 1,
        "sent": 1,
        "failed": 0,
        "given_up": 0,
    }
    [notice] = received["/ops"]
    assert notice["title"] == "nongrata: feed dead: World news"
    assert FEED in notice["message"]
    assert "HTTP 500" in notice["message"]
    assert "2025-09-01 06:00 UTC" in notice["message"]  # the last successful poll

    # Still dead at the next runs: never told again.
    for days in (4, 5, 9):
        later = deliver_feed_notices(db, settings, T0 + timedelta(days=days))
        assert (later.dead, later.recovered, later.deliveries.sent) == (0, 0, 0)
    assert len(received["/ops"]) == 1

    set_feed(db, consecutive_errors=0, last_error=None, last_success_at=T0 + timedelta(days=10))
    back = deliver_feed_notices(db, settings, T0 + timedelta(days=10))
    assert (back.dead, back.recovered, back.deliveries.sent) == (0, 1, 1)
    assert received["/ops"][-1]["title"] == "nongrata: feed recovered: World news"
    assert deliver_feed_notices(db, settings, T0 + timedelta(days=11)).deliveries.sent == 0

    # Disabled (410 Gone): dead at once, whatever feed_dead_after_days.
    set_feed(
        db,
        disabled_reason="410 Gone: the feed was removed",
        consecutive_errors=1,
        last_error=f"http-410: HTTP 410 from {FEED}",
    )
    gone = deliver_feed_notices(db, settings, T0 + timedelta(days=11, hours=1))
    assert (gone.dead, gone.deliveries.sent) == (1, 1)
    assert "410 Gone" in received["/ops"][-1]["message"]
    # Its address is gone: the notice says how to replace it (ingest.replace).
    assert (
        "replace it: `nongrata feeds discover http://127.0.0.1:9/`"
        in (received["/ops"][-1]["message"])
    )
    assert "replace it" not in received["/ops"][0]["message"]  # a 500 may pass

    assert received["/desk"] == []  # a subscription without --ops hears nothing of it
    with db.session() as s:
        kinds = [n.kind for n in s.scalars(select(Notice).order_by(Notice.id))]
    assert kinds == ["feed-dead", "feed-recovered", "feed-dead"]


def test_the_setting_the_mute_and_a_failing_target(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings(feed_dead_after_days=1)
    calls: list[int] = []

    def handler(request: Request) -> Response:
        calls.append(1)
        return Response("down", status=503) if len(calls) == 1 else Response("ok")

    httpserver.expect_request("/ops").respond_with_handler(handler)
    subscribe(
        db,
        SubscriptionSpec(name="op", urls=[f"json://127.0.0.1:{httpserver.port}/ops"], ops=True),
    )
    subscribe(
        db,
        SubscriptionSpec(name="away", urls=[f"json://127.0.0.1:{httpserver.port}/ops"], ops=True),
    )
    mute_subscription(db, "away", T0 + timedelta(days=30), now=T0)
    set_feed(db, **failing(T0))
    first = deliver_feed_notices(db, settings, T0 + timedelta(days=1))
    # one notice, queued for the unmuted subscription only; its target fails once
    assert (first.dead, first.queued, first.deliveries.sent, first.deliveries.failed) == (
        1,
        1,
        0,
        1,
    )
    # The run's alert stage leaves the notice to the notices stage.
    assert deliver_pending(db, settings, T0 + timedelta(days=1, minutes=5), notices=False).due == 0
    retried = deliver_feed_notices(db, settings, T0 + timedelta(days=1, minutes=5))
    assert (retried.dead, retried.deliveries.sent) == (0, 1)  # the same notice, retried
    assert len(calls) == 2


def test_html_mail_notice_escapes_the_feeds_title(
    db: Database, make_settings: Callable[..., Settings], smtp: SmtpInbox
) -> None:
    settings = make_settings()
    subscribe(db, SubscriptionSpec(name="op", urls=[smtp.url()], ops=True))
    set_feed(db, **failing(T0, error="<script>x</script> refused"), title="<b>World</b>")
    summary = deliver_feed_notices(db, settings, T0 + timedelta(days=4))
    assert summary.deliveries.sent == 1
    [message] = smtp.messages
    assert message["Subject"] == "nongrata: feed dead: <b>World</b>"
    html = mail_text(message)["text/html"]
    assert "&lt;script&gt;x&lt;/script&gt; refused" in html
    assert "<script>" not in html


def test_a_queued_notice_follows_its_subscriptions_edit_and_removal(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings()
    received = hooks(httpserver)
    base = f"json://127.0.0.1:{httpserver.port}"
    dead_port = "json://127.0.0.1:9/ops"  # nothing listens: the delivery fails, is retried
    subscribe(db, SubscriptionSpec(name="op", urls=[dead_port], ops=True))
    subscribe(db, SubscriptionSpec(name="gone", urls=[dead_port], ops=True))
    set_feed(db, **failing(T0))
    first = deliver_feed_notices(db, settings, T0 + timedelta(days=3))
    assert (first.dead, first.queued, first.deliveries.failed) == (1, 2, 2)

    edited = edit_subscription(
        db, "op", SubscriptionEdit(urls=[f"{base}/ops"]), now=T0 + timedelta(days=3)
    )
    assert (edited.cancelled, edited.requeued) == (1, 1)
    remove_subscription(db, "gone")  # its notice and undelivered message go with it
    later = deliver_feed_notices(db, settings, T0 + timedelta(days=3, minutes=1))
    assert (later.dead, later.deliveries.due, later.deliveries.sent) == (0, 1, 1)
    assert [n["title"] for n in received["/ops"]] == ["nongrata: feed dead: World news"]
    with db.session() as s:
        assert s.scalars(select(Notice.subscription_id)).all() == [1]


def test_no_ops_gives_up_the_notices_still_queued(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    subscribe(db, SubscriptionSpec(name="op", urls=["json://127.0.0.1:9/ops"], ops=True))
    set_feed(db, **failing(T0))
    assert deliver_feed_notices(db, settings, T0 + timedelta(days=3)).deliveries.failed == 1
    edited = edit_subscription(db, "op", SubscriptionEdit(ops=False), now=T0 + timedelta(days=3))
    assert (edited.notices_dropped, edited.cancelled, edited.subscription.ops) == (1, 0, False)
    with db.session() as s:
        row = s.scalars(select(Delivery)).one()
        assert (row.status, row.next_attempt_at) == ("failed", None)
        assert row.last_error == "operational notices turned off by edit"
    assert deliver_feed_notices(db, settings, T0 + timedelta(days=4)).deliveries.due == 0
