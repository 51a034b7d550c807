"""Arrests, charges and convictions tied to espionage; unrelated arrests are not events."""

from __future__ import annotations

from tests.extractors._extraction_helpers import events_of, triples


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
