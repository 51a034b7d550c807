"""Word lists of the English event rules: triggers, the nouns they need, and framing words.

They are data: ``extractors/data/lexicons/en.yaml`` (the format: that folder's README.md),
read and checked once when this module is imported; a bad file is one
:class:`~nongrata.errors.DataFileError` naming the file and the entry. Lemmas, not surface
forms: the rules compare ``token.lemma_.lower()`` against these sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from nongrata.extractors.lexicon_file import LEXICON_DIR, LexiconFile


def words(text: str) -> frozenset[str]:
    """A set of words from a whitespace-separated list."""
    return frozenset(text.split())


# Every lemma set en.yaml holds under ``lemmas`` (each is required).
LEMMA_SETS = (
    "expel_verbs",
    "expel_nouns",
    "leave_verbs",
    "leave_governors",
    "ordering_verbs",
    "out_verbs",
    "home_verbs",
    "deport_verbs",
    "release_verbs",
    "exchange_verbs",
    "arrest_verbs",
    "arrest_nouns",
    "charge_verbs",
    "charge_nouns",
    "convict_verbs",
    "convict_nouns",
    "execution_verbs",
    "recall_verbs",
    "recall_nouns",
    "recall_home_verbs",
    "close_verbs",
    "closure_nouns",
    "status_verbs",
    "diplomatic_nouns",
    "premises_nouns",
    "membership_nouns",
    "blocking_heads",
    "reporting_heads",
    "disclosure_heads",
    "weak_modals",
    "espionage_lemmas",
    "non_espionage_lemmas",
    "other_offence_lemmas",
    "people_nouns",
)
PATTERNS = ("espionage", "swap", "trigger")  # regular expressions, under ``patterns``


@dataclass(frozen=True)
class EnglishLexicon:
    lemmas: Mapping[str, frozenset[str]]  # every name of LEMMA_SETS → its lemmas
    espionage: re.Pattern[str]  # espionage context in a sentence's text
    swap: re.Pattern[str]  # a prisoner exchange in an article's text
    trigger: re.Pattern[str]  # any trigger word of any type (a cheap test before parsing)


def load_english_lexicon(path: Path) -> EnglishLexicon:
    """The English lexicon in ``path``, checked entry by entry."""
    file = LexiconFile(path, ("lemmas", "patterns"), ("lemmas", "patterns"))
    lemmas = file.section("lemmas", LEMMA_SETS, "lemma set")
    patterns = file.section("patterns", PATTERNS, "pattern")
    found: dict[str, frozenset[str]] = {}
    for name in LEMMA_SETS:
        found[name] = file.words(f"lemmas.{name}", lemmas[name])
    compiled = {
        name: re.compile(file.regex(f"patterns.{name}", patterns[name]), re.IGNORECASE)
        for name in PATTERNS
    }
    return EnglishLexicon(
        lemmas=MappingProxyType(found),
        espionage=compiled["espionage"],
        swap=compiled["swap"],
        trigger=compiled["trigger"],
    )


LEXICON = load_english_lexicon(LEXICON_DIR / "en.yaml")

EXPEL_VERBS = LEXICON.lemmas["expel_verbs"]
EXPEL_NOUNS = LEXICON.lemmas["expel_nouns"]
LEAVE_VERBS = LEXICON.lemmas["leave_verbs"]
LEAVE_GOVERNORS = LEXICON.lemmas["leave_governors"]
ORDERING_VERBS = LEXICON.lemmas["ordering_verbs"]
OUT_VERBS = LEXICON.lemmas["out_verbs"]
HOME_VERBS = LEXICON.lemmas["home_verbs"]
DEPORT_VERBS = LEXICON.lemmas["deport_verbs"]
RELEASE_VERBS = LEXICON.lemmas["release_verbs"]
EXCHANGE_VERBS = LEXICON.lemmas["exchange_verbs"]
ARREST_VERBS = LEXICON.lemmas["arrest_verbs"]
ARREST_NOUNS = LEXICON.lemmas["arrest_nouns"]
CHARGE_VERBS = LEXICON.lemmas["charge_verbs"]
CHARGE_NOUNS = LEXICON.lemmas["charge_nouns"]
CONVICT_VERBS = LEXICON.lemmas["convict_verbs"]
CONVICT_NOUNS = LEXICON.lemmas["convict_nouns"]
EXECUTION_VERBS = LEXICON.lemmas["execution_verbs"]
RECALL_VERBS = LEXICON.lemmas["recall_verbs"]
RECALL_NOUNS = LEXICON.lemmas["recall_nouns"]
RECALL_HOME_VERBS = LEXICON.lemmas["recall_home_verbs"]
CLOSE_VERBS = LEXICON.lemmas["close_verbs"]
CLOSURE_NOUNS = LEXICON.lemmas["closure_nouns"]
STATUS_VERBS = LEXICON.lemmas["status_verbs"]
DIPLOMATIC_NOUNS = LEXICON.lemmas["diplomatic_nouns"]
PREMISES_NOUNS = LEXICON.lemmas["premises_nouns"]
MEMBERSHIP_NOUNS = LEXICON.lemmas["membership_nouns"]
BLOCKING_HEADS = LEXICON.lemmas["blocking_heads"]
REPORTING_HEADS = LEXICON.lemmas["reporting_heads"]
DISCLOSURE_HEADS = LEXICON.lemmas["disclosure_heads"]
WEAK_MODALS = LEXICON.lemmas["weak_modals"]
ESPIONAGE_LEMMAS = LEXICON.lemmas["espionage_lemmas"]
NON_ESPIONAGE_LEMMAS = LEXICON.lemmas["non_espionage_lemmas"]
OTHER_OFFENCE_LEMMAS = LEXICON.lemmas["other_offence_lemmas"]
PEOPLE_NOUNS = LEXICON.lemmas["people_nouns"]
ESPIONAGE_RE = LEXICON.espionage
SWAP_RE = LEXICON.swap
_TRIGGER_RE = LEXICON.trigger
