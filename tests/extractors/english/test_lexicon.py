"""The English rules' word lists: one data file, en.yaml, checked on load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nongrata.extractors.english import lexicon
from nongrata.extractors.english.lexicon import LEMMA_SETS, WORD_SETS, load_english_lexicon
from nongrata.extractors.lexicon_file import LEXICON_DIR
from tests.support.lexicons import assert_refused, bundled, write_lexicon


def test_the_bundled_file_holds_every_lemma_set() -> None:
    loaded = load_english_lexicon(LEXICON_DIR / "en.yaml")
    assert set(loaded.lemmas) == set(LEMMA_SETS)
    assert "expel" in lexicon.EXPEL_VERBS
    assert lexicon.ESPIONAGE_RE.flags & re.IGNORECASE
    assert lexicon.ESPIONAGE_RE.search("charged with ESPIONAGE")
    assert lexicon.TRIGGER_RE.search("Russia expelled two diplomats")


@pytest.mark.parametrize(
    ("section", "change", "message"),
    [
        ("lemmas", {"kidnap_verbs": ["kidnap"]}, r"lemmas\.kidnap_verbs: unknown lemma set"),
        ("lemmas", {"expel_verbs": ["kick out"]}, r"lemmas\.expel_verbs: must hold single words"),
        ("lemmas", {"expel_verbs": "expel"}, r"lemmas\.expel_verbs: must be a non-empty list"),
        ("patterns", {"trigger": r"\b(expel"}, r"patterns\.trigger: regular expression"),
        ("patterns", {"trigger": ["expel"]}, r"patterns\.trigger: must be a non-empty string"),
        ("patterns", {"fresh": r"\b(today"}, r"patterns\.fresh: regular expression"),
        ("words", {"weekdays": []}, r"words\.weekdays: must be a non-empty list"),
        ("words", {"pronouns": ["it"]}, r"words\.pronouns: unknown word set"),
        ("numbers", {"seven": "7"}, r"numbers\.seven: must map a word to a whole number"),
        ("forms", {"irregular": {"send": ["sent out"]}}, r"forms\.irregular\.send: must hold"),
        ("forms", {"suffixes": {"e": "(?:e|es"}}, r"forms\.suffixes\.e: regular expression"),
        ("furniture", {"caption": "Photo("}, r"furniture\.caption: regular expression"),
        ("furniture", {"labels": "related"}, r"furniture\.labels: must be a non-empty list"),
    ],
)
def test_a_bad_entry_is_one_error_naming_the_file_and_the_entry(
    tmp_path: Path, section: str, change: dict[str, object], message: str
) -> None:
    data = bundled("en")
    data[section] = data[section] | change
    assert_refused(load_english_lexicon, write_lexicon(tmp_path, "en", data), message)


def test_months_are_twelve(tmp_path: Path) -> None:
    data = bundled("en")
    data["months"] = data["months"][:11]
    path = write_lexicon(tmp_path, "en", data)
    assert_refused(load_english_lexicon, path, r"months: must name the twelve months")


def test_the_word_tables_of_the_rules_come_from_the_file() -> None:
    loaded = load_english_lexicon(LEXICON_DIR / "en.yaml")
    assert set(loaded.words) == set(WORD_SETS)
    assert "recruit" in lexicon.RECRUITING_VERBS
    assert "engineer" in lexicon.PERSON_REFERENCES
    assert lexicon.NUMBER_WORDS["twelve"] == 12
    assert lexicon.MONTHS["may"] == 5
    assert loaded.irregular["leave"][-1] == "left"
    assert loaded.furniture.caption.search("Photo: Getty Images")
    assert lexicon.LEXICON.patterns["fresh"].search("expelled on Tuesday, YESTERDAY")


def test_a_missing_lemma_set_is_named(tmp_path: Path) -> None:
    data = bundled("en")
    del data["lemmas"]["weak_modals"]
    path = write_lexicon(tmp_path, "en", data)
    assert_refused(load_english_lexicon, path, r"lemmas\.weak_modals: missing")
