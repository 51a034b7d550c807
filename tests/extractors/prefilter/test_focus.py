"""Focused parsing: a long English text is parsed only where an event can be."""

from __future__ import annotations

from datetime import date

from nongrata.extractors.english.prepare import prepare_article
from nongrata.extractors.extract import Extractor
from nongrata.extractors.prefilter.focus import LEDE_CHARS, focus_article
from nongrata.types import ArticleInput
from tests.support.extraction import shared_extractor

FILLER = [
    f"Paragraph {n} of the essay is about gardening, tomatoes and the weather in spring."
    for n in range(80)
]
EVENT = (
    "On Tuesday Poland expelled two Russian diplomats, the foreign ministry in Warsaw said, "
    "accusing them of spying."
)
BEFORE = "The ministry had summoned the Russian ambassador the week before."


def long_article(*paragraphs: str, title: str = "Notes from the garden") -> ArticleInput:
    text = "\n".join([*FILLER[:60], *paragraphs, *FILLER[60:]])
    return ArticleInput(id="long", text=text, title=title, lang="en", published=date(2025, 3, 14))


def test_a_short_text_is_parsed_whole() -> None:
    prepared = prepare_article(
        ArticleInput(id="s", text="\n".join(FILLER[:5]), title="Garden", lang="en")
    )
    assert focus_article(prepared) is prepared


def test_a_text_that_is_all_furniture_is_extracted_without_events() -> None:
    # no title, and too short to be more than page furniture: nothing is left to parse
    article = ArticleInput(id="short", text="Diplomats expelled.")
    assert prepare_article(article).paragraphs() == []
    assert focus_article(prepare_article(article)).text == ""
    result = Extractor(focus=True).extract([article])[0]
    assert (result.id, result.events, result.skipped) == ("short", (), None)


def test_a_long_text_keeps_its_headline_lede_and_the_trigger_paragraph_with_the_one_before() -> (
    None
):
    prepared = prepare_article(long_article(BEFORE, EVENT))
    assert len(prepared.text) > 2 * LEDE_CHARS
    focused = focus_article(prepared)
    paragraphs = focused.paragraphs()
    assert paragraphs[0] == "Notes from the garden"
    assert focused.headline == "Notes from the garden"
    assert paragraphs[-2:] == [BEFORE, EVENT]
    starts = prepared.paragraph_starts
    lede = [p for p, s in zip(prepared.paragraphs(), starts, strict=True) if s < LEDE_CHARS]
    assert paragraphs[: len(lede)] == lede
    assert len(paragraphs) == len(lede) + 2  # the rest of the essay is not parsed
    assert FILLER[40] not in focused.text
    assert FILLER[70] not in focused.text
    # offsets stay consistent with the focused text
    for index, start in enumerate(focused.paragraph_starts):
        assert focused.paragraph_of(start) == index
        assert focused.text[start:].startswith(paragraphs[index])


def test_focused_parsing_finds_the_event_deep_in_a_long_text() -> None:
    article = long_article(BEFORE, EVENT)
    whole = shared_extractor().extract_one(article)
    focused = Extractor(focus=True).extract_one(article)
    assert [(e.type, e.actor_iso, e.target_iso) for e in whole.events] == [
        ("expulsion", "PL", "RU")
    ]
    assert focused.events == whole.events


def test_a_long_text_with_no_trigger_keeps_only_its_lede() -> None:
    prepared = prepare_article(long_article())
    focused = focus_article(prepared)
    assert len(focused.text) < LEDE_CHARS + 200
    assert not Extractor(focus=True).extract_one(long_article()).events
