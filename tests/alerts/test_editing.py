"""Editing a subscription in place: validated like subscribe, history and outbox kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from nongrata.alerts.editing import REMOVED_REASON, SubscriptionEdit, edit_subscription
from nongrata.alerts.listing import list_alerts
from nongrata.alerts.outbox import deliver_pending
from nongrata.alerts.subscriptions import (
    SubscriptionSpec,
    list_subscriptions,
    mute_subscription,
    subscribe,
)
from nongrata.db import Database
from nongrata.db.models import Alert, Delivery, Subscription
from nongrata.errors import AlertError
from nongrata.settings import Settings
from tests.support.factories import (
    add_article,
    event,
    extraction,
    record_test_events,
    write_watchlists,
)

NOW = datetime(2025, 9, 10, 12, tzinfo=UTC)


def record_event(
    db: Database, settings: Settings, when: datetime = NOW, **kwargs: Any
) -> tuple[int, int]:
    """Record one new event; (alerts, deliveries) queued."""
    article = add_article(db, f"https://news.example/{when.isoformat()}/{len(kwargs)}")
    items = [extraction(article, event(persons=["Mikalai Dukshta"], agencies=["KGB"], **kwargs))]
    summary = record_test_events(db, settings, when, *items)
    return summary.alerts_queued, summary.deliveries_queued


def hooks(httpserver: HTTPServer) -> dict[str, list[dict[str, Any]]]:
    """/up/* answer 200, /down answers 503; what each path received."""
    received: dict[str, list[dict[str, Any]]] = {}

    def handler(request: Request) -> Response:
        received.setdefault(request.path, []).append(json.loads(request.get_data()))
        return Response("down", status=503) if request.path == "/down" else Response("ok")

    for path in ("/down", "/up/b", "/up/c"):
        httpserver.expect_request(path, method="POST").respond_with_handler(handler)
    return received


def test_replacing_targets_keeps_history_gives_up_removed_and_requeues_for_added(
    db: Database, make_settings: Callable[..., Settings], httpserver: HTTPServer
) -> None:
    settings = make_settings()
    received = hooks(httpserver)
    down, b, c = (f"json://127.0.0.1:{httpserver.port}{p}" for p in ("/down", "/up/b", "/up/c"))
    subscribe(db, SubscriptionSpec(name="desk", urls=[down, b]))
    assert record_event(db, settings) == (1, 2)
    first = deliver_pending(db, settings, NOW)
    assert (first.sent, first.failed) == (1, 1)  # /down failed: retried later
    with db.session() as s:
        sub_id = s.scalars(select(Subscription.id)).one()

    result = edit_subscription(db, "desk", SubscriptionEdit(urls=[b, c]), now=NOW)
    assert (result.cancelled, result.requeued) == (1, 1)
    assert len(result.subscription.targets) == 2
    with db.session() as s:
        assert s.scalars(select(Subscription.id)).one() == sub_id  # the same row
        alert = s.scalars(select(Alert)).one()  # the history is kept
        rows = {d.target_display: d for d in s.scalars(select(Delivery))}
        gone = next(d for d in rows.values() if d.target == down)
        assert (gone.status, gone.next_attempt_at, gone.last_error) == (
            "failed",
            None,
            REMOVED_REASON,
        )
        added = next(d for d in rows.values() if d.target == c)
        assert (added.alert_id, added.status) == (alert.id, "pending")
        assert next(d for d in rows.values() if d.target == b).status == "delivered"

    later = deliver_pending(db, settings, NOW + timedelta(hours=1))
    assert (later.due, later.sent) == (1, 1)  # only the added target; /down never again
    assert [len(received.get(p, [])) for p in ("/down", "/up/b", "/up/c")] == [1, 1, 1]
    (view,) = list_alerts(db)
    assert view.state == "given-up"
    assert REMOVED_REASON in [d.last_error for d in view.deliveries]


def test_options_given_replace_their_filter_others_are_kept_and_clear_empties(
    db: Database, make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    folder = write_watchlists(tmp_path / "watchlists")
    spec = SubscriptionSpec(
        name="desk",
        urls=["json://127.0.0.1:9/x"],
        types=["expulsion"],
        countries=["CZ"],
        agencies=["KGB"],
        min_confidence=0.5,
    )
    subscribe(db, spec, watchlists=folder)
    edit = SubscriptionEdit(
        countries=["Poland"],
        persons=["Nikolai Dukshta"],
        watchlist_only=True,
        clear=["agency", "min-confidence"],
    )
    result = edit_subscription(db, "desk", edit, watchlists=folder, now=NOW)
    f = result.subscription.filters
    assert (f.types, f.countries, f.agencies, f.persons) == (
        ("expulsion",),
        ("PL",),
        (),
        ("Mikalai Dukshta",),
    )
    assert (f.min_confidence, f.watchlist_only) == (0.0, True)
    assert result.subscription.targets == ("json://127.0.0.1:9/x",)

    # The edited filters apply from then on: a Czech event no longer alerts this subscriber.
    assert record_event(db, make_settings(), actor_iso="CZ") == (0, 0)
    assert record_event(db, make_settings(), NOW + timedelta(hours=1), actor_iso="PL") == (1, 1)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (SubscriptionEdit(), "nothing to change"),
        (SubscriptionEdit(types=["coup"]), "unknown event type"),
        (SubscriptionEdit(countries=["Atlantis"]), "unknown country"),
        (SubscriptionEdit(agencies=["NKVD"]), "--agency 'NKVD': no agency in the watchlists"),
        (SubscriptionEdit(persons=["Smith"]), "--person 'Smith': no person in the watchlists"),
        (SubscriptionEdit(min_confidence=2), "between 0 and 1"),
        (SubscriptionEdit(digest=True, digest_time="25:00"), "HH:MM"),
        (SubscriptionEdit(timezone="Mars/Olympus"), "time zone"),
        (SubscriptionEdit(urls=["nosuchservice://tok3n/x"]), "not a valid apprise URL"),
        (SubscriptionEdit(config_tags=["desk"]), "--config-tag needs --config FILE"),
        (SubscriptionEdit(config=Path("/nonexistent.yml")), "not found"),
        (SubscriptionEdit(clear=["colour"]), "--clear 'colour': use one of type, country"),
        (SubscriptionEdit(countries=["PL"], clear=["country"]), "not both"),
    ],
)
def test_a_bad_edit_is_one_clear_error_and_changes_nothing(
    db: Database, tmp_path: Path, edit: SubscriptionEdit, message: str
) -> None:
    folder = write_watchlists(tmp_path / "watchlists")
    spec = SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"], countries=["CZ"])
    subscribe(db, spec, watchlists=folder)
    before = list_subscriptions(db)
    with pytest.raises(AlertError, match=message):
        edit_subscription(db, "desk", edit, watchlists=folder, now=NOW)
    assert list_subscriptions(db) == before


def test_an_unknown_subscription_cannot_be_edited(db: Database) -> None:
    with pytest.raises(AlertError, match="no subscription named 'desk'"):
        edit_subscription(db, "desk", SubscriptionEdit(types=["arrest"]), now=NOW)


def test_the_default_subscription_keeps_no_targets_when_only_filters_change(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    record_event(db, make_settings())  # creates the target-less default subscription
    result = edit_subscription(db, "default", SubscriptionEdit(types=["arrest"]), now=NOW)
    assert (result.subscription.targets, result.subscription.filters.types) == ((), ("arrest",))


def test_leaving_the_digest_sends_the_waiting_alerts_one_by_one(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"], digest=True))
    assert record_event(db, settings) == (1, 0)  # waits for the digest
    result = edit_subscription(db, "desk", SubscriptionEdit(digest=False), now=NOW)
    assert (result.undigested, result.subscription.mode) == (1, "immediate")
    with db.session() as s:
        alert = s.scalars(select(Alert)).one()
        delivery = s.scalars(select(Delivery)).one()
        assert (alert.mode, delivery.alert_id, delivery.status) == (
            "immediate",
            alert.id,
            "pending",
        )
        assert delivery.next_attempt_at == NOW


def test_leaving_the_digest_while_muted_sends_after_the_mute(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"], digest=True))
    record_event(db, make_settings())
    mute_end = datetime(2025, 9, 20, tzinfo=UTC)
    mute_subscription(db, "desk", mute_end, now=NOW)
    edit_subscription(db, "desk", SubscriptionEdit(digest=False), now=NOW)
    with db.session() as s:
        assert s.scalars(select(Delivery)).one().next_attempt_at == mute_end
