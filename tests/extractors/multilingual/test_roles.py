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


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "de",
            "Seit Beginn des Krieges in der Ukraine hat die Bundesanwaltschaft zwei Männer "
            "wegen Spionage für Russland festnehmen lassen.",
        ),
        (
            "sv",
            "Sedan kriget i Ukraina har Säpo gripit två personer för spioneri åt Ryssland.",
        ),
        (
            "hu",
            "Az ukrajnai háború kezdete óta a magyar hatóságok két embert vettek őrizetbe "
            "Oroszország javára végzett kémkedés gyanújával.",
        ),
    ],
)
def test_the_state_a_war_is_in_is_no_side(lang: str, text: str) -> None:
    events = detect_events(text, lang, date(2024, 3, 6))
    assert events
    assert all("UA" not in (e.actor_iso, e.target_iso) for e in events)


@pytest.mark.parametrize(
    ("lang", "text", "actor"),
    [
        # a Danish report of a Säpo arrest: Sweden acts, not Denmark
        (
            "da",
            "Ægtepar anholdt for spionage\n\nTo personer blev tirsdag anholdt i et villakvarter. "
            "Det oplyser Säpo. De mistænkes for spionage for Rusland.",
            "SE",
        ),
        # a Flemish report: the Staatsveiligheid's list, Belgium acts, not the Netherlands
        (
            "nl",
            "Russische diplomaten moeten vertrekken\n\nDe Staatsveiligheid bezorgde een lijst. "
            "Drie Russische diplomaten zijn tot persona non grata verklaard wegens spionage.",
            "BE",
        ),
    ],
)
def test_a_home_service_the_article_names_sets_where_it_happens(
    lang: str, text: str, actor: str
) -> None:
    events = detect_events(text, lang, date(2024, 3, 6))
    assert events
    assert {e.actor_iso for e in events} == {actor}
