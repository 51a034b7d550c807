"""SIGKILL of the monitor process at ten points of a run, then the next run: no alert reaches
the SMTP server twice, no event or alert is lost (compared with an uninterrupted run), and
after every kill the database is consistent. Kill points are reached from outside only: held
feed and page requests, the database's progress, an SMTP server holding a message before it
accepts it. The outbox's one at-least-once window (the SMTP server accepted, the row is not
yet marked delivered) cannot be reached from outside and is not claimed here."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from nongrata.db import Database, open_database
from nongrata.db.models import Alert
from tests.support.runs import (
    Child,
    HeldInbox,
    NewsServer,
    assert_consistent,
    deliveries_by_status,
    event_keys,
    event_of,
    fetched_and_extracted,
    finish,
    kill,
    monitor_env,
    prepare_database,
    run_statuses,
    start_monitor,
    wait_until,
)

pytestmark = pytest.mark.slow
LEASE_SECONDS = 2  # a delivery left "sending" by a killed run is sent again after this


@dataclass(frozen=True)
class Reference:
    events: Counter[tuple[str, str, str]]
    alerted: set[str]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """What one uninterrupted run finds over the same outlets."""
    folder = tmp_path_factory.mktemp("reference")
    url = f"sqlite:///{folder / 'reference.db'}"
    with NewsServer() as news, HeldInbox() as inbox:
        db = prepare_database(url, news.feed_urls, [inbox.url()])
        child = start_monitor(monitor_env(url, folder / "data"), folder, "reference")
        assert finish(child) == 0, child.stderr[-3000:]
        alerted = [event_of(s) for s in inbox.subjects()]
    assert len(alerted) == len(set(alerted)) > 2
    events = event_keys(db)
    db.dispose()
    return Reference(events, set(alerted))


def killed_at(
    db: Database, env: dict[str, str], folder: Path, name: str, reached: Callable[[], bool]
) -> Child:
    """Start a run, SIGKILL it once ``reached()`` holds, check what it left behind."""
    child = start_monitor(env, folder, name)
    wait_until(name, reached, child)
    kill(child)
    assert run_statuses(db)[-1] == "running"
    assert_consistent(db)
    return child


def test_sigkill_at_ten_points_then_rerun_loses_and_duplicates_nothing(
    db_url: str, tmp_path: Path, reference: Reference
) -> None:
    with NewsServer() as news, HeldInbox() as inbox:
        db = prepare_database(db_url, news.feed_urls, [inbox.url()])
        env = monitor_env(db_url, tmp_path / "data", alert_lease_seconds=str(LEASE_SECONDS))
        first_half, everything = news.articles[:6], news.articles
        kills = 0

        def progress() -> tuple[int, int, int]:
            return fetched_and_extracted(db)

        # Morning: six articles are out.
        news.publish(first_half)
        news.feeds.close()  # 1. while polling (a feed request held)
        killed_at(db, env, tmp_path, "k1-polling", news.feeds.arrived.is_set)
        news.feeds.release()
        kills += 1
        assert progress() == (0, 0, 0)

        news.pages.close()  # 2. while fetching pages (articles stored, a page request held)
        killed_at(db, env, tmp_path, "k2-fetching", news.pages.arrived.is_set)
        news.pages.release()
        kills += 1
        assert progress() == (6, 0, 0)

        # 3. once every page is fetched, before any article is extracted
        killed_at(db, env, tmp_path, "k3-extracting", lambda: progress()[1] == 6)
        kills += 1
        assert progress()[2] < 6

        # 4. events recorded, the first message held by the SMTP server before it is accepted
        inbox.hold(0)
        killed_at(db, env, tmp_path, "k4-first-send", inbox.holding.is_set)
        inbox.abandon()
        kills += 1
        assert progress() == (6, 6, 6)
        assert inbox.messages == []
        assert deliveries_by_status(db)["sending"] == 1
        time.sleep(LEASE_SECONDS)

        # 5. between two sent alerts: one accepted, the next held before it is accepted
        inbox.hold(1)
        killed_at(db, env, tmp_path, "k5-between-sends", inbox.holding.is_set)
        inbox.abandon()
        kills += 1
        assert len(inbox.messages) == 1
        assert deliveries_by_status(db)["delivered"] == 1
        time.sleep(LEASE_SECONDS)

        # Later: the other six articles are out.
        news.publish(everything)
        news.pages.close()  # 6. some articles fetched, the new ones' pages held
        killed_at(db, env, tmp_path, "k6-fetching-more", news.pages.arrived.is_set)
        news.pages.release()
        kills += 1
        assert progress() == (12, 6, 6)

        # 7. some articles extracted: the new pages fetched, their extraction under way
        killed_at(db, env, tmp_path, "k7-extracting-more", lambda: progress()[1] == 12)
        kills += 1
        assert 6 <= progress()[2] < 12

        # 8. the new events recorded, the first message of this run held before acceptance
        inbox.hold(0)
        killed_at(db, env, tmp_path, "k8-send-again", inbox.holding.is_set)
        inbox.abandon()
        kills += 1
        assert progress() == (12, 12, 12)
        assert len(inbox.messages) == 1
        time.sleep(LEASE_SECONDS)

        # 9. between sent alerts again: two accepted, the third held
        outstanding = sum(n for s, n in deliveries_by_status(db).items() if s != "delivered")
        assert outstanding >= 3, deliveries_by_status(db)
        inbox.hold(2)
        killed_at(db, env, tmp_path, "k9-between-sends", inbox.holding.is_set)
        inbox.abandon()
        kills += 1
        assert len(inbox.messages) == 3
        time.sleep(LEASE_SECONDS)

        # 10. the lock holder killed while polling, with the next run already waiting for it
        inbox.accept_all()
        news.feeds.close()
        holder = start_monitor(env, tmp_path, "k10-holder")
        wait_until("the holder polling", news.feeds.arrived.is_set, holder)
        waiter = start_monitor(env, tmp_path, "final")
        wait_until("the next run waiting", lambda: "waiting for" in waiter.stderr, waiter)
        kill(holder)
        news.feeds.release()
        kills += 1
        assert finish(waiter) == 0, waiter.stderr[-3000:]
        received = [event_of(s) for s in inbox.subjects()]

    assert kills == 10
    assert run_statuses(db) == ["running"] * kills + ["finished"]
    assert_consistent(db)
    assert progress() == (12, 12, 12)
    duplicates = sum(n - 1 for n in Counter(received).values())
    lost = reference.alerted - set(received)
    assert duplicates == 0, Counter(received)
    assert lost == set()
    assert set(received) == reference.alerted
    assert event_keys(db) == reference.events  # every event once, none lost
    with db.session() as session:
        alerts = len(list(session.scalars(select(Alert.id))))
    assert alerts == len(received)
    assert deliveries_by_status(db) == Counter({"delivered": alerts})
    db.dispose()
    # The reference database file is separate; this one is reopened to prove nothing is held.
    open_database(db_url).dispose()
