"""Newness of a non-English event from the time cues around its trigger."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.extractors.multilingual.dates import is_new
from nongrata.extractors.multilingual.lexicon import lexicons

PUBLISHED = date(2022, 11, 10)


@pytest.mark.parametrize(
    ("lang", "sentence", "trigger"),
    [
        ("fi", "Molemmat ovat siitä lähtien olleet vangittuina.", "vangittuina"),
        ("sv", "Båda har sedan dess suttit häktade.", "häktade"),
        ("da", "Han har siden da siddet varetægtsfængslet.", "varetægtsfængslet"),
        ("nl", "Hij zit sindsdien in voorarrest.", "voorarrest"),
    ],
)
def test_custody_since_then_is_background(lang: str, sentence: str, trigger: str) -> None:
    # "Since then in custody": the arrest it follows from is old news.
    start = sentence.index(trigger)
    lexicon = lexicons()["no" if lang in ("nb", "nn") else lang]
    assert is_new(sentence, (start, start + len(trigger)), lexicon, PUBLISHED) is False
