"""Prisoner exchanges: each release of a person held for spying is an expulsion by the
releasing state (issue 20)."""

from __future__ import annotations

from datetime import date

from tests.support.extraction import triples


def test_an_exchange_of_agents_is_an_expulsion_each_way() -> None:
    text = (
        "The United States and Cuba exchanged imprisoned intelligence agents on Wednesday "
        "in a prisoner swap."
    )
    assert triples(text, date(2014, 12, 18)) == {
        ("expulsion", "US", "CU"),
        ("expulsion", "CU", "US"),
    }


def test_a_release_in_a_swap_is_an_expulsion_by_the_releasing_state() -> None:
    text = (
        "Five Americans freed by Iran landed in Qatar on Monday after a prisoner exchange. "
        "Three of them had been convicted of spying for the United States."
    )
    assert ("expulsion", "IR", "US") in triples(text, date(2023, 9, 18))


def test_a_release_outside_a_swap_is_no_expulsion() -> None:
    text = (
        "Polish police on Monday arrested a Russian man on suspicion of spying. "
        "He was released on bail on Tuesday."
    )
    assert "expulsion" not in {t[0] for t in triples(text)}
