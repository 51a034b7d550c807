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

# Every lemma set en.yaml holds under ``lemmas`` (each is required).
LEMMA_SETS = (
    "expel_verbs",
    "expel_nouns",
    "leave_verbs",
    "leave_governors",
    "ordering_verbs",
    "staff_cut_verbs",
    "staff_cut_nouns",
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
    "recall_out_verbs",
    "recall_patient_nouns",
    "obligation_modals",
    "obligation_verbs",
    "close_verbs",
    "closure_nouns",
    "status_verbs",
    "diplomatic_nouns",
    "non_envoy_nouns",
    "quantity_heads",
    "premises_nouns",
    "membership_nouns",
    "blocking_heads",
    "stance_adjectives",
    "restraint_verbs",
    "reporting_heads",
    "disclosure_heads",
    "weak_modals",
    "espionage_lemmas",
    "non_espionage_lemmas",
    "other_offence_lemmas",
    "case_stage_nouns",
    "case_stage_verbs",
    "document_nouns",
    "periodic_adjectives",
    "generic_state_nouns",
    "group_nouns",
    "people_nouns",
    "guilty_verbs",
    "sentence_receiving_verbs",
    "sentence_giving_verbs",
    "accreditation_nouns",
    "person_only_arrest_nouns",
    "sentence_nouns",
    "carried_out_nouns",
    "deadline_nouns",
    "time_limit_nouns",
    "authority_nouns",
    "institution_nouns",
    "spy_heads",
    "watching_heads",
    "suspicion_heads",
    "agent_nouns",
    "behalf_nouns",
    "recruiting_verbs",
    "passing_verbs",
    "order_nouns",
    "handler_words",
    "handling_verbs",
    "official_titles",
    "acting_titles",
    "person_references",
    "speech_verbs",
    "naming_verbs",
    "listing_verbs",
    "time_units",
    "charge_governors",
)
# Every set of surface words (compared with ``token.lower_``) under ``words``.
WORD_SETS = (
    "state_pronouns",
    "personal_pronouns",
    "plural_person_references",
    "member_preps",
    "vague_quantities",
    "sponsoring_participles",
    "place_participles",
    "origin_preps",
    "weekdays",
    "background_adverbs",
    "comparison_words",
    "anaphoric_adverbs",
    "duration_preps",
    "nobody_subjects",
    "nobody_patients",
    "deadline_preps",
    "leave_time_preps",
    "release_terms",
    "restraint_particles",
    "conditional_marks",
    "future_time_marks",
    "as_did_marks",
    "offence_preps",
    "distinct_adverbs",
    "distinct_case_words",
    "definite_determiners",
    "further_words",
    "further_nouns",
)
# Regular expressions under ``patterns``, matched case-insensitively.
PATTERNS = (
    "espionage",
    "swap",
    "trigger",
    "fresh",
    "old",
    "future",
    "last_month",
    "same",
    "relative",
    "day_name",
    "anaphoric_date",
    "counted",
    "past_phrase",
    "retrospective",
    "duration_unit",
    "relative_word",
    "counted_start",
    "introduced_agency",
    "agency_name_word",
    "agency_head",
    "prefilter_law",
    "prefilter_expulsion",
    "out_particle",
    "home_particle",
    "status_phrase",
)
SUFFIXES = ("e", "y", "sibilant", "other")  # inflection patterns under ``forms.suffixes``
KEYS = ("lemmas", "words", "numbers", "months", "patterns", "forms", "furniture")


@dataclass(frozen=True)
class Furniture:
    """The words that mark page furniture (``furniture``)."""

    labels: frozenset[str]  # "Read more:", "Related:" prefixes, lower-cased
    small_words: frozenset[str]  # words a title-case line writes in lower case
    caption: re.Pattern[str]  # a photo credit or caption (case-sensitive)
    prompt: re.Pattern[str]  # a subscription or sharing prompt


