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
