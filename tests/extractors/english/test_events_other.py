"""Recalls and closures of diplomatic missions."""

from __future__ import annotations

from tests.support.extraction import events_of, triples


def test_recall_of_own_ambassador_targets_the_host() -> None:
    text = "Italy on Monday recalled its ambassador to Egypt for consultations."
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso) == ("recall", "IT", "EG")
    assert event.alertable is False


def test_generic_statement_about_recalls_is_not_an_event() -> None:
    text = "Recalling an envoy is a classic sign of displeasure between governments."
    assert events_of(text) == []


def test_closure_of_a_consulate() -> None:
    text = "Lithuania on Wednesday closed the Russian consulate in Klaipeda."
    assert triples(text) == {("closure", "LT", "RU")}


def test_stripping_diplomatic_status_from_premises_is_a_closure() -> None:
    text = (
        "Norway said on Monday it would remove diplomatic status from two Russian-owned "
        "buildings used for spying."
    )
    assert ("closure", "NO", "RU") in triples(text)


def test_reflexive_pronoun_resolves_to_the_speaking_state() -> None:
    text = (
        "Hungary announced on Monday that it had itself decided to recall its envoy and two "
        "attaches, citing the hostile stance of the Serbian government."
    )
    assert triples(text) == {("recall", "HU", "RS")}


def test_recall_of_a_named_states_ambassador_to_a_host() -> None:
    assert triples("Chile's ambassador to Argentina was recalled on Monday for consultations.") == {
        ("recall", "CL", "AR")
    }


def test_dangling_recalled_from_a_capital_is_a_recall() -> None:
    text = (
        "After being recalled from Warsaw in 2021 over spying suspicions, Belarus sent the "
        "same man to Vienna."
    )
    (event,) = events_of(text)
    assert (event.type, event.actor_iso, event.target_iso, event.new) == (
        "recall",
        "BY",
        "PL",
        False,
    )
    assert events_of("The team was recalled from Paris after the tournament.") == []


def test_second_conjunct_shares_the_reported_frame() -> None:
    text = (
        "Austria said on Thursday it would expel a Russian diplomat and would close the "
        "Russian consulate in Salzburg."
    )
    assert triples(text) == {("expulsion", "AT", "RU"), ("closure", "AT", "RU")}
    threat = (
        "Poland threatened to expel the ambassador and close the Belarusian consulate in Gdansk."
    )
    assert events_of(threat) == []


def test_withdrawing_diplomatic_status_is_a_closure_not_a_recall() -> None:
    text = (
        "Finland's government said on Tuesday it would expel two Russian diplomats and would "
        "withdraw diplomatic status from a Russian-owned villa near Helsinki."
    )
    assert triples(text) == {("expulsion", "FI", "RU"), ("closure", "FI", "RU")}


def test_ordered_closure_and_ordered_to_shut() -> None:
    (event,) = events_of("Poland on Monday ordered the closure of the Russian consulate in Poznan.")
    assert (event.type, event.actor_iso, event.target_iso, event.new) == (
        "closure",
        "PL",
        "RU",
        True,
    )
    text = "Norway on Friday ordered the Iranian consulate in Bergen to shut, citing espionage."
    assert triples(text) == {("closure", "NO", "IR")}
    old = "In 2021 Poland ordered the closure of the Russian consulate in Poznan."
    assert [e.new for e in events_of(old)] == [False]


def test_bringing_home_an_ambassador_is_a_recall() -> None:
    from tests.support.extraction import triples as _triples

    text = "President Macron said on Sunday that France was bringing home its ambassador to Niger."
    assert _triples(text) == {("recall", "FR", "NE")}
    duty = "The minister said it was his duty to bring the diplomat back from New York."
    assert _triples(duty) == set()
