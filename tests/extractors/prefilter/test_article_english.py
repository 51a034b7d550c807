"""The English prefilter reads an article as the extractor parses it: per paragraph, with the
headline as context, and between two states. Whatever it skips yields no event."""

from __future__ import annotations

import pytest

from nongrata.extractors.english.prepare import prepare_article
from nongrata.extractors.extract import Extractor
from nongrata.extractors.prefilter.article import article_reason
from nongrata.extractors.prefilter.english import english_paragraph_reason
from nongrata.extractors.prefilter.names import WatchTerms, english_states_reason, names_agency
from nongrata.settings import bundled_watchlists_dir
from nongrata.types import ArticleInput
from nongrata.watchlists import load_watchlists


def english(text: str, title: str | None = None) -> ArticleInput:
    return ArticleInput(id="a", text=text, title=title, lang="en")


def test_two_states_are_needed_in_any_spelling_the_gazetteer_has() -> None:
    assert english_states_reason("The club expelled two members for cheating.") == "states-0:en"
    assert english_states_reason("A French court expelled the lawyer.") == "states-1:en"
    assert english_states_reason("Estonia expelled two Russian diplomats.") is None
    # Capitals, cities, demonyms and possessives count, in any case.
    assert english_states_reason("MOSCOW: Britain's envoy was told to leave.") is None
    assert english_states_reason("tallinn expelled an attache from minsk") is None
    # An agency stands for its state.
    assert english_states_reason("A Czech court convicted a GRU officer.") is None


def test_a_law_trigger_needs_its_context_in_its_paragraph_or_the_headline() -> None:
    far = english(
        "Police in Berlin arrested a Polish man on Tuesday after a brawl.\n"
        "Separately, a report on Chinese espionage was published in Warsaw."
    )
    assert english_paragraph_reason(prepare_article(far)) == "paragraphs-no-espionage-context:en"
    near = english(
        "Police in Berlin arrested a Polish man on Tuesday.\n"
        "He is suspected of espionage for China, prosecutors said."
    )
    assert english_paragraph_reason(prepare_article(near)) == "paragraphs-no-espionage-context:en"
    same = english("Police in Berlin arrested a Polish man suspected of spying for China.")
    assert english_paragraph_reason(prepare_article(same)) is None
    headline = english(
        "Police in Berlin arrested a Polish man on Tuesday.", title="Germany arrests suspected spy"
    )
    assert english_paragraph_reason(prepare_article(headline)) is None


def test_a_watchlist_term_is_context_and_an_expulsion_needs_none() -> None:
    text = english("Police in Berlin arrested a Polish man linked to Lubyanka Group.")
    assert english_paragraph_reason(prepare_article(text)) is not None
    terms = WatchTerms.from_names(["Lubyanka Group"])
    assert english_paragraph_reason(prepare_article(text), terms) is None
    expulsion = english("Warsaw expelled a Belarusian diplomat.")
    assert english_paragraph_reason(prepare_article(expulsion)) is None


def test_a_closure_needs_premises_in_its_paragraph() -> None:
    apart = english(
        "Russia will close its market to Polish apples.\nThe consulate in Gdansk stays open."
    )
    assert english_paragraph_reason(prepare_article(apart)) == "paragraphs-no-premises:en"
    together = english("Russia will close the Polish consulate in Irkutsk.")
    assert english_paragraph_reason(prepare_article(together)) is None


def test_an_article_naming_an_agency_is_always_extracted() -> None:
    # Extraction reports an article's agencies even when it holds no event.
    text = english("The BfV published its annual report in Cologne on Tuesday, police arrested.")
    assert article_reason(text, None) is None


def test_agencies_are_found_as_the_extractors_find_them() -> None:
    # names as written (an everyday word in lower case is not the acronym), descriptors in
    # any case
    assert not names_agency("Raw milk, open bis 18 Uhr, and the mps voted.")
    assert names_agency("Officers of RAW and the MIT met.")
    assert names_agency("A Military Intelligence officer was named.")
    assert names_agency("the country's spy agency said")


ARTICLES = [
    # (text, title): each is extracted and prefiltered; a skipped one must hold no event
    ("Police in Berlin arrested a Polish man on Tuesday after a brawl.", None),
    ("Police in Berlin arrested a Polish man suspected of spying for Russia.", None),
    (
        "Police in Berlin arrested a Polish man on Tuesday.\n"
        "He is suspected of spying for Russia, prosecutors said.",
        None,
    ),
    ("Police in Berlin arrested a Polish man on Tuesday.", "Germany arrests suspected Russian spy"),
    ("TALLINN, 3 March 2025 - The government expelled two diplomats.", None),
    ("The government expelled two diplomats on Monday for activities incompatible.", None),
    ("Estonia expelled two diplomats on Monday, the ministry said.", None),
    ("The school expelled two pupils from France after a fight in Lyon.", None),
    ("Recall that the client sends the request.\nThe server in Paris answers.", None),
    ("Russia recalled its ambassador from Washington for consultations.", None),
    # orders told by a deadline, a staff cut, a pull-out (issue 20)
    ("Bahrain said all Qatari diplomats must leave the kingdom within 48 hours.", None),
    ("Norway said the Russian diplomats have 72 hours to leave the country.", None),
    ("India on Tuesday asked Pakistan to cut the staff of its embassy in Delhi by half.", None),
    ("The UAE said it was pulling its own diplomats out of Qatar.", None),
    ("He was sentenced to ten years.\nThe spy ring worked for Iran in Baku.", None),
    (
        "The court in Vilnius convicted a Belarusian man.\nHe had spied on NATO bases.",
        "Lithuania jails spy",
    ),
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(watchlists=load_watchlists(bundled_watchlists_dir()))


def test_what_is_skipped_holds_no_event(extractor: Extractor) -> None:
    articles = [
        ArticleInput(id=str(i), text=text, title=title, lang="en")
        for i, (text, title) in enumerate(ARTICLES)
    ]
    results = extractor.extract(articles)
    skipped = [article_reason(a, None) is not None for a in articles]
    assert any(skipped)
    assert not all(skipped)
    for article, result, skip in zip(articles, results, skipped, strict=True):
        if skip:
            assert not result.events, (article.text, result.events)
    # and the test is not vacuous: some kept article does hold an event
    assert any(r.events for r, skip in zip(results, skipped, strict=True) if not skip)
