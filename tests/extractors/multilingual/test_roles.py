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
        ("pt", "O diplomata romeno foi declarado persona non grata e tem de sair da Rússia."),
        ("ro", "Diplomatul român a fost declarat persona non grata și trebuie să plece din Rusia."),
        ("fr", "Le diplomate roumain a été déclaré persona non grata et doit quitter la Russie."),
        ("es", "El diplomático rumano fue declarado persona non grata y deberá abandonar Rusia."),
        (
            "el",
            "Ο Ρουμάνος διπλωμάτης κηρύχθηκε persona non grata, πρέπει να εγκαταλείψει τη Ρωσία.",
        ),
    ],
)
def test_the_state_to_be_left_is_the_one_expelling(lang: str, text: str) -> None:
    # "… must leave Russia": no state before the trigger, yet the one after "leave" expels.
    events = [e for e in detect_events(text, lang, PUBLISHED) if e.type == "expulsion"]
    assert events
    assert (events[0].actor_iso, events[0].target_iso) == ("RU", "RO")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ro", "Partea rusă l-a declarat persona non grata pe diplomatul român."),
        ("pt", "A parte russa declarou persona non grata o diplomata romeno."),
    ],
)
def test_the_side_of_a_nationality_acts(lang: str, text: str) -> None:
    # "the Russian side": a nationality next to "side" is the acting state, not the acted-on.
    events = [e for e in detect_events(text, lang, PUBLISHED) if e.type == "expulsion"]
    assert events
    assert (events[0].actor_iso, events[0].target_iso) == ("RU", "RO")


def test_what_is_handed_to_a_state_makes_it_the_one_spied_for() -> None:
    text = (
        "Un tribunal de Madrid condenó hoy a nueve años de prisión por espionaje al exagente "
        "que vendió secretos a Rusia."
    )
    events = [e for e in detect_events(text, "es", PUBLISHED) if e.type == "conviction"]
    assert events
    assert (events[0].actor_iso, events[0].target_iso) == ("ES", "RU")


def test_a_court_convicting_for_espionage_is_a_conviction_in_french() -> None:
    text = (
        "La cour d'assises de Paris a condamné, vendredi, deux anciens agents pour des faits "
        "d'espionnage au profit de la Chine."
    )
    events = [e for e in detect_events(text, "fr", PUBLISHED) if e.type == "conviction"]
    assert events
    assert (events[0].actor_iso, events[0].target_iso) == ("FR", "CN")


def test_an_italian_pluperfect_guilty_plea_is_background() -> None:
    text = (
        "Roma, 15 settembre 2021. I due imputati si erano dichiarati colpevoli di spionaggio "
        "per la Russia nel marzo scorso."
    )
    events = [e for e in detect_events(text, "it", PUBLISHED) if e.type == "conviction"]
    assert events
    assert not any(e.new for e in events)


def test_romanian_subsequently_is_no_background() -> None:
    # "Ulterior" orders this week's steps ("then"); it says nothing of an old event.
    text = (
        "BUCUREȘTI, 15 septembrie 2021 – Diplomatul român a fost reținut luni pentru spionaj. "
        "Ulterior, partea rusă l-a declarat persona non grata."
    )
    events = [e for e in detect_events(text, "ro", PUBLISHED) if e.type == "expulsion"]
    assert events
    assert all(e.new for e in events)


def test_a_prosecution_service_of_one_state_names_that_state() -> None:
    # "Procurorii DIICOT": Romania's organised-crime prosecutors act, not a state the
    # relative clause after the verb names.
    text = (
        "Procurorii DIICOT au reținut luni un fost ofițer al serviciului de informații al "
        "Republicii Moldova, care a vândut secrete KGB-ului din Belarus."
    )
    events = [e for e in detect_events(text, "ro", PUBLISHED) if e.type == "arrest"]
    assert events
    assert events[0].actor_iso == "RO"


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
