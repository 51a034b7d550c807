"""The prefilter: cheap, language-aware, and never skips an article an event comes from."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from nongrata.extractors.english.events import has_trigger
from nongrata.extractors.extract import Extractor
from nongrata.extractors.language import UNDETERMINED
from nongrata.extractors.prefilter.anchors import AnchoredPattern, anchors
from nongrata.extractors.prefilter.article import (
    article_reason,
    extract_prefiltered,
    prefilter_reason,
)
from nongrata.extractors.prefilter.names import WatchTerms, fold_words
from nongrata.pipeline.extract_stage import watch_terms_of
from nongrata.settings import bundled_watchlists_dir
from nongrata.types import ArticleExtraction, ArticleInput
from nongrata.watchlists import load_watchlists

# (language, text that may hold an event, text that cannot)
CASES = [
    (
        "en",
        "Estonia expelled two Russian diplomats on Monday.",
        "The city council approved the new budget for schools and roads.",
    ),
    (
        "en",
        "Police arrested a man suspected of spying for China.",
        "Police arrested a man after a brawl outside a bar on Saturday night.",
    ),
    (
        "en",
        "Moscow ordered the closure of the British consulate in Yekaterinburg.",
        "Close the window and click here to subscribe to our newsletter.",
    ),
    (
        "de",
        "Deutschland hat zwei russische Diplomaten ausgewiesen.",
        "Das Reparaturcafé öffnet am Samstag wieder seine Türen.",
    ),
    (
        "de",
        "Ein mutmaßlicher Spion wurde in München festgenommen.",
        "Ein Dieb wurde in München festgenommen, er hatte Fahrräder gestohlen.",
    ),
    (
        "fr",
        "La France a expulsé deux diplomates russes.",
        "Le marché de Noël ouvre ses portes samedi sur la place centrale.",
    ),
    (
        "pl",
        "Polska wydaliła rosyjskiego dyplomatę.",
        "Nowa linia tramwajowa zostanie otwarta w przyszłym roku.",
    ),
    (
        "ru",
        "ФСБ задержала гражданина по подозрению в шпионаже.",
        "В субботу в парке пройдет праздник для детей и родителей.",
    ),
    (
        "es",
        "España expulsó a dos diplomáticos rusos.",
        "El ayuntamiento inauguró un nuevo parque en el barrio.",
    ),
    (
        "ro",
        "România a expulzat doi diplomați ruși.",
        "Primăria a deschis un nou parc în centrul orașului.",
    ),
    (
        "no",
        "Norge utviste en russisk diplomat.",
        "Kommunen åpner et nytt bibliotek i sentrum neste uke.",
    ),
]


@pytest.mark.parametrize(("lang", "event", "quiet"), CASES)
def test_language_aware_test(lang: str, event: str, quiet: str) -> None:
    assert prefilter_reason(event, lang, None) is None
    reason = prefilter_reason(quiet, lang, None)
    assert reason is not None
    assert reason.endswith(f":{lang}")


def test_law_triggers_need_an_espionage_context() -> None:
    assert prefilter_reason("He was charged with fraud.", "en", None) == ("no-espionage-context:en")
    assert prefilter_reason("He was charged with espionage.", "en", None) is None
    # An agency's name is espionage context enough.
    assert prefilter_reason("The BfV said a man was arrested in Berlin.", "en", None) is None


def test_closure_needs_premises() -> None:
    assert prefilter_reason("The shop will close at six.", "en", None) == "no-premises:en"
    assert prefilter_reason("Russia will close the US consulate.", "en", None) is None


def test_triggers_the_plain_word_test_misses() -> None:
    # Separated particles and irregular verbs the English rules read from the parse.
    for text in (
        "Authorities kicked the two attaches out within a week.",
        "Britain told the envoy to leave.",
        "Prague gave the diplomat 72 hours to depart.",
        "Police nabbed the suspected spy at the airport.",
        "He received a ten-year term for espionage.",
    ):
        assert prefilter_reason(text, "en", None) is None, text


def test_unknown_language_uses_every_language_and_watch_terms() -> None:
    assert prefilter_reason("Polska wydaliła rosyjskiego dyplomatę.", None, None) is None
    quiet = "Das Museum zeigt eine Ausstellung über Marco Polo und Mikalai Dukshta."
    assert prefilter_reason(quiet, None, None) == "no-trigger:unknown"
    terms = WatchTerms.from_names(["Mikalai Dukshta"])
    assert prefilter_reason(quiet, None, terms) is None
    # A known language is judged by its own words, not by a watched name alone.
    assert prefilter_reason("Mikalai Dukshta visited Prague.", "en", terms) == "no-trigger:en"


def test_a_known_language_no_rules_read_is_not_read_and_says_so() -> None:
    text = "Polska wydaliła rosyjskiego dyplomatę. Mikalai Dukshta, FSB."
    terms = WatchTerms.from_names(["Mikalai Dukshta"])
    assert prefilter_reason(text, "vi", terms) == "language-not-read:vi"
    assert prefilter_reason(text, "pl", terms) is None
    assert prefilter_reason("Ein Spion wurde festgenommen.", "nn", None) == "no-trigger:no"


def test_agency_names_always_run_nlp() -> None:
    text = "The NCSC said the MSS was behind the campaign."
    assert prefilter_reason(text, "en", None) is None


def test_watch_terms_fold_scripts_and_respect_acronyms() -> None:
    terms = WatchTerms.from_names(["Мікалай Дукшта", "BIS", "Federal Security Service"])
    assert fold_words("Мікалай Дукшта") == ["mikalai", "dukshta"]
    assert terms.present("A report on mikalai dukshta.")
    assert terms.present("Мікалай Дукшта was named.")
    assert terms.present("The BIS annual report.")
    assert not terms.present("Geöffnet bis 18 Uhr.")
    assert terms.present("the federal security service said")
    assert not terms.present("a federal service for security")


def test_extract_prefiltered_keeps_order_and_records_why() -> None:
    seen: list[str] = []

    def fake_extract(articles: object) -> list[ArticleExtraction]:
        items = list(articles)  # type: ignore[call-overload]
        seen.extend(a.id for a in items)
        return [ArticleExtraction(id=a.id, lang=a.lang) for a in items]

    articles = [
        ArticleInput(id="a", text="The weather will be fine all week.", lang="en"),
        ArticleInput(id="b", text="Estonia expelled two Russian diplomats.", lang="en"),
        ArticleInput(id="c", text="The shop will close early today.", lang="en"),
    ]
    results = extract_prefiltered(fake_extract, articles, None)
    assert [r.id for r in results] == ["a", "b", "c"]
    assert seen == ["b"]
    assert [r.skipped for r in results] == ["no-trigger:en", None, "no-premises:en"]


def test_candidates_carry_the_language_found_so_it_is_not_detected_again() -> None:
    given: list[ArticleInput] = []

    def fake_extract(articles: object) -> list[ArticleExtraction]:
        items = list(articles)  # type: ignore[call-overload]
        given.extend(items)
        return [ArticleExtraction(id=a.id, lang=None) for a in items]

    articles = [
        ArticleInput(id="found", text="Estonia expelled two Russian diplomats on Monday."),
        ArticleInput(id="none", text="Diplomats expelled."),  # too short to tell
        ArticleInput(id="skipped", text="Diplomats"),
    ]
    results = extract_prefiltered(fake_extract, articles, None)
    assert [(a.id, a.lang) for a in given] == [("found", "en"), ("none", UNDETERMINED)]
    assert results[2].skipped is not None
    assert results[2].lang is None  # not "und": that is only passed on to the extractor


def _labelled(folder: Path) -> list[ArticleInput]:
    articles = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        published = label.get("published")
        articles.append(
            ArticleInput(
                id=label["id"],
                text=(folder / "articles" / f"{label['id']}.txt").read_text(encoding="utf-8"),
                published=date.fromisoformat(published) if published else None,
                lang=label.get("lang"),
            )
        )
    return articles


@pytest.mark.parametrize("corpus", ["corpus", "seeds"])
def test_every_article_with_an_event_passes(shared_dir: Path, corpus: str) -> None:
    """The property that makes the prefilter safe: whatever the extractor finds an event
    in passes, with the labelled language and with the language left to detection."""
    watchlists = load_watchlists(bundled_watchlists_dir())
    terms = watch_terms_of(watchlists)
    articles = _labelled(shared_dir / corpus)
    extracted = Extractor(watchlists=watchlists).extract(articles)
    with_events = [a for a, r in zip(articles, extracted, strict=True) if r.events]
    assert with_events, "the corpus has events"
    for article in with_events:
        assert article_reason(article, terms) is None, article.id
        unlabelled = ArticleInput(id=article.id, text=article.text, published=article.published)
        assert article_reason(unlabelled, terms) is None, article.id
        assert prefilter_reason(article.text, None, None) is None, article.id


def test_anchors_are_in_every_match() -> None:
    pattern = re.compile(
        r"(?<!\w)(?:wies(?:en)?\b[^.;:]{0,80}?\baus\b|(?:das|den) land|\w*(?:konsulat|botschaft))"
    )
    found = anchors(pattern)
    assert found == frozenset({"wies", "das land", "den land", "konsulat", "botschaft"})
    unanchorable = re.compile(r"(?:\w+ly|ab)")
    assert anchors(unanchorable) is None
    anchored = AnchoredPattern(pattern)
    assert anchored.search("sie wiesen ihn gestern aus") is not None
    assert anchored.search("das generalkonsulat") is not None
    assert anchored.search("nichts davon") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "They were sent home.",
        "He was ordered out of the country.",
        "The envoy was given 48 hours to leave.",
        "He is in custody.",
        "She pleaded guilty.",
        "Moscow withdrew diplomatic status from the dacha.",
        "Officials were thrown out.",
        "The embassy was shut down.",
    ],
)
def test_every_plain_trigger_word_is_a_trigger_here(sentence: str) -> None:
    """``has_trigger``'s words are all among the English triggers (with their context)."""
    assert has_trigger(sentence)
    context = f"{sentence} The spy agency said the diplomat's embassy was involved."
    assert prefilter_reason(context, "en", None) is None


def test_a_language_written_beyond_latin_is_tested_only_where_its_letters_are() -> None:
    from nongrata.extractors.prefilter.article import language_test

    greek = language_test("el")
    assert greek.script is not None
    assert not greek.may_trigger("police arrested a man in athens.")
    assert greek.may_trigger("η αστυνομία συνέλαβε έναν άνδρα.")
    assert greek.may_trigger("he was declared persona non grata.")
    assert language_test("de").script is None  # Latin-script triggers: always tested
