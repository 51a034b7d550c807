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


@pytest.mark.parametrize(
    ("lang", "sentence", "trigger", "published"),
    [
        # Greek puts an article before the year: last December's arrest is a year old.
        ("el", "Είχαν συλληφθεί τον Δεκέμβριο του 2020 στη Ρόδο.", "συλληφθεί", date(2021, 12, 15)),
        # Spanish and Portuguese join them with "de".
        ("es", "Fue detenido en diciembre de 2017 en Madrid.", "detenido", date(2020, 12, 10)),
        ("pt", "Foi detido em dezembro de 2017 em Lisboa.", "detido", date(2020, 12, 10)),
    ],
)
def test_a_month_with_its_year_after_a_short_word_is_dated_by_that_year(
    lang: str, sentence: str, trigger: str, published: date
) -> None:
    start = sentence.index(trigger)
    assert not is_new(sentence, (start, start + len(trigger)), lexicons()[lang], published)


def test_a_month_without_a_year_this_month_is_still_new() -> None:
    sentence = "Foi detido em dezembro em Lisboa."
    start = sentence.index("detido")
    assert is_new(sentence, (start, start + 6), lexicons()["pt"], date(2020, 12, 10))