@dataclass(frozen=True)
class EnglishLexicon:
    lemmas: Mapping[str, frozenset[str]]  # every name of LEMMA_SETS → its lemmas
    words: Mapping[str, frozenset[str]]  # every name of WORD_SETS → its surface words
    numbers: Mapping[str, int]  # number words → whole numbers
    months: tuple[str, ...]  # month names, January first, lower-cased
    patterns: Mapping[str, re.Pattern[str]]  # every name of PATTERNS → its expression
    irregular: Mapping[str, tuple[str, ...]]  # a lemma → the forms its stem does not reach
    suffixes: Mapping[str, str]  # every name of SUFFIXES → its inflection pattern
    furniture: Furniture


def load_english_lexicon(path: Path) -> EnglishLexicon:
    """The English lexicon in ``path``, checked entry by entry."""
    file = LexiconFile(path, KEYS, KEYS)
    lemmas = file.section("lemmas", LEMMA_SETS, "lemma set")
    words_ = file.section("words", WORD_SETS, "word set")
    patterns = file.section("patterns", PATTERNS, "pattern")
    months = file.strings("months", file.data["months"])
    if len(months) != 12:
        raise file.error("months", "must name the twelve months, January first")
    return EnglishLexicon(
        lemmas=MappingProxyType(
            {name: file.words(f"lemmas.{name}", lemmas[name]) for name in LEMMA_SETS}
        ),
        words=MappingProxyType(
            {name: file.words(f"words.{name}", words_[name]) for name in WORD_SETS}
        ),
        numbers=file.numbers("numbers"),
        months=tuple(m.lower() for m in months),
        patterns=MappingProxyType(
            {
                name: re.compile(file.regex(f"patterns.{name}", patterns[name]), re.IGNORECASE)
                for name in PATTERNS
            }
        ),
        irregular=_irregular(file),
        suffixes=_suffixes(file),
        furniture=_furniture(file),
    )


def _irregular(file: LexiconFile) -> Mapping[str, tuple[str, ...]]:
    forms = file.section("forms", ("irregular", "suffixes"), "entry")
    irregular = forms["irregular"]
    if not isinstance(irregular, dict) or not irregular:
        raise file.error("forms.irregular", "must map each lemma to its forms")
    found: dict[str, tuple[str, ...]] = {}
    for lemma, listed in irregular.items():
        entry = f"forms.irregular.{lemma}"
        file.words(entry, listed)  # checked: single words
        found[str(lemma)] = file.strings(entry, listed)
    return MappingProxyType(found)


def _suffixes(file: LexiconFile) -> Mapping[str, str]:
    given = file.section("forms", ("irregular", "suffixes"), "entry")["suffixes"]
    if not isinstance(given, dict):
        raise file.error("forms.suffixes", "must map each ending to its pattern")
    for name in given:
        if name not in SUFFIXES:
            raise file.error(f"forms.suffixes.{name}", f"unknown ending (known: {SUFFIXES})")
    found: dict[str, str] = {}
    for name in SUFFIXES:
        if name not in given:
            raise file.error(f"forms.suffixes.{name}", "missing")
        found[name] = file.regex(f"forms.suffixes.{name}", given[name])
    return MappingProxyType(found)


def _furniture(file: LexiconFile) -> Furniture:
    known = ("labels", "small_words", "caption", "prompt")
    given = file.section("furniture", known, "entry")
    labels = file.strings("furniture.labels", given["labels"])
    return Furniture(
        labels=frozenset(label.lower() for label in labels),
        small_words=file.words("furniture.small_words", given["small_words"]),
        caption=re.compile(file.regex("furniture.caption", given["caption"])),
        prompt=re.compile(file.regex("furniture.prompt", given["prompt"]), re.IGNORECASE),
    )


LEXICON = load_english_lexicon(LEXICON_DIR / "en.yaml")

