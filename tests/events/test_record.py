from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Database
from nongrata.db.models import Alert, Delivery, Event, EventMatch, Mention, Subscription
from nongrata.events.record import RecordSummary, record_extractions
from nongrata.settings import Settings
from nongrata.types import ArticleExtraction
from tests.support.factories import add_article, event, extraction, record_test_events

NOW = datetime(2025, 9, 10, 12, tzinfo=UTC)
NEXT_DAY = datetime(2025, 9, 11, 12, tzinfo=UTC)


@pytest.fixture
def record(db: Database, make_settings: Callable[..., Settings]) -> Callable[..., RecordSummary]:
    settings = make_settings()

    def run(items: list[tuple[int, ArticleExtraction]], now: datetime = NOW) -> RecordSummary:
        return record_test_events(db, settings, now, *items)

    return run


def count(db: Database, model: type[object]) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_one_event_across_outlets_and_days_alerts_once(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    a = add_article(db, "http://127.0.0.1/ct24/1", published=date(2025, 9, 10))
    b = add_article(db, "http://127.0.0.1/rferl/2", published=date(2025, 9, 10))
    c = add_article(db, "http://127.0.0.1/belsat/3", published=date(2025, 9, 11))
    dukshta = event(persons=["Mikalai Dukshta"], agencies=["KGB"], count=1)
    first = record([extraction(a, dukshta), extraction(b, event(agencies=["KGB"]))])
    assert (first.events_new, first.events_updated, first.mentions) == (1, 0, 2)
    assert first.alerts_queued == 1  # the default subscription: touches a watchlist entry
    later = record([extraction(c, event(persons=["Nikolai Dukshta"], count=1))], NEXT_DAY)
    assert (later.events_new, later.events_updated, later.alerts_queued) == (0, 1, 0)
    with db.session() as s:
        stored = s.scalars(select(Event)).one()
        assert stored.new
        assert stored.persons == ["Mikalai Dukshta"]
        assert stored.agencies == ["KGB"]
        assert len(stored.mentions) == 3
        assert stored.first_seen_at == NOW
        assert stored.last_seen_at == NEXT_DAY
        assert {(m.watchlist, m.entry_id) for m in stored.matches} == {
            ("agencies", "kgb-by"),
            ("persons", "dukshta-mikalai"),
        }
        default = s.scalars(select(Subscription)).one()
        assert default.name == "default"
        assert default.watchlist_only
    assert count(db, Alert) == 1


def test_recording_the_same_batch_again_changes_nothing(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    a = add_article(db, "http://127.0.0.1/a")
    items = [extraction(a, event(agencies=["KGB"], evidence="Prague expelled a KGB officer."))]
    record(items)
    again = record(items, NEXT_DAY)
    assert (again.events_new, again.events_updated, again.mentions, again.mentions_known) == (
        0,
        0,
        0,
        1,
    )
    assert (count(db, Event), count(db, Mention), count(db, Alert)) == (1, 1, 1)


def test_retaliation_is_recorded_as_its_own_event(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    a = add_article(db, "http://127.0.0.1/a")
    b = add_article(db, "http://127.0.0.1/b", published=date(2025, 9, 12))
    record([extraction(a, event("expulsion", "CZ", "RU"))])
    summary = record([extraction(b, event("expulsion", "RU", "CZ"))], NEXT_DAY)
    assert summary.events_new == 1
    with db.session() as s:
        pairs = {(e.actor_iso, e.target_iso) for e in s.scalars(select(Event))}
    assert pairs == {("CZ", "RU"), ("RU", "CZ")}


def test_background_mentions_never_alert_but_attach_to_a_fresh_event(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    old = add_article(db, "http://127.0.0.1/old", published=date(2025, 9, 10))
    background = event(
        "expulsion", "GB", "RU", new=False, agencies=["GRU"], event_date=date(2018, 3, 14)
    )
    summary = record([extraction(old, background)])
    assert (summary.events_new, summary.alerts_queued) == (1, 0)
    with db.session() as s:
        assert s.scalars(select(Event)).one().new is False
    # A background mention of a fresh event attaches to it; the event stays alertable.
    a = add_article(db, "http://127.0.0.1/fresh")
    b = add_article(db, "http://127.0.0.1/recap")
    record([extraction(a, event("expulsion", "CZ", "BY", agencies=["KGB"]))])
    attached = record([extraction(b, event("expulsion", "CZ", "BY", new=False))], NEXT_DAY)
    assert (attached.events_new, attached.events_updated, attached.alerts_queued) == (0, 1, 0)
    with db.session() as s:
        fresh = s.scalars(select(Event).where(Event.actor_iso == "CZ")).one()
        assert fresh.new
        assert len(fresh.mentions) == 2


def test_a_fresh_report_makes_a_background_only_event_alertable(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    a = add_article(db, "http://127.0.0.1/a")
    b = add_article(db, "http://127.0.0.1/b")
    record([extraction(a, event(new=False, agencies=["KGB"]))])
    summary = record([extraction(b, event(new=True, agencies=["KGB"]))], NEXT_DAY)
    assert (summary.events_new, summary.alerts_queued) == (0, 1)


def test_events_off_every_watchlist_do_not_alert_the_default_subscription(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    a = add_article(db, "http://127.0.0.1/a")
    summary = record([extraction(a, event("arrest", "PL", "CN"))])
    assert (summary.events_new, summary.alerts_queued) == (1, 0)
    assert count(db, EventMatch) == 0


def test_alerts_and_their_deliveries_are_queued_with_the_event(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    subscribe(
        db,
        SubscriptionSpec(
            name="desk",
            urls=[
                "json://127.0.0.1:9/hook",
                "mailto://127.0.0.1:25?from=a@b.example&to=c@d.example",
            ],
            types=["arrest"],
        ),
    )
    subscribe(db, SubscriptionSpec(name="czech", urls=["json://127.0.0.1:9/cz"], countries=["CZ"]))
    a = add_article(db, "http://127.0.0.1/a")
    summary = record([extraction(a, event("arrest", "PL", "RU"), event("expulsion", "CZ", "RU"))])
    assert (summary.events_new, summary.alerts_queued, summary.deliveries_queued) == (2, 2, 3)
    with db.session() as s:
        pending = s.scalars(select(Delivery)).all()
        assert {d.status for d in pending} == {"pending"}
        assert all(d.next_attempt_at == NOW for d in pending)
        # Subscriptions exist, so no default one is created.
        assert "default" not in set(s.scalars(select(Subscription.name)))


def test_an_empty_batch_records_nothing(db: Database, record: Callable[..., RecordSummary]) -> None:
    a = add_article(db, "http://127.0.0.1/a")
    assert record([extraction(a)]) == RecordSummary()
    assert count(db, Subscription) == 0


def test_the_real_watchlist_matcher_is_used_by_default(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    from nongrata.watchlists import load_watchlists

    settings = make_settings()
    watchlists = load_watchlists(settings.watchlists_dir)
    a = add_article(db, "http://127.0.0.1/a")
    items = [extraction(a, event(persons=["Nikolai Dukshta"], agencies=["KGB"]))]
    summary = record_extractions(db, settings, items, watchlists, None, NOW)
    assert summary.events_new == 1
    with db.session() as s:
        entries = {(m.watchlist, m.entry_id) for m in s.scalars(select(EventMatch))}
    assert ("persons", "dukshta-mikalai") in entries


def test_agency_sides_are_stored_with_the_event_and_each_mention(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    a = add_article(db, "http://127.0.0.1/a")
    b = add_article(db, "http://127.0.0.1/b")
    record([extraction(a, event("arrest", agencies=["BIS", "KGB"], persons=["Ivan Petrov"]))])
    record([extraction(b, event("arrest", agencies=["kgb", "GRU"], persons=["I. Petrov"]))])
    with db.session() as s:
        stored = s.scalars(select(Event)).one()
        assert stored.agencies == ["BIS", "KGB", "GRU"]
        assert stored.agency_sides == {"BIS": "actor", "KGB": "target", "GRU": None}
        assert [m.agency_sides for m in stored.mentions] == [
            {"BIS": "actor", "KGB": "target"},
            {"kgb": "target", "GRU": None},
        ]
        # an event recorded before sides were (NULL) gets them on its next mention
        stored.agency_sides = None
    c = add_article(db, "http://127.0.0.1/c")
    record([extraction(c, event("arrest", persons=["Ivan Petrov"]))])
    with db.session() as s:
        stored = s.scalars(select(Event)).one()
        assert stored.agency_sides == {"BIS": "actor", "KGB": "target", "GRU": None}


def test_a_second_arrest_for_the_same_service_is_its_own_event_and_alerts(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    first = add_article(db, "http://127.0.0.1/one", published=date(2025, 9, 8))
    again = add_article(db, "http://127.0.0.1/two", published=date(2025, 9, 8))
    second = add_article(db, "http://127.0.0.1/three", published=date(2025, 9, 10))
    record(
        [
            extraction(first, event("arrest", "PL", "RU", agencies=["GRU"], count=1)),
            extraction(again, event("arrest", "PL", "RU", agencies=["GRU", "ABW"])),
        ]
    )
    later = record(
        [
            extraction(
                second,
                event(
                    "arrest",
                    "PL",
                    "RU",
                    agencies=["GRU"],
                    evidence="Polish security services detained a second man working for the GRU.",
                    further_person=True,  # as extraction marks it
                ),
            )
        ],
        NEXT_DAY,
    )
    assert (later.events_new, later.events_updated, later.alerts_queued) == (1, 0, 1)
    with db.session() as s:
        events = s.scalars(select(Event).order_by(Event.id)).all()
        assert [len(e.mentions) for e in events] == [2, 1]
    assert count(db, Alert) == 2


def test_a_polish_report_with_a_wrong_extra_name_joins_the_english_one(
    db: Database, record: Callable[..., RecordSummary]
) -> None:
    english = add_article(db, "http://127.0.0.1/en", published=date(2025, 9, 8))
    polish = add_article(db, "http://127.0.0.1/pl", published=date(2025, 9, 8))
    other = add_article(db, "http://127.0.0.1/other", published=date(2025, 9, 8))
    arrest = event("arrest", "PL", "RU", persons=["Pavel Rubtsov"], count=1)
    record([extraction(english, arrest)])
    wrong = event(
        "arrest", "PL", "RU", persons=["Pawel Rubcow", "Agencja Wywiadu"], persons_reliable=False
    )
    later = record([extraction(polish, wrong, lang="pl")], NEXT_DAY)
    assert (later.events_new, later.events_updated, later.alerts_queued) == (0, 1, 0)
    # another suspect named by the English parser is still another event
    third = record([extraction(other, event("arrest", "PL", "RU", persons=["Anna Nowak"]))])
    assert third.events_new == 1
    with db.session() as s:
        stored = s.scalars(select(Mention).order_by(Mention.id)).all()
        assert [m.persons_reliable for m in stored] == [True, False, True]
        assert [m.further_person for m in stored] == [False, False, False]
