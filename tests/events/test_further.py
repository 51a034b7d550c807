"""Reports that tell of one more person ("a second suspect"), read from the bundled cues."""

from __future__ import annotations

import pytest

from nongrata.errors import DataFileError
from nongrata.events.further import compile_cues, tells_further_person


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested a second man on suspicion of spying for Russia.",
        "The PST detained another 37-year-old Norwegian man on Wednesday.",
        "Two more suspects were charged on Friday.",
        "An additional suspect, a former soldier, was held.",
        "Die Polizei nahm einen weiteren Verdächtigen fest.",
        "Un autre suspect a été interpellé mardi.",
    ],
)
def test_a_further_person_is_told(text: str) -> None:
    assert tells_further_person(text)


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
    assert not tells_further_person(text)


def test_a_bad_cue_file_is_refused_naming_the_entry() -> None:
    with pytest.raises(DataFileError, match=r"languages\.en: missing field 'persons'"):
        compile_cues('{"languages": {"en": {"further": ["second"]}}}', "cues.json")
    with pytest.raises(DataFileError, match="not valid JSON"):
        compile_cues("{", "cues.json")
