from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from nongrata.alerts.outbox import _claim, deliver_pending
from nongrata.alerts.policy import AlertPolicy
from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Database
from nongrata.db.models import Delivery
from nongrata.settings import Settings
from tests.support.factories import add_article, event, extraction, record_test_events
from tests.support.smtp import SmtpInbox, mail_text
from tests.support.webhooks import json_hook

NOW = datetime(2025, 9, 10, 12, tzinfo=UTC)
HOSTILE_TITLE = 'Prague expels <img src=x onerror=alert(1)> "diplomat" & [x](javascript:y)'


def queue_alert(
    db: Database,
    settings: Settings,
    urls: list[str],
    title: str = "Czech Republic expels KGB officer",
) -> None:
    subscribe(db, SubscriptionSpec(name=f"s{uuid.uuid4().hex[:6]}", urls=urls))
    article = add_article(db, f"https://news.example/{uuid.uuid4().hex}", title=title)
    items = [extraction(article, event(persons=["Mikalai Dukshta"], agencies=["KGB"]))]
    summary = record_test_events(db, settings, NOW, *items)
    assert summary.deliveries_queued == len(urls)


def statuses(db: Database) -> list[tuple[str, int]]:
    with db.session() as s:
        return [(d.status, d.attempts) for d in s.scalars(select(Delivery).order_by(Delivery.id))]


def flaky_hook(httpserver: HTTPServer, failures: int) -> list[dict[str, Any]]:
    return json_hook(httpserver, failures=failures)[1]


