"""Modality in the mention gate: wishes, purposes and weighed courses of action are no events."""

from __future__ import annotations

from tests.support.extraction import triples


def test_for_to_infinitive_is_a_wish_not_a_deed() -> None:
    call = (
        "Labour renewed its calls for the UK to throw out the Russian ambassador over "
        "the spying allegations."
    )
    assert triples(call) == set()
    time = "It is time for Britain to expel the Russian diplomats accused of spying."
    assert triples(time) == set()
    done = "Britain on Tuesday expelled two Russian diplomats accused of spying."
    assert triples(done) == {("expulsion", "GB", "RU")}


def test_gerund_subject_of_a_modal_clause_is_weighed_not_taken() -> None:
    weighed = (
        "Expelling the Russian ambassador would send the clearest possible signal, an MP said."
    )
    assert triples(weighed) == set()
    could = "Arresting the Chinese spy suspects could damage trade talks, officials warned."
    assert triples(could) == set()
    # a gerund subject of a plain past clause is a deed
    done = (
        "Expelling the four Russian diplomats on Monday was the right decision, "
        "Poland's foreign minister said."
    )
    assert triples(done) == {("expulsion", "PL", "RU")}


def test_infinitive_after_an_adjective_of_ease_is_not_asserted() -> None:
    easier = (
        "The bill would make it easier to expel Russian diplomats suspected of espionage, "
        "the minister said."
    )
    assert triples(easier) == set()
    hard = "Officials said it was difficult to arrest the suspected Russian spies abroad."
    assert triples(hard) == set()
