"""Lemmas (simplemma) in the multilingual rules: states in any case form, lemma triggers,
the languages simplemma has no dictionary of, and the forms file made from its dictionaries."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from nongrata.extractors.multilingual.extractor import detect_events
from nongrata.extractors.multilingual.lemma_inputs import fingerprint, lemma_inputs
from nongrata.extractors.multilingual.lemmas import (
    FORMS_FILE,
    MIN_STATE_WORD,
    StateLemmas,
    forms_of,
    leading_letters,
    lemma_forms,
    simplemma_code,
    with_lemmas,
)
from nongrata.extractors.multilingual.lexicon import lexicons, load_lexicon
from nongrata.extractors.multilingual.mentions import (
    find_countries,
    find_mentions,
    state_lemmas,
    state_words,
)
from tests.support.lexicons import assert_refused, bundled, write_lexicon

PUBLISHED = date(2024, 3, 6)


def test_a_state_in_an_oblique_case_no_pattern_lists_is_found_by_its_lemma() -> None:
    # pl.yaml lists neither Venezuela nor Colombia; CLDR knows them in the nominative only
    assert not {"VE", "CO"} & set(lexicons()["pl"].places)
    sentence = "Sąd w Kolumbii skazał obywatela Wenezueli."
    found = [(m.text, m.iso, m.kind) for m in find_mentions(sentence, "pl")]
    assert found == [("Kolumbii", "CO", "name"), ("Wenezueli", "VE", "name")]
    assert find_countries("Rozmowy z Ruskem a Estonskem.", "cs") == ("RU", "EE")


def test_a_state_found_by_lemma_takes_its_role() -> None:
    text = "Belgia wydaliła w poniedziałek dwóch dyplomatów Wenezueli."
    events = detect_events(text, "pl", PUBLISHED)
    assert [(e.type, e.actor_iso, e.target_iso) for e in events] == [("expulsion", "BE", "VE")]


def test_the_lexicon_case_forms_keep_their_roles() -> None:
    # "rosyjskiego" is a listed adjective (a nationality), not a state found by its lemma
    mentions = find_mentions("ABW zatrzymała rosyjskiego szpiega w Gdańsku.", "pl")
    assert [(m.iso, m.kind) for m in mentions if m.kind != "agency"][:1] == [("RU", "adj")]


def test_a_common_word_is_no_state_and_lower_case_words_are_not_looked_up() -> None:
    assert find_countries("Polityka wobec kuby i belgii.", "pl") == ()


def test_a_lemma_trigger_matches_every_form_of_its_lemma_only() -> None:
    # sl.yaml lists the lemma "izgnati"; simplemma's dictionary gives its forms
    trigger = with_lemmas(re.compile(r"(?!)"), ["izgnati"], "sl")
    text = "Slovenija je izgnala diplomata, izgnanstvo pa je druga stvar; izgnali so ga."
    assert [m.group() for m in trigger.finditer(text)] == ["izgnala", "izgnali"]
    assert trigger.search("Izgnanstvo.") is None
    # a lemma the forms file does not know adds nothing
    assert with_lemmas(re.compile(r"(?!)"), ["wydalić"], "pl").search("wydaliła") is None


def test_a_lexicon_lists_lemma_triggers_and_the_prefilter_sees_their_stems(
    tmp_path: Path,
) -> None:
    data = bundled("pl")
    data["trigger_lemmas"] = {"expulsion": ["wydalić"], "arrest": ["aresztować"]}
    lex = load_lexicon(write_lexicon(tmp_path, "pl", data))
    assert dict(lex.trigger_lemmas) == {"expulsion": ("wydalić",), "arrest": ("aresztować",)}
    assert lex.trigger_patterns("expulsion")[-1] == r"(?:wyda)\w*"
    assert lex.trigger_patterns("arrest", "charge")[-1] == r"(?:areszto)\w*"
    data["trigger_lemmas"] = {"kidnapping": ["porwać"]}
    path = write_lexicon(tmp_path, "pl", data)
    assert_refused(load_lexicon, path, r"trigger_lemmas\.kidnapping: unknown event type")


def test_languages_simplemma_lacks_are_not_lemmatised(tmp_path: Path) -> None:
    assert [simplemma_code(c) for c in ("zh", "ja", "ko", "be")] == [None] * 4
    assert [simplemma_code(c) for c in ("hr", "sr", "no", "pl")] == ["hbs", "hbs", "nb", "pl"]
    assert "be" not in lemma_forms()
    assert "pl" in lemma_forms()
    # their patterns still find states, and a lemma trigger list is refused
    assert find_countries("ロシアの外交官", "ja") == ("RU",)
    data = bundled("ja")
    data["trigger_lemmas"] = {"expulsion": ["追放"]}
    path = write_lexicon(tmp_path, "ja", data)
    assert_refused(load_lexicon, path, "trigger_lemmas: simplemma has no dictionary")


def test_a_city_in_a_form_its_pattern_lacks_is_found_by_its_lemma() -> None:
    # sv.yaml lists 'stockholm' as written; the genitive is found by its lemma, as a city
    mentions = find_mentions("Stockholms tingsrätt dömde mannen för spioneri.", "sv")
    assert [(m.text, m.iso, m.kind) for m in mentions] == [("Stockholms", "SE", "city")]
    assert leading_letters(r"(?:warszaw\w*|krak(?:ów|owa)|\w*polsk\w*)") == ["wars", "krak"]


def test_the_forms_file_is_made_from_the_current_lexicons_cldr_and_simplemma() -> None:
    # A lexicon's places or trigger_lemmas changed, or simplemma's version: the file is stale
    recorded = json.loads(FORMS_FILE.read_text("utf-8"))["inputs"]
    assert recorded == fingerprint(lemma_inputs()), (
        "extractors/data/lemma_forms.json is stale: run python scripts/make_lemma_forms.py"
    )


CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def _gate_find(
    heavy: StateLemmas, sentence: str, taken: list[tuple[int, int]]
) -> list[tuple[int, int, str, str]]:
    """What the words the gate delimits name by the forms file (the finder the rules used
    before StateWords)."""
    found: list[tuple[int, int, str, str]] = []
    for match in heavy.gate.finditer(sentence):
        word = match.group()
        if len(word) < MIN_STATE_WORD or (heavy.cased and not word[0].isupper()):
            continue
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        hit = forms_of(heavy.lang).states.get(word.lower())
        if hit is not None:
            found.append((match.start(), match.end(), *hit))
    return found


def test_the_rules_find_by_lemma_what_the_gate_and_the_forms_file_find() -> None:
    # The rules look each word up in lemma_forms.json (state_words), without CLDR's names and
    # the gate (state_lemmas, what the file is made from): every listed word, in any casing,
    # and the labelled articles of each language are found alike.
    checked = 0
    for lang in sorted(lexicons()):
        heavy, light = state_lemmas(lang), state_words(lang)
        if heavy is None or light is None:
            assert heavy is None
            assert light is None
            continue
        words = [v for w in light.states for v in {w, w.capitalize(), w.title(), w.upper()}]
        texts = [p.read_text("utf-8") for p in sorted(CORPUS.glob(f"*/{lang}/articles/*.txt"))]
        for text in [" ".join(words[i : i + 50]) for i in range(0, len(words), 50)] + texts:
            assert light.find(text, []) == _gate_find(heavy, text, []), (lang, text[:80])
            taken = [(0, len(text) // 2)]
            assert light.find(text, taken) == _gate_find(heavy, text, taken), (lang, text[:80])
            checked += 1
    assert checked > 100
