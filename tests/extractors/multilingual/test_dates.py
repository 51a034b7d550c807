"""Newness of a non-English event from the time cues around its trigger."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.extractors.multilingual.dates import is_new
from nongrata.extractors.multilingual.extractor import detect_events
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


def _span(sentence: str, word: str) -> tuple[int, int]:
    start = sentence.index(word)
    return start, start + len(word)


def test_a_sentence_without_a_cue_keeps_its_paragraphs_time() -> None:
    lexicon = lexicons()["sv"]
    sentence = "Den ryska diplomaten fick senare lämna landet."
    earlier = ["Mannen greps av Säpo i februari 2019 på en restaurang i Stockholm."]
    span = _span(sentence, "lämna landet")
    assert is_new(sentence, span, lexicon, date(2021, 9, 15), earlier) is False
    # With nothing before it, a sentence without a cue is news.
    assert is_new(sentence, span, lexicon, date(2021, 9, 15)) is True


def test_the_nearest_earlier_cue_decides_and_a_sentences_own_cue_wins() -> None:
    lexicon = lexicons()["sv"]
    earlier = ["Han greps i februari 2019.", "I dag meddelade tingsrätten sin dom."]
    sentence = "Mannen döms till tre års fängelse för spioneri."
    span = _span(sentence, "döms")
    assert is_new(sentence, span, lexicon, date(2021, 9, 15), earlier) is True
    own = "Mannen dömdes 2019 till tre års fängelse för spioneri."
    assert (
        is_new(own, _span(own, "dömdes"), lexicon, date(2021, 9, 15), ["I dag kom beskedet."])
        is False
    )


def test_an_event_in_a_background_paragraph_is_old() -> None:
    text = (
        "Spiondom i Göteborg\n"
        "Tingsrätten dömer i dag en 47-årig man till tre års fängelse för spioneri för Ryssland.\n"
        "Mannen greps i februari 2019 av Säpo under ett möte med en rysk diplomat. "
        "Diplomaten fick senare lämna Sverige."
    )
    events = detect_events(text, "sv", date(2021, 9, 15))
    expulsions = [e for e in events if e.type == "expulsion"]
    assert expulsions
    assert not any(e.new for e in expulsions)
    assert any(e.type == "conviction" and e.new for e in events)


def test_a_month_of_this_year_sets_no_background_for_the_next_sentence() -> None:
    # A disclosure months later: "in April" does not make the next sentence's event old.
    lexicon = lexicons()["nl"]
    earlier = ["De MIVD heeft in april een Russische cyberoperatie verijdeld."]
    sentence = "Vier Russische agenten zijn daarop het land uitgezet."
    span = _span(sentence, "uitgezet")
    assert is_new(sentence, span, lexicon, date(2018, 10, 4), earlier) is True


def test_a_language_without_paragraph_time_reads_each_sentence_alone() -> None:
    lexicon = lexicons()["fr"]
    assert not lexicon.paragraph_time
    sentence = "Le diplomate a ensuite dû quitter le pays."
    earlier = ["L'homme a été arrêté en février 2019 à Paris."]
    span = (sentence.index("quitter"), sentence.index("quitter") + len("quitter"))
    assert is_new(sentence, span, lexicon, date(2021, 9, 15), earlier) is True