EXPEL_VERBS = LEXICON.lemmas["expel_verbs"]
EXPEL_NOUNS = LEXICON.lemmas["expel_nouns"]
LEAVE_VERBS = LEXICON.lemmas["leave_verbs"]
LEAVE_GOVERNORS = LEXICON.lemmas["leave_governors"]
ORDERING_VERBS = LEXICON.lemmas["ordering_verbs"]
STAFF_CUT_VERBS = LEXICON.lemmas["staff_cut_verbs"]
STAFF_CUT_NOUNS = LEXICON.lemmas["staff_cut_nouns"]
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
RECALL_OUT_VERBS = LEXICON.lemmas["recall_out_verbs"]
RECALL_PATIENT_NOUNS = LEXICON.lemmas["recall_patient_nouns"]
OBLIGATION_MODALS = LEXICON.lemmas["obligation_modals"]
OBLIGATION_VERBS = LEXICON.lemmas["obligation_verbs"]
CLOSE_VERBS = LEXICON.lemmas["close_verbs"]
CLOSURE_NOUNS = LEXICON.lemmas["closure_nouns"]
STATUS_VERBS = LEXICON.lemmas["status_verbs"]
DIPLOMATIC_NOUNS = LEXICON.lemmas["diplomatic_nouns"]
PREMISES_NOUNS = LEXICON.lemmas["premises_nouns"]
NON_ENVOY_NOUNS = LEXICON.lemmas["non_envoy_nouns"]
QUANTITY_HEADS = LEXICON.lemmas["quantity_heads"]
MEMBERSHIP_NOUNS = LEXICON.lemmas["membership_nouns"]
BLOCKING_HEADS = LEXICON.lemmas["blocking_heads"]
STANCE_ADJECTIVES = LEXICON.lemmas["stance_adjectives"]
RESTRAINT_VERBS = LEXICON.lemmas["restraint_verbs"]
RESTRAINT_PARTICLES = LEXICON.words["restraint_particles"]
REPORTING_HEADS = LEXICON.lemmas["reporting_heads"]
DISCLOSURE_HEADS = LEXICON.lemmas["disclosure_heads"]
WEAK_MODALS = LEXICON.lemmas["weak_modals"]
ESPIONAGE_LEMMAS = LEXICON.lemmas["espionage_lemmas"]
NON_ESPIONAGE_LEMMAS = LEXICON.lemmas["non_espionage_lemmas"]
OTHER_OFFENCE_LEMMAS = LEXICON.lemmas["other_offence_lemmas"]
PEOPLE_NOUNS = LEXICON.lemmas["people_nouns"]
GENERIC_STATE_NOUNS = LEXICON.lemmas["generic_state_nouns"]
DOCUMENT_NOUNS = LEXICON.lemmas["document_nouns"]
PERIODIC_ADJECTIVES = LEXICON.lemmas["periodic_adjectives"]
CASE_STAGE_NOUNS = LEXICON.lemmas["case_stage_nouns"]
CASE_STAGE_VERBS = LEXICON.lemmas["case_stage_verbs"]
GROUP_NOUNS = LEXICON.lemmas["group_nouns"]
GUILTY_VERBS = LEXICON.lemmas["guilty_verbs"]
SENTENCE_RECEIVING_VERBS = LEXICON.lemmas["sentence_receiving_verbs"]
SENTENCE_GIVING_VERBS = LEXICON.lemmas["sentence_giving_verbs"]
ACCREDITATION_NOUNS = LEXICON.lemmas["accreditation_nouns"]
PERSON_ONLY_ARREST_NOUNS = LEXICON.lemmas["person_only_arrest_nouns"]
SENTENCE_NOUNS = LEXICON.lemmas["sentence_nouns"]
CARRIED_OUT_NOUNS = LEXICON.lemmas["carried_out_nouns"]
DEADLINE_NOUNS = LEXICON.lemmas["deadline_nouns"]
TIME_LIMIT_NOUNS = LEXICON.lemmas["time_limit_nouns"]
AUTHORITY_NOUNS = LEXICON.lemmas["authority_nouns"]
INSTITUTION_NOUNS = LEXICON.lemmas["institution_nouns"]
SPY_HEADS = LEXICON.lemmas["spy_heads"]
WATCHING_HEADS = LEXICON.lemmas["watching_heads"]
SUSPICION_HEADS = LEXICON.lemmas["suspicion_heads"]
AGENT_NOUNS = LEXICON.lemmas["agent_nouns"]
BEHALF_NOUNS = LEXICON.lemmas["behalf_nouns"]
RECRUITING_VERBS = LEXICON.lemmas["recruiting_verbs"]
PASSING_VERBS = LEXICON.lemmas["passing_verbs"]
ORDER_NOUNS = LEXICON.lemmas["order_nouns"]
HANDLER_WORDS = LEXICON.lemmas["handler_words"]
HANDLING_VERBS = LEXICON.lemmas["handling_verbs"]
OFFICIAL_TITLES = LEXICON.lemmas["official_titles"]
ACTING_TITLES = LEXICON.lemmas["acting_titles"]
PERSON_REFERENCES = LEXICON.lemmas["person_references"]
SPEECH_VERBS = LEXICON.lemmas["speech_verbs"]
NAMING_VERBS = LEXICON.lemmas["naming_verbs"]
LISTING_VERBS = LEXICON.lemmas["listing_verbs"]
STATE_PRONOUNS = LEXICON.words["state_pronouns"]
PERSONAL_PRONOUNS = LEXICON.words["personal_pronouns"]
PLURAL_PERSON_REFERENCES = LEXICON.words["plural_person_references"]
MEMBER_PREPS = LEXICON.words["member_preps"]
VAGUE_QUANTITIES = LEXICON.words["vague_quantities"]
SPONSORING_PARTICIPLES = LEXICON.words["sponsoring_participles"]
PLACE_PARTICIPLES = LEXICON.words["place_participles"]
ORIGIN_PREPS = LEXICON.words["origin_preps"]
WEEKDAYS = LEXICON.words["weekdays"]
BACKGROUND_ADVERBS = LEXICON.words["background_adverbs"]
COMPARISON_WORDS = LEXICON.words["comparison_words"]
ANAPHORIC_ADVERBS = LEXICON.words["anaphoric_adverbs"]
TIME_UNITS = LEXICON.lemmas["time_units"]
CHARGE_GOVERNORS = LEXICON.lemmas["charge_governors"]
DURATION_PREPS = LEXICON.words["duration_preps"]
NOBODY_SUBJECTS = LEXICON.words["nobody_subjects"]
NOBODY_PATIENTS = LEXICON.words["nobody_patients"]
DEADLINE_PREPS = LEXICON.words["deadline_preps"]
LEAVE_TIME_PREPS = LEXICON.words["leave_time_preps"]
RELEASE_TERMS = LEXICON.words["release_terms"]
CONDITIONAL_MARKS = LEXICON.words["conditional_marks"]
FUTURE_TIME_MARKS = LEXICON.words["future_time_marks"]
AS_DID_MARKS = LEXICON.words["as_did_marks"]
OFFENCE_PREPS = LEXICON.words["offence_preps"]
DISTINCT_ADVERBS = LEXICON.words["distinct_adverbs"]
DISTINCT_CASE_WORDS = LEXICON.words["distinct_case_words"]
DEFINITE_DETERMINERS = LEXICON.words["definite_determiners"]
FURTHER_WORDS = LEXICON.words["further_words"]
FURTHER_NOUNS = LEXICON.words["further_nouns"]
NUMBER_WORDS = LEXICON.numbers
MONTHS = {name: number for number, name in enumerate(LEXICON.months, start=1)}
ESPIONAGE_RE = LEXICON.patterns["espionage"]
SWAP_RE = LEXICON.patterns["swap"]
TRIGGER_RE = LEXICON.patterns["trigger"]
RETROSPECTIVE_RE = LEXICON.patterns["retrospective"]
