"""Cold War stories: the former states (Soviet Union, East Germany, Czechoslovakia) are the
actors and targets, and the KGB of a Soviet-era story is the Soviet Union's."""

from __future__ import annotations

from datetime import date

from nongrata.extractors.english.gazetteer import told_in_former_era
from tests.support.extraction import events_of, triples

LATER = date(2021, 3, 19)


def test_a_soviet_arrest_is_the_soviet_unions() -> None:
    text = (
        "In 1962 the Soviet Union arrested the British businessman Greville Wynne in "
        "Budapest on charges of spying for Britain."
    )
    assert ("arrest", "SU", "GB") in triples(text, LATER)


def test_an_east_german_expulsion_is_east_germanys() -> None:
    text = "In 1962 East Germany expelled two American diplomats accused of spying."
    assert ("expulsion", "DD", "US") in triples(text, LATER)


def test_the_kgb_of_a_soviet_story_is_the_soviet_unions() -> None:
    text = (
        "The Soviet spy case began in 1961. In 1962 the KGB arrested Oleg Penkovsky, a "
        "colonel who had passed secrets to Britain."
    )
    arrests = [e for e in events_of(text, LATER) if e.type == "arrest"]
    assert arrests
    assert all(e.actor_iso == "SU" for e in arrests)
    assert all(dict(e.agency_sides).get("KGB") == "actor" for e in arrests)


def test_the_kgb_of_belarus_stays_belarus() -> None:
    text = (
        "Belarus's KGB, which kept its Soviet-era name, arrested a Lithuanian citizen in "
        "Minsk on Thursday on suspicion of spying for Lithuania."
    )
    arrests = [e for e in events_of(text, date(2025, 3, 14)) if e.type == "arrest"]
    assert arrests
    assert arrests[0].actor_iso == "BY"


def test_the_former_era_is_the_publication_date_or_a_former_state_named() -> None:
    assert told_in_former_era(set(), date(1985, 9, 12))
    assert told_in_former_era({"SU", "GB"}, LATER)
    assert not told_in_former_era({"SU", "BY"}, LATER)  # Belarus's KGB, told today
    assert not told_in_former_era({"GB"}, LATER)
    assert not told_in_former_era(set(), None)
