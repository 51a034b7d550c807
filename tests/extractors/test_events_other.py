"""Recalls and closures of diplomatic missions."""

from __future__ import annotations

from tests.extractors._extraction_helpers import events_of, triples


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
