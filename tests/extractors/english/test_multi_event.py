"""Multi-event stories (issue 20): orders to leave told by their deadline, recalls of a
mission or of diplomats "pulled out", several states acting in one report."""

from __future__ import annotations

from datetime import date

from tests.support.extraction import events_of, triples

GULF = date(2017, 6, 5)


def test_diplomats_who_must_leave_by_a_deadline_are_expelled() -> None:
    text = (
        "Bahrain said on Monday that all Qatari diplomats must leave the kingdom within 48 hours."
    )
    assert ("expulsion", "BH", "QA") in triples(text, GULF)


def test_must_leave_without_a_deadline_is_a_call_not_an_order() -> None:
    text = "Opposition MPs in Lithuania said Russian diplomats must leave the country."
    assert "expulsion" not in {t[0] for t in triples(text)}


def test_diplomats_who_have_hours_to_leave_are_expelled() -> None:
    text = "Russian diplomats have 72 hours to leave the country, the Norwegian government said."
    assert ("expulsion", "NO", "RU") in triples(text)


def test_withdrawing_a_diplomatic_mission_is_a_recall() -> None:
    text = "Bahrain said on Monday it was withdrawing its diplomatic mission from Doha."
    assert ("recall", "BH", "QA") in triples(text, GULF)


def test_pulling_diplomats_out_is_a_recall() -> None:
    text = "The UAE said on Monday it was pulling its own diplomats out of Qatar."
    assert ("recall", "AE", "QA") in triples(text, GULF)


def test_two_states_expel_and_recall_in_one_report() -> None:
    text = (
        "Bahrain said on Monday it was withdrawing its diplomatic mission from Doha and "
        "that all Qatari diplomats must leave the kingdom within 48 hours. The UAE gave "
        "Qatari diplomats 48 hours to depart and said it was pulling its own diplomats "
        "out of Qatar."
    )
    assert {
        ("expulsion", "BH", "QA"),
        ("recall", "BH", "QA"),
        ("expulsion", "AE", "QA"),
        ("recall", "AE", "QA"),
    } <= triples(text, GULF)


def test_transmitting_national_defense_information_is_an_espionage_charge() -> None:
    text = (
        "A US Army sergeant accused of spying for China was arrested "
        "in Washington state on Thursday. He is charged with conspiracy to transmit national "
        "defense information, theft of government property and bribery."
    )
    assert ("charge", "US", "CN") in triples(text)


def test_journalists_told_to_leave_are_no_diplomatic_expulsion() -> None:
    text = (
        "China's foreign ministry on Wednesday told the three journalists, two Americans and "
        "an Australian, to leave the country within five days."
    )
    assert "expulsion" not in {t[0] for t in triples(text)}


def test_diplomats_expelled_with_a_journalist_are_still_expelled() -> None:
    text = "Russia expelled two Latvian diplomats and a journalist on Monday."
    assert ("expulsion", "RU", "LV") in triples(text)


INDIA = date(2020, 6, 23)


def test_an_order_to_cut_a_missions_staff_is_an_expulsion() -> None:
    text = (
        "India on Tuesday asked Pakistan to cut the strength of its High Commission in New "
        "Delhi by half within seven days, accusing its officials of espionage."
    )
    assert ("expulsion", "IN", "PK") in triples(text, INDIA)


def test_a_request_to_cut_trade_is_no_expulsion() -> None:
    text = "India on Tuesday asked Pakistan to cut tariffs on cotton by half."
    assert "expulsion" not in {t[0] for t in triples(text, INDIA)}


def test_a_fresh_reply_is_not_merged_into_old_background_of_the_same_pair() -> None:
    events = events_of(
        "India on Tuesday asked Pakistan to cut the strength of its High Commission in New "
        "Delhi by half, accusing its officials of espionage. Within hours Pakistan announced "
        "that it would reciprocate, asking India to cut its staff in Islamabad by 50 per cent.\n\n"
        "Relations have been downgraded since August last year, when Pakistan expelled "
        "India's high commissioner.",
        INDIA,
    )
    pk_in = [
        e.new for e in events if (e.type, e.actor_iso, e.target_iso) == ("expulsion", "PK", "IN")
    ]
    assert sorted(pk_in) == [False, True]