def test_a_target_down_for_two_runs_then_up_gets_the_alert_exactly_once(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings()
    received = flaky_hook(httpserver, failures=2)
    queue_alert(db, settings, [f"json://127.0.0.1:{httpserver.port}/hook"])

    first = deliver_pending(db, settings, NOW)
    assert (first.sent, first.failed) == (0, 1)
    assert statuses(db) == [("failed", 1)]
    too_soon = deliver_pending(db, settings, NOW + timedelta(seconds=30))  # backoff not over
    assert too_soon.due == 0
    second = deliver_pending(db, settings, NOW + timedelta(minutes=2))
    assert (second.sent, second.failed) == (0, 1)
    third = deliver_pending(db, settings, NOW + timedelta(minutes=10))
    assert third.sent == 1
    assert statuses(db) == [("delivered", 3)]
    # A re-run of a finished run sends nothing.
    rerun = deliver_pending(db, settings, NOW + timedelta(days=1))
    assert (rerun.due, rerun.sent) == (0, 0)
    assert len(received) == 3
    assert received[-1]["title"] == "Czech Republic expels Belarusian diplomat · 1 source"
    assert "Mikalai Dukshta" in received[-1]["message"]


def test_backoff_grows_and_a_target_is_given_up_after_max_attempts(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings()
    flaky_hook(httpserver, failures=100)
    queue_alert(db, settings, [f"json://127.0.0.1:{httpserver.port}/hook"])
    policy = AlertPolicy(max_attempts=3, retry_base_seconds=60)
    deliver_pending(db, settings, NOW, policy=policy)
    with db.session() as s:
        assert s.scalars(select(Delivery)).one().next_attempt_at == NOW + timedelta(seconds=60)
    deliver_pending(db, settings, NOW + timedelta(minutes=1), policy=policy)
    with db.session() as s:
        row = s.scalars(select(Delivery)).one()
        assert row.next_attempt_at == NOW + timedelta(minutes=1, seconds=120)
    last = deliver_pending(db, settings, NOW + timedelta(hours=1), policy=policy)
    assert last.given_up == 1
    with db.session() as s:
        row = s.scalars(select(Delivery)).one()
        assert (row.status, row.next_attempt_at) == ("failed", None)
        assert row.last_error is not None
        assert "503" in row.last_error
    assert deliver_pending(db, settings, NOW + timedelta(days=2), policy=policy).due == 0


def test_a_failing_target_does_not_block_another(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer, smtp: SmtpInbox
) -> None:
    settings = make_settings()
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    queue_alert(db, settings, [f"json://127.0.0.1:{httpserver.port}/missing", smtp.url()])
    summary = deliver_pending(db, settings, NOW)
    assert (summary.sent, summary.failed) == (1, 1)
    assert statuses(db) == [("failed", 1), ("delivered", 1)]
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["Subject"] == "Czech Republic expels Belarusian diplomat · 1 source"


def test_mail_escapes_hostile_titles(
    db: Database, make_settings: Callable[..., Settings], smtp: SmtpInbox
) -> None:
    settings = make_settings()
    queue_alert(db, settings, [smtp.url()], title=HOSTILE_TITLE)
    assert deliver_pending(db, settings, NOW).sent == 1
    parts = mail_text(smtp.messages[0])
    assert "<img src=x" not in parts["text/html"]
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;diplomat&quot; &amp;" in parts["text/html"]
    assert 'href="javascript' not in parts["text/html"]
    assert HOSTILE_TITLE in parts["text/plain"]  # plain text needs no escaping, only cleaning


def test_a_claimed_delivery_is_not_sent_twice_and_a_stale_claim_is_retried(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings()
    received = flaky_hook(httpserver, failures=0)
    queue_alert(db, settings, [f"json://127.0.0.1:{httpserver.port}/hook"])
    policy = AlertPolicy(lease_seconds=600)
    with db.session() as s:
        delivery_id = s.scalars(select(Delivery.id)).one()
    # Another run claimed it (and, say, crashed before recording the outcome).
    assert _claim(db, delivery_id, NOW, policy)
    assert not _claim(db, delivery_id, NOW, policy)  # a concurrent claim loses
    during_lease = deliver_pending(db, settings, NOW + timedelta(minutes=5), policy=policy)
    assert (during_lease.due, len(received)) == (0, 0)
    after_lease = deliver_pending(db, settings, NOW + timedelta(minutes=11), policy=policy)
    assert (after_lease.reclaimed, after_lease.sent, len(received)) == (1, 1, 1)
    assert statuses(db) == [("delivered", 2)]


def test_no_secret_in_logs_or_stored_errors(
    db: Database,
    make_settings: Callable[..., Settings],
    httpserver: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = make_settings()
    httpserver.expect_request("/hook").respond_with_data("no", status=404)
    secret = "s3cr3tPassw0rd"
    url = f"json://alice:{secret}@127.0.0.1:{httpserver.port}/hook"
    with caplog.at_level(logging.DEBUG):
        queue_alert(db, settings, [url])
        summary = deliver_pending(db, settings, NOW)
    assert summary.failed == 1
    with db.session() as s:
        row = s.scalars(select(Delivery)).one()
        assert row.last_error
        assert "404" in row.last_error
        assert row.target_display == f"json://alice:****@127.0.0.1:{httpserver.port}/hook"
        assert secret not in row.last_error
    assert "json://alice:****@" in caplog.text
    assert "failed" in caplog.text
    assert secret not in caplog.text


def test_mqtt_target_receives_the_alert(
    db: Database, make_settings: Callable[..., Settings], mqtt_broker: str
) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    settings = make_settings()
    topic = f"nongrata/test/{uuid.uuid4().hex}"
    got: list[bytes] = []
    client = mqtt.Client(CallbackAPIVersion.VERSION2)
    client.on_message = lambda _c, _u, msg: got.append(bytes(msg.payload))
    host, port = mqtt_broker.split(":")
    client.connect(host, int(port))
    client.subscribe(topic, qos=1)
    client.loop_start()
    try:
        for _ in range(50):  # wait until the subscription is in place
            client.publish(topic, b"ping", qos=1).wait_for_publish(1)
            if got:
                break
        assert got == [b"ping"]
        queue_alert(db, settings, [f"mqtt://{mqtt_broker}/{topic}?qos=1"])
        assert deliver_pending(db, settings, NOW).sent == 1
        for _ in range(50):
            if len(got) > 1:
                break
            client.loop_stop()
            client.loop(0.1)
            client.loop_start()
    finally:
        client.loop_stop()
        client.disconnect()
    assert len(got) == 2
    assert "Czech Republic" in got[1].decode()
    assert "Mikalai Dukshta" in got[1].decode()
