"""The English rules' word lists: one data file, en.yaml, checked on load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nongrata.extractors.english import lexicon
from nongrata.extractors.english.lexicon import LEMMA_SETS, load_english_lexicon
from nongrata.extractors.lexicon_file import LEXICON_DIR
from tests.support.lexicons import assert_refused, bundled, write_lexicon


def test_the_bundled_file_holds_every_lemma_set() -> None:
    loaded = load_english_lexicon(LEXICON_DIR / "en.yaml")
    assert set(loaded.lemmas) == set(LEMMA_SETS)
    assert "expel" in lexicon.EXPEL_VERBS
    assert lexicon.ESPIONAGE_RE.flags & re.IGNORECASE
    assert lexicon.ESPIONAGE_RE.search("charged with ESPIONAGE")
    assert lexicon._TRIGGER_RE.search("Russia expelled two diplomats")


@pytest.mark.parametrize(
    ("section", "change", "message"),
    [
        ("lemmas", {"kidnap_verbs": ["kidnap"]}, r"lemmas\.kidnap_verbs: unknown lemma set"),
        ("lemmas", {"expel_verbs": ["kick out"]}, r"lemmas\.expel_verbs: must hold single words"),
        ("lemmas", {"expel_verbs": "expel"}, r"lemmas\.expel_verbs: must be a non-empty list"),
        ("patterns", {"trigger": r"\b(expel"}, r"patterns\.trigger: regular expression"),
        ("patterns", {"trigger": ["expel"]}, r"patterns\.trigger: must be a non-empty string"),
    ],
)
def test_a_bad_entry_is_one_error_naming_the_file_and_the_entry(
    tmp_path: Path, section: str, change: dict[str, object], message: str
) -> None:
    data = bundled("en")
    data[section] = data[section] | change
    assert_refused(load_english_lexicon, write_lexicon(tmp_path, "en", data), message)


def test_a_missing_lemma_set_is_named(tmp_path: Path) -> None:
    data = bundled("en")
    del data["lemmas"]["weak_modals"]
    path = write_lexicon(tmp_path, "en", data)
    assert_refused(load_english_lexicon, path, r"lemmas\.weak_modals: missing")
