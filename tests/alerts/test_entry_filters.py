"""--agency and --person filters are checked against the watchlists, and what is stored
matches at alert time."""

from __future__ import annotations

from pathlib import Path

import pytest

from nongrata.alerts.filters import EventFacts, MatchFacts, accepts
from nongrata.alerts.subscriptions import SubscriptionSpec, list_subscriptions, subscribe
from nongrata.db import Database
from nongrata.errors import AlertError, WatchlistError
from nongrata.settings import bundled_watchlists_dir
from tests.support.factories import write_watchlists

URL = "json://127.0.0.1:9/hook"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_watchlists(tmp_path / "watchlists")


def facts(*matches: MatchFacts, agencies: tuple[str, ...] = ()) -> EventFacts:
    return EventFacts(
        type="expulsion",
        new=True,
        actor_iso="CZ",
        target_iso="BY",
        agencies=agencies,
        confidence=0.9,
        matches=matches,
    )


KGB = MatchFacts("agencies", "by-kgb", "KGB")
MI6 = MatchFacts("agencies", "gb-sis", "MI6")
DUKSHTA = MatchFacts("persons", "dukshta-mikalai", "Mikalai Dukshta")
VIKTOR = MatchFacts("persons", "lukashenko-viktor", "Viktor Lukashenko")


def test_an_unknown_agency_is_refused_naming_the_closest_and_nothing_is_stored(
    db: Database, folder: Path
) -> None:
    spec = SubscriptionSpec(name="desk", urls=[URL], agencies=["KGV"])
    with pytest.raises(AlertError) as info:
        subscribe(db, spec, watchlists=folder)
    message = str(info.value)
    assert message.startswith(
        f"--agency 'KGV': no agency in the watchlists ({folder}) has that name or alias; "
        "closest: KGB, "
    )
    assert len(message.split("closest: ")[1].split(", ")) == 3
    assert "\n" not in message
    assert list_subscriptions(db) == []


def test_an_unknown_person_is_refused_naming_the_closest(db: Database, folder: Path) -> None:
    spec = SubscriptionSpec(name="desk", urls=[URL], persons=["Dukshtaa"])
    with pytest.raises(AlertError, match=r"--person 'Dukshtaa': no person in the watchlists") as e:
        subscribe(db, spec, watchlists=folder)
    assert "closest: Mikalai Dukshta, " in str(e.value)
    assert list_subscriptions(db) == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (["kgb"], ("KGB",)),  # a name, any case: stored as the watchlist spells it
        (["BY-KGB"], ("by-kgb",)),  # an id
        (["state security committee"], ("KGB",)),  # an alias: stored as the agency's name
        (["КГБ"], ("KGB",)),  # an alias in another script
        (["Secret Intelligence Service", "KGB", "kgb"], ("MI6", "KGB")),
    ],
)
def test_agencies_are_matched_by_id_name_or_alias(
    db: Database, folder: Path, given: list[str], stored: tuple[str, ...]
) -> None:
    subscribe(db, SubscriptionSpec(name="desk", urls=[URL], agencies=given), watchlists=folder)
    (sub,) = list_subscriptions(db)
    assert sub.filters.agencies == stored


def test_a_stored_agency_alias_matches_the_agency_at_alert_time(db: Database, folder: Path) -> None:
    spec = SubscriptionSpec(name="desk", urls=[URL], agencies=["Secret Intelligence Service"])
    subscribe(db, spec, watchlists=folder)
    (sub,) = list_subscriptions(db)
    assert accepts(sub.filters, facts(MI6))
    assert not accepts(sub.filters, facts(KGB))


@pytest.mark.parametrize(
    ("given", "stored", "matched", "unmatched"),
    [
        # a surname matches the full name: stored as given, matched by the same word rule
        (["dukshta"], ("dukshta",), [DUKSHTA], [VIKTOR]),
        (["Lukashenko"], ("Lukashenko",), [VIKTOR], [DUKSHTA]),
        (["lukashenko-viktor"], ("lukashenko-viktor",), [VIKTOR], [DUKSHTA]),  # an id
        # only an alias has it: stored as the full name of every person whose alias it is
        (["Nikolai Dukshta"], ("Mikalai Dukshta",), [DUKSHTA], [VIKTOR]),
        (
            ["Lukashenka"],
            ("Alexander Lukashenko", "Viktor Lukashenko"),
            [VIKTOR],
            [DUKSHTA],
        ),
    ],
)
def test_persons_are_matched_by_surname_full_name_alias_or_id(
    db: Database,
    folder: Path,
    given: list[str],
    stored: tuple[str, ...],
    matched: list[MatchFacts],
    unmatched: list[MatchFacts],
) -> None:
    subscribe(db, SubscriptionSpec(name="desk", urls=[URL], persons=given), watchlists=folder)
    (sub,) = list_subscriptions(db)
    assert sub.filters.persons == stored
    assert all(accepts(sub.filters, facts(m)) for m in matched)
    assert not any(accepts(sub.filters, facts(m)) for m in unmatched)


def test_agency_and_person_filters_need_valid_watchlists(db: Database, tmp_path: Path) -> None:
    spec = SubscriptionSpec(name="desk", urls=[URL], agencies=["KGB"])
    with pytest.raises(AlertError, match="checked against the watchlists"):
        subscribe(db, spec)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "agencies.yaml").write_text("kind: agencies\nentries:\n  - name: KGB\n")
    with pytest.raises(WatchlistError, match=r"agencies\.yaml"):
        subscribe(db, spec, watchlists=broken)
    assert list_subscriptions(db) == []


def test_filters_without_agencies_or_persons_do_not_read_the_watchlists(
    db: Database, tmp_path: Path
) -> None:
    spec = SubscriptionSpec(name="desk", urls=[URL], countries=["CZ"])
    subscribe(db, spec, watchlists=tmp_path / "no-such-folder")
    assert [s.name for s in list_subscriptions(db)] == ["desk"]


def test_the_bundled_watchlists_know_the_usual_agencies(db: Database) -> None:
    spec = SubscriptionSpec(name="desk", urls=[URL], agencies=["GRU", "Federal Security Service"])
    subscribe(db, spec, watchlists=bundled_watchlists_dir())
    (sub,) = list_subscriptions(db)
    assert sub.filters.agencies == ("GRU", "FSB")
