"""Actors and targets of non-English events: the language's home state."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.extractors.multilingual.extractor import detect_events

PUBLISHED = date(2021, 9, 15)


@pytest.mark.parametrize(
    ("lang", "text", "home"),
    [
        ("sv", "En 47-årig man döms av tingsrätten i dag för spioneri för Ryssland.", "SE"),
        (
            "da",
            "Retten idømte i dag en mand seks års fængsel for spionage for Rusland.",
            "DK",
        ),
        ("nb", "Retten dømte i dag en 50 år gammel mann for spionasje for Russland.", "NO"),
        ("fi", "Käräjäoikeus tuomitsi tänään miehen vankeuteen vakoilusta Venäjän hyväksi.", "FI"),
    ],
)
def test_a_court_of_an_unnamed_state_is_the_home_states(lang: str, text: str, home: str) -> None:
    # The sentence names no acting state: the press of the language writes of its own courts.
    events = [e for e in detect_events(text, lang, PUBLISHED) if e.type == "conviction"]
    assert events
    assert events[0].actor_iso == home
    assert events[0].target_iso == "RU"


def test_a_state_listed_with_the_one_spied_for_is_spied_for_too() -> None:
    text = (
        "Statsadvokaten har tatt ut tiltale mot en 28 år gammel mann. Han er i dag tiltalt for "
        "å ha drevet etterretningsvirksomhet til fordel for både Russland og Iran."
    )
    charges = {
        (e.actor_iso, e.target_iso)
        for e in detect_events(text, "nb", PUBLISHED)
        if e.type == "charge"
    }
    assert ("NO", "RU") in charges
    assert ("NO", "IR") in charges
    assert ("IR", "RU") not in charges


def test_a_neighbours_beneficiary_outranks_the_other_neighbours_nationality() -> None:
    text = (
        "Jahrelang lebten sie als unauffälliges österreichisches Ehepaar in Hessen. "
        "Das Gericht verurteilte die beiden am Dienstag zu sechs Jahren Haft. "
        "Sie hatten im Auftrag des russischen Auslandsgeheimdienstes Dokumente beschafft."
    )
    convictions = [e for e in detect_events(text, "de", PUBLISHED) if e.type == "conviction"]
    assert convictions
    assert convictions[0].target_iso == "RU"


def test_the_service_of_the_state_spied_for_is_no_actor() -> None:
    # "for the Belarusian intelligence KGB": the KGB is Belarus's, the side spied for
    events = detect_events(
        "ABW zatrzymała mężczyznę. Przedstawiono mu zarzut szpiegostwa na rzecz białoruskiego "
        "wywiadu KGB.",
        "pl",
        date(2024, 3, 6),
    )
    charges = {(e.actor, e.target) for e in events if e.type == "charge"}
    assert charges == {("Poland", "Belarus")}


def test_ties_with_a_state_make_it_no_actor() -> None:
    # "his ties with Russia": the state after "ties with" is the side, never the one acting
    events = detect_events(
        "ABW zatrzymała mężczyznę, który ze względu na związki z Rosją szpiegował w porcie.",
        "pl",
        date(2024, 3, 6),
    )
    assert {(e.actor, e.target) for e in events} == {("Poland", "Russia")}