SWAP = date(2010, 7, 9)


def test_a_suspect_released_on_bail_in_a_swap_story_is_not_swapped() -> None:
    events = events_of(
        "VIENNA, July 9, 2010\n\nTen Russian agents and four men held in Russia were swapped "
        "on Friday at Vienna's airport. The ten had pleaded guilty to acting as agents of "
        "Russia.\n\nThey had been arrested by the FBI on June 27. An eleventh suspect, known "
        "as Christopher Metsos, disappeared after being released on bail in Cyprus.",
        SWAP,
    )
    swapped = [p for e in events if e.type == "expulsion" for p in e.persons]
    assert "Christopher Metsos" not in swapped


def test_a_large_number_of_embassy_staff_ordered_to_leave_are_expelled() -> None:
    text = (
        "In April Berlin ordered a large number of Russian embassy staff to leave over "
        "suspected intelligence activity."
    )
    assert ("expulsion", "DE", "RU") in triples(text, date(2023, 5, 31))


def test_closing_four_of_five_consulates_is_a_closure() -> None:
    text = (
        "Germany will close four of Russia's five consulates by the end of the year, the "
        "ministry said on Wednesday."
    )
    events = events_of(text, date(2023, 5, 31))
    assert any(e.type == "closure" and e.actor_iso == "DE" for e in events)


DELHI = date(2016, 10, 28)


def test_the_country_an_envoy_must_leave_is_the_expelling_state() -> None:
    text = (
        "The foreign secretary summoned Pakistan's High Commissioner and told him that the "
        "staffer had been declared persona non grata and must leave India within 48 hours."
    )
    assert ("expulsion", "IN", "PK") in triples(text, DELHI)


def test_being_caught_with_defence_documents_is_an_espionage_arrest() -> None:
    text = (
        "A Pakistani High Commission staffer was detained by Delhi Police on Wednesday while "
        "taking delivery of sensitive defence documents."
    )
    assert ("arrest", "IN", "PK") in triples(text, DELHI)


def test_withdrawing_them_after_the_envoys_were_named_is_a_recall() -> None:
    text = (
        "China removes its consul general and five officials from Britain\n\n"
        "London asked Beijing on Monday to waive the immunity of those involved. The Chinese "
        "side had instead chosen to withdraw them, the British foreign secretary said."
    )
    assert ("recall", "CN", "GB") in triples(text, date(2022, 12, 14))


def test_withdrawing_them_with_no_envoy_in_sight_is_no_recall() -> None:
    text = (
        "Prosecutors in Britain filed two charges against the Chinese company on Monday. "
        "They withdrew them on Tuesday."
    )
    assert "recall" not in {t[0] for t in triples(text)}


def test_gapped_coordination_gives_each_state_its_expulsion() -> None:
    text = (
        "Italy said it was expelling 30 Russian diplomats on Tuesday, after Germany kicked out "
        "40 and France 35."
    )
    got = {(e.type, e.actor_iso, e.target_iso, e.count) for e in events_of(text)}
    assert got == {
        ("expulsion", "IT", "RU", 30),
        ("expulsion", "DE", "RU", 40),
        ("expulsion", "FR", "RU", 35),
    }
    monday = "Germany expelled 40 Russian diplomats on Monday and France 35."
    assert triples(monday) == {("expulsion", "DE", "RU"), ("expulsion", "FR", "RU")}
    # a second clause with its own verb is no gap
    own = "Poland expelled two Russian diplomats on Monday and arrested a Russian in Warsaw."
    assert triples(own) == {("expulsion", "PL", "RU")}
