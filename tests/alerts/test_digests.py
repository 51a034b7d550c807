from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import select

from nongrata.alerts.digests import deliver_digests, digest_due_day
from nongrata.alerts.subscriptions import SubscriptionSpec, mute_subscription, subscribe
from nongrata.db import Database
from nongrata.db.models import Alert, Subscription
from nongrata.settings import Settings
from tests.support.factories import add_article, event, extraction, record_test_events
from tests.support.smtp import SmtpInbox, mail_text


def prague_subscriber(time: str = "08:00") -> Subscription:
    return Subscription(name="x", digest_time=time, timezone="Europe/Prague", mode="digest")


def test_a_digest_is_due_once_the_local_time_has_passed_today() -> None:
    sub = prague_subscriber("08:00")  # Prague is UTC+2 in September
    assert digest_due_day(sub, datetime(2025, 9, 10, 5, 59, tzinfo=UTC), None) is None
    assert digest_due_day(sub, datetime(2025, 9, 10, 6, 0, tzinfo=UTC), None) == date(2025, 9, 10)
    # Already sent today: not due again until the next local day's digest time.
    sent = date(2025, 9, 10)
    assert digest_due_day(sub, datetime(2025, 9, 10, 21, 0, tzinfo=UTC), sent) is None
    assert (
        digest_due_day(sub, datetime(2025, 9, 10, 22, 30, tzinfo=UTC), sent) is None
    )  # 00:30 local
    assert digest_due_day(sub, datetime(2025, 9, 11, 6, 0, tzinfo=UTC), sent) == date(2025, 9, 11)


def test_the_local_day_follows_the_subscribers_time_zone() -> None:
    sub = Subscription(name="x", digest_time="07:00", timezone="America/New_York", mode="digest")
    # 02:00 UTC on the 11th is still the evening of the 10th in New York.
    assert digest_due_day(sub, datetime(2025, 9, 11, 2, 0, tzinfo=UTC), None) == date(2025, 9, 10)


def test_digest_run_sends_one_grouped_message_per_day(
    db: Database, make_settings: Callable[..., Settings], smtp: SmtpInbox
) -> None:
    settings = make_settings()
    subscribe(
        db,
        SubscriptionSpec(
            name="weekly-desk",
            urls=[smtp.url()],
            digest=True,
            digest_time="08:00",
            timezone="Europe/Prague",
        ),
    )
    a = add_article(db, "https://a.example/1", title="Czech Republic expels KGB officer")
    b = add_article(db, "https://b.example/2", title="Poland arrests GRU agent")
    morning = datetime(2025, 9, 10, 4, tzinfo=UTC)
    record_test_events(
        db,
        settings,
        morning,
        extraction(a, event(agencies=["KGB"])),
        extraction(b, event("arrest", "PL", "RU", agencies=["GRU"])),
    )

    early = deliver_digests(db, settings, datetime(2025, 9, 10, 5, 30, tzinfo=UTC))  # 07:30 local
    assert early.digests == 0
    assert smtp.messages == []
    due = deliver_digests(db, settings, datetime(2025, 9, 10, 6, 5, tzinfo=UTC))
    assert (due.digests, due.events, due.deliveries.sent) == (1, 2, 1)
    again = deliver_digests(db, settings, datetime(2025, 9, 10, 15, 0, tzinfo=UTC))
    assert again.digests == 0
    assert len(smtp.messages) == 1

    message = smtp.messages[0]
    assert message["Subject"] == "nongrata digest 2025-09-10: 2 new events"
    text = mail_text(message)["text/plain"]
    assert (
        text.index("Expulsions")
        < text.index("Czech Republic")
        < text.index("Arrests")
        < text.index("Poland")
    )
    assert 'href="https://b.example/2"' in mail_text(message)["text/html"]

    # Next day: only the events since the last digest.
    c = add_article(db, "https://c.example/3", title="Germany charges Russian spy")
    record_test_events(
        db,
        settings,
        datetime(2025, 9, 10, 20, tzinfo=UTC),
        extraction(c, event("charge", "DE", "RU", agencies=["GRU"])),
    )
    next_day = deliver_digests(db, settings, datetime(2025, 9, 11, 6, 30, tzinfo=UTC))
    assert (next_day.digests, next_day.events) == (1, 1)
    assert smtp.messages[1]["Subject"] == "nongrata digest 2025-09-11: 1 new event"
    with db.session() as s:
        assert all(alert.digest_id is not None for alert in s.scalars(select(Alert)))


def test_no_digest_without_new_events_or_while_muted(
    db: Database, make_settings: Callable[..., Settings], smtp: SmtpInbox
) -> None:
    settings = make_settings()
    subscribe(db, SubscriptionSpec(name="quiet", urls=[smtp.url()], digest=True))
    assert deliver_digests(db, settings, datetime(2025, 9, 10, 9, tzinfo=UTC)).digests == 0
    a = add_article(db, "https://a.example/1")
    record_test_events(
        db, settings, datetime(2025, 9, 10, 10, tzinfo=UTC), extraction(a, event(agencies=["KGB"]))
    )
    mute_subscription(
        db, "quiet", datetime(2025, 9, 12, tzinfo=UTC), now=datetime(2025, 9, 10, 10, tzinfo=UTC)
    )
    assert deliver_digests(db, settings, datetime(2025, 9, 11, 9, tzinfo=UTC)).digests == 0
    after = deliver_digests(db, settings, datetime(2025, 9, 12, 9, tzinfo=UTC))
    assert (after.digests, after.deliveries.sent, len(smtp.messages)) == (1, 1, 1)
