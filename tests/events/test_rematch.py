"""Re-matching after a watchlist edit: new matches are stored, stale ones removed, recent
events that now reach a subscriber alert once, nothing is fetched and nothing alerts twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import Database, Run
from nongrata.db.models import Alert, Event, EventMatch
from nongrata.events.record import record_extractions
from nongrata.events.rematch import (
    last_fingerprint,
    rematch_events,
    rematch_if_changed,
    watchlists_fingerprint,
)
from nongrata.settings import Settings
from nongrata.watchlists import load_watchlists
from nongrata.watchlists.editing import add_entry, init_folder, remove_entry
from tests.support.factories import add_article, event, extraction

NOW = datetime(2025, 9, 11, 9, 0, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "watchlists"
    init_folder(target)
    return target


def _person_matches(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(EventMatch.entry).where(EventMatch.watchlist == "persons")))


def _alerts(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Alert)) or 0


def _record_voronets(db: Database, settings: Settings, folder: Path, *, when: datetime) -> None:
    subscribe(
        db,
        SubscriptionSpec(name="people-desk", urls=["json://127.0.0.1:9/x"], tags=["people-desk"]),
    )
    article = add_article(db, "https://news.example/cz-expels")
    record_extractions(
        db,
        settings,
        [extraction(article, event(persons=["Andrei Voronets"], count=1))],
        load_watchlists(folder),
        None,
        when,
    )


def test_an_added_person_matches_stored_events_and_alerts_once(
    db: Database, folder: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(watchlists=folder)
    _record_voronets(db, settings, folder, when=NOW)
    assert _person_matches(db) == []
    assert _alerts(db) == 0  # the subscription wants entries tagged "people-desk": none yet

    add_entry(folder, "persons", "Andrei Voronets", country="BY", tags=["people-desk"])
    summary = rematch_events(db, settings, load_watchlists(folder), NOW + timedelta(hours=2))
    assert summary.matches_added >= 1
    assert _person_matches(db) == ["Andrei Voronets"]
    assert summary.alerts_queued == 1
    assert _alerts(db) == 1

    again = rematch_events(db, settings, load_watchlists(folder), NOW + timedelta(hours=3))
    assert (again.matches_added, again.matches_removed, again.alerts_queued) == (0, 0, 0)
    assert _alerts(db) == 1


def test_transliterated_spellings_match_on_rematch(
    db: Database, folder: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(watchlists=folder)
    _record_voronets(db, settings, folder, when=NOW)
    add_entry(folder, "persons", "Andrej Voronec", aliases=["Андрей Воронец"], tags=["people-desk"])
    rematch_events(db, settings, load_watchlists(folder), NOW)
    assert _person_matches(db) == ["Andrej Voronec"]


def test_a_removed_entry_loses_its_matches(
    db: Database, folder: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(watchlists=folder)
    entry, _ = add_entry(folder, "persons", "Andrei Voronets", tags=["people-desk"])
    _record_voronets(db, settings, folder, when=NOW)
    assert _person_matches(db) == ["Andrei Voronets"]
    remove_entry(folder, entry.id, kind="persons")
    summary = rematch_events(db, settings, load_watchlists(folder), NOW)
    assert summary.matches_removed == 1
    assert _person_matches(db) == []


def test_events_older_than_the_window_do_not_alert(
    db: Database, folder: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(watchlists=folder, rematch_window_days=7)
    _record_voronets(db, settings, folder, when=NOW)
    add_entry(folder, "persons", "Andrei Voronets", tags=["people-desk"])
    summary = rematch_events(db, settings, load_watchlists(folder), NOW + timedelta(days=8))
    assert summary.matches_added >= 1
    assert summary.alerts_queued == 0
    assert _alerts(db) == 0


def test_a_run_rematches_only_when_the_watchlists_changed(
    db: Database, folder: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(watchlists=folder)
    _record_voronets(db, settings, folder, when=NOW)
    before = watchlists_fingerprint(folder)
    with db.session() as s:
        s.add(Run(status="finished", summary={"watchlists": before}))
        s.add(Run(status="running"))
        s.flush()
        current = s.scalars(select(Run).order_by(Run.id.desc())).first()
        assert current is not None
        run_id = current.id
    assert last_fingerprint(db, run_id) == before
    unchanged = rematch_if_changed(
        db, settings, lambda: load_watchlists(folder), before, run_id, NOW
    )
    assert unchanged is None

    add_entry(folder, "persons", "Andrei Voronets", tags=["people-desk"])
    after = watchlists_fingerprint(folder)
    assert after != before
    changed = rematch_if_changed(db, settings, lambda: load_watchlists(folder), after, run_id, NOW)
    assert changed is not None
    assert changed.alerts_queued == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 1


def test_marking_a_state_watched_updates_stored_matches_and_alerts(
    db: Database, folder: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(watchlists=folder)
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/x"], watchlist_only=True))
    article = add_article(db, "https://news.example/cz-expels-pl")
    record_extractions(
        db,
        settings,
        [extraction(article, event(actor_iso="CZ", target_iso="PL"))],
        load_watchlists(folder),
        None,
        NOW,
    )
    assert _alerts(db) == 0  # neither state is watched: the catch-all list is no reason

    countries = folder / "countries.yaml"
    text = countries.read_text(encoding="utf-8")
    marked = text.replace("    country: PL\n    tags: [", "    country: PL\n    tags: [watched, ")
    assert marked != text
    countries.write_text(marked, encoding="utf-8")
    summary = rematch_events(db, settings, load_watchlists(folder), NOW + timedelta(hours=1))
    with db.session() as s:
        tags = s.scalar(select(EventMatch.tags).where(EventMatch.entry_id == "pl"))
    assert tags is not None
    assert "watched" in tags
    assert (summary.alerts_queued, _alerts(db)) == (1, 1)
