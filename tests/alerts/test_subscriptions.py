from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from nongrata.alerts.subscriptions import (
    SubscriptionSpec,
    country_code,
    list_subscriptions,
    mute_subscription,
    remove_subscription,
    send_test_messages,
    subscribe,
    unmute_subscription,
)
from nongrata.db import Database
from nongrata.db.models import Alert, Delivery
from nongrata.errors import AlertError
from nongrata.settings import Settings, bundled_watchlists_dir
from tests.support.factories import add_article, event, extraction, record_test_events
from tests.support.smtp import SmtpInbox

SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
NOW = datetime(2025, 9, 10, 12, tzinfo=UTC)


def test_subscribe_stores_filters_and_lists_targets_in_privacy_form(db: Database) -> None:
    subscribe(
        db,
        SubscriptionSpec(
            name="desk",
            urls=[SLACK, "mailto://bob:hunter2pass@127.0.0.1:2525?from=a@b.example&to=c@d.example"],
            types=["Expulsion"],
            countries=["cz", "Russian Federation", "UK"],
            agencies=["KGB"],
            min_confidence=0.5,
        ),
        watchlists=bundled_watchlists_dir(),
    )
    (sub,) = list_subscriptions(db)
    assert sub.filters.types == ("expulsion",)
    assert sub.filters.countries == ("CZ", "RU", "GB")
    assert (
        sub.targets[0]
        == "slack://T...2/A...D/T...Q//?image=yes&footer=yes&timestamp=yes&blocks=no&mode=hook"
    )
    assert "hunter2pass" not in " ".join(sub.targets)
    assert "****" in sub.targets[1]
    assert "TIiajkdnlazkcOXrIdevi7FQ" not in str(sub.to_json())


def test_an_invalid_apprise_url_is_refused_naming_it_without_secrets(db: Database) -> None:
    with pytest.raises(
        AlertError, match=r"not a valid apprise URL: nosuchservice://\*\*\*\*"
    ) as info:
        subscribe(db, SubscriptionSpec(name="x", urls=["nosuchservice://tok3nSecret/abc"]))
    assert "tok3nSecret" not in str(info.value)
    assert list_subscriptions(db) == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (SubscriptionSpec(name="x"), "at least one --url"),
        (SubscriptionSpec(name="bad name!", urls=[SLACK]), "bad subscription name"),
        (SubscriptionSpec(name="x", urls=[SLACK], types=["coup"]), "unknown event type"),
        (SubscriptionSpec(name="x", urls=[SLACK], countries=["Atlantis"]), "unknown country"),
        (SubscriptionSpec(name="x", urls=[SLACK], min_confidence=2), "between 0 and 1"),
        (SubscriptionSpec(name="x", urls=[SLACK], digest=True, digest_time="25:00"), "HH:MM"),
        (SubscriptionSpec(name="x", urls=[SLACK], timezone="Mars/Olympus"), "time zone"),
        (SubscriptionSpec(name="x", config=Path("/nonexistent.yml")), "not found"),
    ],
)
def test_bad_subscriptions_are_one_clear_error(
    db: Database, spec: SubscriptionSpec, message: str
) -> None:
    with pytest.raises(AlertError, match=message):
        subscribe(db, spec)


def test_names_are_unique_and_remove_takes_alerts_along(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"]))
    with pytest.raises(AlertError, match="exists already"):
        subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/y"]))
    a = add_article(db, "https://a.example/1")
    record_test_events(db, make_settings(), NOW, extraction(a, event()))
    remove_subscription(db, "desk")
    with db.session() as s:
        assert s.scalars(select(Alert)).all() == []
        assert s.scalars(select(Delivery)).all() == []
    with pytest.raises(AlertError, match="no subscription named 'desk'"):
        remove_subscription(db, "desk")


def test_alerts_for_a_muted_subscription_are_recorded_not_sent(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"]))
    mute_subscription(db, "desk", datetime(2025, 9, 20, tzinfo=UTC), now=NOW)
    a = add_article(db, "https://a.example/1")
    summary = record_test_events(db, make_settings(), NOW, extraction(a, event()))
    assert (summary.alerts_queued, summary.deliveries_queued) == (1, 0)
    with db.session() as s:
        assert s.scalars(select(Alert)).one().mode == "muted"
    unmuted = mute_subscription(db, "desk", None)
    assert unmuted.muted_until is None


def test_a_mute_ending_in_the_past_is_refused_and_keeps_the_stored_mute(db: Database) -> None:
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"]))
    mute_subscription(db, "desk", datetime(2025, 9, 20, tzinfo=UTC), now=NOW)
    for past in (datetime(2025, 9, 1, tzinfo=UTC), NOW):
        with pytest.raises(AlertError) as info:
            mute_subscription(db, "desk", past, now=NOW)
        assert str(info.value) == (
            f"--until {past:%Y-%m-%d %H:%M} UTC is not in the future (now 2025-09-10 12:00 UTC):"
            " to end a mute, use: nongrata subscriptions unmute desk"
        )
    (sub,) = list_subscriptions(db)
    assert sub.muted_until == datetime(2025, 9, 20, tzinfo=UTC)


def test_unmute_ends_a_mute_and_says_what_it_ended(db: Database) -> None:
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"]))
    assert unmute_subscription(db, "desk", now=NOW) is None
    mute_subscription(db, "desk", datetime(2025, 9, 20, tzinfo=UTC), now=NOW)
    assert unmute_subscription(db, "desk", now=NOW) == datetime(2025, 9, 20, tzinfo=UTC)
    (sub,) = list_subscriptions(db)
    assert sub.muted_until is None
    with pytest.raises(AlertError, match="no subscription named 'nobody'"):
        unmute_subscription(db, "nobody", now=NOW)


def test_a_config_file_with_tags_is_one_target(
    db: Database, tmp_path: Path, smtp: SmtpInbox
) -> None:
    config = tmp_path / "apprise.yml"
    config.write_text(
        f"urls:\n  - {smtp.url()}:\n      tag: desk\n"
        "  - json://127.0.0.1:9/other:\n      tag: other\n"
    )
    subscribe(db, SubscriptionSpec(name="team", config=config, config_tags=["desk"]))
    report = send_test_messages(db, "team")
    assert report.ok
    assert len(smtp.messages) == 1
    with pytest.raises(AlertError, match="no usable URL tagged nobody"):
        subscribe(db, SubscriptionSpec(name="t2", config=config, config_tags=["nobody"]))


def test_test_messages_report_the_real_outcome_per_target(
    db: Database, httpserver: HTTPServer, smtp: SmtpInbox, caplog: pytest.LogCaptureFixture
) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    secret = "pa55wordXYZ"
    broken = f"json://user:{secret}@127.0.0.1:{httpserver.port}/gone"
    subscribe(db, SubscriptionSpec(name="desk", urls=[smtp.url(), broken]))
    with caplog.at_level(logging.DEBUG):
        report = send_test_messages(db, "desk")
    ok, failed = report.outcomes
    assert ok.ok
    assert not failed.ok
    assert not report.ok
    assert failed.error is not None
    assert "404" in failed.error
    assert secret not in f"{failed.target} {failed.error}"
    assert secret not in caplog.text
    assert smtp.messages[0]["Subject"] == "nongrata test message for desk"


def test_country_codes_from_codes_and_names() -> None:
    assert [country_code(c) for c in ("cz", "CZE", "Czechia", "uk", "Russia")] == [
        "CZ",
        "CZ",
        "CZ",
        "GB",
        "RU",
    ]
