"""Expulsions: active, passive, nominal, persona non grata, orders to leave, several targets."""

from __future__ import annotations

from tests.support.extraction import events_of, triples


def test_active_expulsion_with_demonym_target_and_count() -> None:
    (event,) = events_of("Estonia on Tuesday expelled three Russian diplomats over spying.")
    assert (event.type, event.actor_iso, event.target_iso) == ("expulsion", "EE", "RU")
    assert event.actor == "Estonia"
    assert event.target == "Russia"
    assert event.count == 3
    assert event.new is True
    assert 0.0 <= event.confidence <= 1.0
    assert "expelled three Russian diplomats" in event.evidence


def test_passive_expulsion_with_by_agent() -> None:
    text = "Two Iranian embassy officials were expelled by Sweden on Wednesday."
    assert triples(text) == {("expulsion", "SE", "IR")}


def test_persona_non_grata_with_named_diplomat() -> None:
    text = (
        "Latvia on Monday declared a Belarusian consul, Ivan Petrov, persona non grata "
        "and gave him 72 hours to leave the country."
    )
    (event,) = events_of(text)
    assert (event.actor_iso, event.target_iso) == ("LV", "BY")
    assert event.persons == ("Ivan Petrov",)
    assert event.count == 1


def test_order_to_leave_through_capital_metonym() -> None:
    text = "Warsaw on Thursday ordered a Chinese military attache to leave within a week."
    assert triples(text) == {("expulsion", "PL", "CN")}


def test_several_targets_from_a_list() -> None:
    text = "Hungary expelled diplomats from Poland, Germany and Sweden on Tuesday."
    assert triples(text) == {
        ("expulsion", "HU", "PL"),
        ("expulsion", "HU", "DE"),
        ("expulsion", "HU", "SE"),
    }


def test_reported_speech_resolves_the_pronoun_to_the_speaker() -> None:
    text = "Moscow said on Friday that it was expelling two Finnish diplomats."
    assert triples(text) == {("expulsion", "RU", "FI")}


def test_nominal_expulsion_with_possessive_actor() -> None:
    text = "Lithuania's expulsion of a Russian embassy secretary on Monday angered the Kremlin."
    assert triples(text) == {("expulsion", "LT", "RU")}


def test_reciprocal_expulsion_gives_two_events() -> None:
    text = "Chile and Peru on Wednesday expelled two of each other's diplomats."
    assert triples(text) == {("expulsion", "CL", "PE"), ("expulsion", "PE", "CL")}


def test_ellipsis_as_did_copies_the_event() -> None:
    text = "Slovakia expelled a Russian diplomat on Tuesday, as did Bulgaria."
    assert triples(text) == {("expulsion", "SK", "RU"), ("expulsion", "BG", "RU")}


def test_reported_would_expel_is_a_decided_measure() -> None:
    text = "The Danish government said on Thursday it would expel an Iranian diplomat."
    assert triples(text) == {("expulsion", "DK", "IR")}


def test_negated_modal_and_framed_expulsions_are_not_events() -> None:
    for text in (
        "Spain did not expel any Russian diplomats on Monday.",
        "Spain could expel Russian diplomats, an official said on Monday.",
        "Spain threatened to expel Russian diplomats on Monday.",
        "Lawmakers called for the expulsion of Russian diplomats on Monday.",
        "No Russian diplomat has been ordered to leave Spain.",
        "Will Spain expel the Russian ambassador?",
        "Spain would expel Russian diplomats if the spying continued.",
    ):
        assert events_of(text) == [], text


def test_expulsion_from_an_organisation_is_not_diplomatic() -> None:
    assert events_of("The ruling party expelled two members on Tuesday over a scandal.") == []
    assert events_of("The council expelled Belarus from the organisation on Monday.") == []


def test_deportation_of_offenders_is_not_an_expulsion() -> None:
    assert events_of("Austria deported 14 Syrian men convicted of burglary on Friday.") == []


def test_coordinated_states_each_expel() -> None:
    text = "Estonia and Latvia on Tuesday expelled two Russian diplomats each."
    assert triples(text) == {("expulsion", "EE", "RU"), ("expulsion", "LV", "RU")}


def test_announced_expulsion_is_reported_with_its_announcer_as_actor() -> None:
    (event,) = events_of("Russia on Tuesday announced the expulsion of two Estonian diplomats.")
    assert (event.actor_iso, event.target_iso, event.count, event.new) == ("RU", "EE", 2, True)


def test_a_state_does_not_expel_its_own_envoy() -> None:
    text = (
        "Hungary expelled a Slovak diplomat on Friday in retaliation for Bratislava's decision "
        "earlier this week to order out a Hungarian envoy accused of spying."
    )
    assert triples(text) == {("expulsion", "HU", "SK"), ("expulsion", "SK", "HU")}


def test_decision_owner_is_the_actor_of_the_infinitive() -> None:
    text = "Moscow condemned Tallinn's decision on Monday to expel two Russian diplomats."
    assert triples(text) == {("expulsion", "EE", "RU")}


def test_several_states_expel_in_one_report() -> None:
    from tests.support.extraction import triples as _triples

    text = (
        "CANBERRA, 27 March 2018 — Australia will expel two Russian diplomats. "
        "Washington ordered 60 Russians out of the United States on Monday. "
        "Canada said four Russian diplomats would be sent home. "
        "Britain told charge d'affaires Ghassan Dalla and two other Syrian diplomats to go."
    )
    found = _triples(text, None)
    assert {
        ("expulsion", "AU", "RU"),
        ("expulsion", "US", "RU"),
        ("expulsion", "CA", "RU"),
        ("expulsion", "GB", "SY"),
    } <= found


def test_a_move_that_expels_them_restates_the_fresh_measure() -> None:
    text = (
        "Russia's Federal Security Service said on Friday it had revoked the accreditation "
        "of six British diplomats, a move that effectively expels them from the country."
    )
    expulsions = [e for e in events_of(text) if e.type == "expulsion"]
    assert expulsions
    assert all(e.new for e in expulsions)


def test_given_until_a_date_to_leave_is_an_expulsion() -> None:
    text = (
        "Estonia said on Tuesday the Russian diplomat was given until the end of the week to "
        "leave the country after he was accused of espionage."
    )
    assert triples(text) == {("expulsion", "EE", "RU")}


def test_stripping_a_diplomat_of_accreditation_is_an_expulsion() -> None:
    text = (
        "Poland's foreign ministry said on Monday it had stripped a Russian diplomat of his "
        "accreditation over spying."
    )
    assert triples(text) == {("expulsion", "PL", "RU")}


def test_revoking_a_journalists_accreditation_is_no_expulsion() -> None:
    text = "Russia revoked the accreditation of a German journalist on Friday."
    assert all(e.type != "expulsion" for e in events_of(text))
