"""Arrests, charges and convictions tied to espionage; unrelated arrests are not events."""

from __future__ import annotations

from datetime import date

from tests.support.extraction import events_of, triples


def test_active_arrest_with_beneficiary() -> None:
    text = (
        "Polish authorities on Wednesday arrested a Ukrainian man suspected of spying for Russia."
    )
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso) == ("arrest", "PL", "RU")
    assert event.count == 1
    assert event.new is True


def test_passive_arrest_with_agency_agent() -> None:
    text = (
        "A German engineer was arrested by the Federal Security Service on Monday "
        "on suspicion of espionage for Ukraine."
    )
    (event,) = events_of(text)
    assert (event.actor_iso, event.target_iso) == ("RU", "UA")
    assert "FSB" in event.agencies


def test_nationality_is_the_target_when_no_beneficiary_is_named() -> None:
    text = "South Korea detained two Chinese nationals on Tuesday over espionage."
    assert triples(text) == {("arrest", "KR", "CN")}


def test_charge_and_conviction() -> None:
    charge = "Prosecutors in Sweden on Thursday charged Peter Lund with spying for Iran."
    (event,) = events_of(charge)
    assert (event.type, event.actor_iso, event.target_iso) == ("charge", "SE", "IR")
    assert event.persons == ("Peter Lund",)
    conviction = "A Dutch court on Tuesday convicted a former officer of passing secrets to China."
    assert triples(conviction) == {("conviction", "NL", "CN")}


def test_found_guilty_and_sentenced() -> None:
    text = (
        "A jury in Finland on Wednesday found Anna Berg guilty of spying for Russia, "
        "and a judge sentenced her to six years in prison."
    )
    events = events_of(text)
    assert {(e.type, e.actor_iso, e.target_iso) for e in events} == {("conviction", "FI", "RU")}
    assert "Anna Berg" in events[0].persons


def test_espionage_context_from_the_preceding_sentence() -> None:
    text = (
        "Investigators in Norway said a local employee had passed classified files to Russian "
        "intelligence for two years. He was arrested at his home on Tuesday."
    )
    assert triples(text) == {("arrest", "NO", "RU")}


def test_arrests_unrelated_to_espionage_are_not_events() -> None:
    for text in (
        "Police in Serbia detained 40 protesters on Saturday during a rally in Belgrade.",
        "French police arrested two men on Monday over a drug smuggling ring.",
    ):
        assert events_of(text) == [], text


def test_acquittal_dropped_charges_and_plans_are_not_events() -> None:
    for text in (
        "Prosecutors in Denmark plan to charge two men with spying for China.",
        "A court in Estonia on Monday acquitted a man accused of spying for Russia.",
        "Both men had pleaded not guilty to spying for Iran.",
        "Indictments against the suspected Iranian agents will be filed next week.",
    ):
        assert [e for e in events_of(text) if e.new] == [], text


def test_conjoined_participle_shares_the_passive_subject() -> None:
    text = "Two Austrian men were detained in Vienna on Monday and charged with spying for Russia."
    events = {e.type: e for e in events_of(text)}
    assert set(events) == {"arrest", "charge"}
    assert events["charge"].count == 2
    assert (events["charge"].actor_iso, events["charge"].target_iso) == ("AT", "RU")


def test_counts_of_espionage_for_a_state_give_the_target() -> None:
    text = (
        "A former army translator was indicted on Tuesday on two counts of espionage for China, "
        "German prosecutors said."
    )
    assert triples(text) == {("charge", "DE", "CN")}


def test_facing_charges_is_a_charge() -> None:
    text = (
        "The businessman faces charges of treason for allegedly passing secrets to Russia, "
        "Latvian prosecutors said on Wednesday."
    )
    assert triples(text) == {("charge", "LV", "RU")}


def test_nominal_charging_of_people() -> None:
    text = (
        "The minister mentioned the charging of three women accused of spying for Russia in Poland."
    )
    assert ("charge", "PL", "RU") in triples(text)


def test_court_city_is_the_actor_and_the_service_passed_to_is_the_target() -> None:
    text = (
        "A court in Vilnius on Thursday sentenced a former railway clerk to nine years in prison "
        "after finding that he had passed photographs to Belarus's KGB."
    )
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso, event.new) == (
        "conviction",
        "LT",
        "BY",
        True,
    )


def test_a_body_that_is_not_a_state_gives_way_to_the_authorities_that_act() -> None:
    text = (
        "Europol said on Tuesday it had helped Slovak and Austrian police to detain a man "
        "suspected of spying for China."
    )
    assert triples(text) == {("arrest", "SK", "CN")}


def test_authorities_inside_the_suspects_noun_phrase_are_not_the_actor() -> None:
    text = (
        "WASHINGTON, 12 March 2025 — Federal agents on Tuesday arrested a man accused of "
        "acting for China's Ministry of State Security."
    )
    assert triples(text) == {("arrest", "US", "CN")}


def test_nominal_arrest_dated_before_its_of_phrase_is_background() -> None:
    text = (
        "Estonian officials said the arrest earlier this month of a Russian courier on "
        "suspicion of espionage had disrupted the network."
    )
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso) == ("arrest", "EE", "RU")
    assert event.new is False


def test_undated_plea_joins_the_dated_sentence_in_one_background_conviction() -> None:
    text = (
        "He pleaded guilty to spying for Iran, and in 2019 was sentenced to ten years in prison "
        "by a court in Copenhagen."
    )
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso, event.new) == (
        "conviction",
        "DK",
        "IR",
        False,
    )


def test_a_conviction_goes_on_in_the_state_that_made_the_arrest() -> None:
    text = (
        "Spies on the bridge: a Berlin exchange remembered\n\n"
        "Abel had been arrested by the FBI in a New York hotel in June 1957 for spying for "
        "the Soviet Union. He was convicted of espionage that autumn and sentenced to 30 "
        "years."
    )
    convictions = [e for e in events_of(text, date(2022, 2, 10)) if e.type == "conviction"]
    assert convictions
    assert all((e.actor_iso, e.target_iso) == ("US", "SU") for e in convictions)


def test_sentence_handed_down_to_a_person_is_a_conviction() -> None:
    text = (
        "A Moscow court on Tuesday handed down a 25-year sentence to John Smith, a US citizen "
        "accused of espionage for the CIA."
    )
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso) == ("conviction", "RU", "US")
    assert "John Smith" in event.persons


def test_sentence_imposed_on_a_spy_is_a_conviction() -> None:
    text = (
        "A court in Minsk imposed a 12-year sentence on Jonas Petraitis for spying for Lithuania."
    )
    assert ("conviction", "BY", "LT") in triples(text)


def test_time_given_to_leave_is_no_sentence() -> None:
    text = "Estonia gave the Russian embassy a month to leave the building after a spying scandal."
    assert all(e.type != "conviction" for e in events_of(text))


def test_capture_of_a_spy_is_an_arrest() -> None:
    text = (
        "Ukraine's SBU security service announced on Tuesday the capture of a Russian spy who "
        "had passed details of air defences to the FSB."
    )
    assert triples(text) == {("arrest", "UA", "RU")}


def test_capture_of_a_town_is_no_arrest() -> None:
    text = "The FSB spy chief boasted on Tuesday of the capture of a Ukrainian town."
    assert all(e.type != "arrest" for e in events_of(text))
