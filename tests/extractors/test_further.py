"""Events that tell of one more person ("a second suspect"), from each lexicon's cues."""

from __future__ import annotations

import pytest

from nongrata.extractors.further import further_pattern, tells_further_person, with_further
from tests.support.extraction import events_of
from tests.support.factories import event


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Police arrested a second man on suspicion of spying for Russia.", "en"),
        ("The PST detained another 37-year-old Norwegian man on Wednesday.", "en"),
        ("Two more suspects were charged on Friday.", "en"),
        ("An additional suspect, a former soldier, was held.", "en"),
        ("Die Polizei nahm einen weiteren Verdächtigen fest.", "de"),
        ("Un autre suspect a été interpellé mardi.", "fr"),
    ],
)
def test_a_further_person_is_told(text: str, lang: str) -> None:
    assert tells_further_person(text, lang)
    assert tells_further_person(text, None)  # a row stored before extraction marked it


@pytest.mark.parametrize(
    "text",
    [
        "Norway arrested a man suspected of spying for Russia.",
        "More than 20 people were arrested in the sweep.",  # a count, not one more
        "He was arrested for the second time.",
        "He passed secrets to another country's intelligence officers.",
        "",
    ],
)
def test_other_sentences_tell_no_further_person(text: str) -> None:
    assert not tells_further_person(text, "en")


def test_a_language_without_cues_marks_nothing() -> None:
    assert not tells_further_person("Un autre suspect a été interpellé mardi.", "en")
    assert not tells_further_person("Policja zatrzymała drugiego mężczyznę.", "pl")
    assert further_pattern([], ["man"]) is None


def test_the_extractor_marks_the_event_of_a_further_person() -> None:
    (first,) = events_of("Norway arrested a man on Monday on suspicion of spying for Russia.")
    assert not first.further_person
    (second,) = events_of(
        "Norway arrested a second man on Wednesday on suspicion of spying for Russia."
    )
    assert second.further_person


def test_with_further_marks_by_the_evidence_in_its_language() -> None:
    told = event("arrest", "NO", "RU", evidence="Police held another man in Bergen.")
    assert with_further(told, "en").further_person
    assert not with_further(told, None).further_person
    assert not with_further(event("arrest", "NO", "RU"), "en").further_person
