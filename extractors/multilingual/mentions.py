"""Find states (names, demonyms, capitals) and agencies in non-English text.

Hand-written forms (each lexicon's ``places`` and ``agencies``, the agency table's ``multilingual``
section) cover inflection for the states and agencies that matter; CLDR (babel) adds every
other state's name in the language, in its nominative form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from typing import Literal

import pycountry
from babel import Locale, UnknownLocaleError

from nongrata.extractors.agencies import AgencyForm, agency_table
from nongrata.extractors.countries import country_table
from nongrata.extractors.multilingual.lemmas import (
    StateLemmas,
    StateWords,
    forms_of,
    simplemma_code,
)
from nongrata.extractors.multilingual.lexicon import lexicons

MentionKind = Literal["name", "adj", "city", "agency"]


@dataclass(frozen=True)
class Mention:
    """A state or agency named in a sentence; offsets are within that sentence."""

    start: int
    end: int
    iso: str
    kind: MentionKind
    text: str
    agency: AgencyForm | None = None


def words(patterns: str | tuple[str, ...]) -> str:
    """One alternation of ``patterns`` that must start and end on word boundaries."""
    body = patterns if isinstance(patterns, str) else "|".join(patterns)
    return rf"(?<!\w)(?:{body})(?!\w)"


def country_display_name(iso: str) -> str:
    """The everyday English name of a state ("Russia", "Czech Republic")."""
    named = country_table().country(iso)
    if named is not None:
        return named.name
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return iso
    return str(getattr(country, "common_name", None) or country.name)


# CLDR locales whose territory names a lexicon language reads (both scripts where a language
# is written in two).
_CLDR_LOCALES = {"zh": ("zh_Hans", "zh_Hant"), "sr": ("sr", "sr_Latn"), "no": ("nb", "nn")}


def _territories(lang: str) -> list[tuple[str, str]]:
    """(ISO code, CLDR name) of every state of the country table in ``lang``'s locales."""
    table = country_table()
    found: list[tuple[str, str]] = []
    for code in _CLDR_LOCALES.get(lang, (lang,)):
        try:
            territories = Locale.parse(code).territories
        except (UnknownLocaleError, ValueError):
            continue
        found.extend((iso, name) for iso, name in territories.items() if iso in table.by_iso)
    return found


@cache
def _cldr_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, CLDR name) in ``lang`` for the states its lexicon's ``places`` do not list."""
    hand = lexicons()[lang].places if lang in lexicons() else {}
    seen: dict[str, set[str]] = {}
    for iso, name in _territories(lang):
        short = name.split(",")[0].split("(")[0].strip()
        # A capitalised name shorter than four letters is too often a common word.
        if len(short) >= 4 or not short[:1].isupper():
            seen.setdefault(short, set()).add(iso)
    return tuple(
        sorted(
            (next(iter(isos)), name)
            for name, isos in seen.items()
            if len(isos) == 1 and next(iter(isos)) not in hand
        )
    )


@cache
def _place_patterns(lang: str) -> tuple[tuple[MentionKind, str, re.Pattern[str]], ...]:
    lexicon = lexicons().get(lang)
    wrap = lexicon.wrap if lexicon is not None else words
    places = lexicon.places if lexicon is not None else {}
    kinds: list[tuple[MentionKind, str, re.Pattern[str]]] = []
    for iso, forms in places.items():
        kinds.append(("name", iso, re.compile(wrap(forms.names), re.IGNORECASE)))
    for iso, name in _cldr_names(lang):
        # Proper nouns are capitalised in every cased script: matched case-sensitively so
        # that a short name never matches a common word.
        kinds.append(("name", iso, re.compile(wrap(re.escape(name)))))
    for iso, forms in places.items():
        if forms.cities:
            kinds.append(("city", iso, re.compile(wrap(forms.cities), re.IGNORECASE)))
    for iso, forms in places.items():
        if forms.adjectives:
            kinds.append(("adj", iso, re.compile(wrap(forms.adjectives), re.IGNORECASE)))
    return tuple(kinds)


@cache
def state_lemmas(lang: str) -> StateLemmas | None:
    """The states of ``lang`` known by lemma (simplemma): every state's CLDR name and the
    ``places`` names and cities, so that a state listed in one form is found in any case."""
    lexicon = lexicons().get(lang)
    if lexicon is None or simplemma_code(lang) is None:
        return None
    places = [
        (kind, iso, re.compile(f"(?:{forms})", re.IGNORECASE))
        for iso, place in lexicon.places.items()
        for kind, forms in (("name", place.names), ("city", place.cities))
        if forms
    ]
    names: dict[str, set[str]] = {}
    for iso, name in _territories(lang):
        if len(name.split()) == 1:
            names.setdefault(name.lower(), set()).add(iso)
    unique = {name: isos.pop() for name, isos in names.items() if len(isos) == 1}
    return StateLemmas.build(lang, unique, tuple(places), _cased(lang))


@cache
def state_words(lang: str) -> StateWords | None:
    """The states of ``lang`` known by lemma as the rules find them: the words of
    ``lemma_forms.json`` (what :func:`state_lemmas` made), without reading CLDR's names."""
    if lang not in lexicons() or simplemma_code(lang) is None:
        return None
    forms = forms_of(lang)
    return StateWords(forms.states, _cased(lang), forms.joined)


def _cased(lang: str) -> bool:
    return lexicons()[lang].spaced and lang not in _UNCASED


_UNCASED = frozenset({"ar", "fa", "he"})  # scripts without capitals that simplemma reads


def _acronyms(acronyms: tuple[str, ...]) -> str:
    """Acronyms as whole words of their own script (a Latin acronym may touch a CJK word)."""
    latin = [re.escape(a) for a in acronyms if a.isascii()]
    other = [re.escape(a) for a in acronyms if not a.isascii()]
    parts = [rf"(?<![A-Za-z0-9])(?:{'|'.join(latin)})(?![A-Za-z0-9])"] if latin else []
    if other:
        parts.append(words(tuple(other)))
    return "|".join(parts) or r"(?!)"


@dataclass(frozen=True)
class AgencyPattern:
    form: AgencyForm
    pattern: re.Pattern[str]  # acronyms as written, names in any case
    names: str  # the names alone (a regex matched case-insensitively), "" for none


@cache
def agency_patterns(lang: str | None = None) -> tuple[AgencyPattern, ...]:
    """Every agency's pattern: its acronyms in any language, its names case-insensitively
    (agencies.json's, and the local names in the lexicon of ``lang``, if given)."""
    known = lexicons()
    local = [known[lang]] if lang is not None and lang in known else []
    found: list[AgencyPattern] = []
    for record in agency_table().agencies:
        form = record.multilingual
        if form is None:
            continue
        names = [words(form.names)] if form.names else []
        names += [lex.wrap(lex.agencies[record.id]) for lex in local if record.id in lex.agencies]
        alternation = "|".join(names)
        pattern = _acronyms(form.acronyms)
        if alternation:
            pattern = f"{pattern}|(?i:{alternation})"
        found.append(AgencyPattern(form, re.compile(pattern), alternation))
    return tuple(found)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def find_mentions(sentence: str, lang: str) -> list[Mention]:
    """Every state and agency named in ``sentence``, in text order, without overlaps.

    Names win over cities, cities over adjectives ("Polen" before "polnisch"); agencies are
    found in any language (acronyms case-sensitively).
    """
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    for agency in agency_patterns(lang):
        form = agency.form
        for match in agency.pattern.finditer(sentence):
            if not _overlaps(match.start(), match.end(), taken):
                taken.append((match.start(), match.end()))
                mentions.append(
                    Mention(match.start(), match.end(), form.iso, "agency", match.group(), form)
                )
    possessive = _possessive(lang)
    for kind, iso, pattern in _place_patterns(lang):
        for match in pattern.finditer(sentence):
            if not _overlaps(match.start(), match.end(), taken):
                taken.append((match.start(), match.end()))
                found = kind
                if possessive is not None and possessive.match(sentence, match.end()):
                    found = "adj"  # "ロシアの外交官": the state's own people, a nationality
                mentions.append(Mention(match.start(), match.end(), iso, found, match.group()))
    by_lemma = state_words(lang)  # "Rosją", "Ruskem": a case form no pattern lists
    for start, end, iso, named in by_lemma.find(sentence, taken) if by_lemma else ():
        place: MentionKind = "city" if named == "city" else "name"
        mentions.append(Mention(start, end, iso, place, sentence[start:end]))
    return _qualified(sentence, sorted(mentions, key=lambda m: m.start))


def _qualified(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """An agency whose acronym another state qualifies right before it is that state's:
    "sovietinis KGB", "советский КГБ" (the Soviet service, not Belarus's), "Baltarusijos GRU"
    (Belarus's military intelligence, not Russia's)."""
    found = list(mentions)
    for i, (first, second) in enumerate(pairwise(mentions)):
        if (
            second.kind == "agency"
            and first.kind == "adj"  # "war in Ukraine FSB detained": a place, no owner
            and first.iso != second.iso
            and not sentence[first.end : second.start].strip()
        ):
            found[i + 1] = replace(second, iso=first.iso)
    return found


@cache
def _possessive(lang: str) -> re.Pattern[str] | None:
    lexicon = lexicons().get(lang)
    if lexicon is None or lexicon.possessive_after is None:
        return None
    return re.compile(lexicon.possessive_after, re.IGNORECASE)


def find_agencies(text: str, lang: str | None = None) -> tuple[str, ...]:
    """Canonical short names of the agencies named in ``text`` (acronyms in any language; and
    names in ``lang``, with its lexicon's local names), first seen first."""
    hits: list[tuple[int, str]] = []
    for agency in agency_patterns(lang):
        match = agency.pattern.search(text)
        if match is not None:
            hits.append((match.start(), agency.form.name))
    return tuple(name for _, name in sorted(hits))


def find_countries(text: str, lang: str) -> tuple[str, ...]:
    """ISO codes of the states named in ``text`` (names, demonyms, capitals), first seen first."""
    seen: dict[str, int] = {}
    for mention in find_mentions(text, lang):
        if mention.kind != "agency":
            seen.setdefault(mention.iso, mention.start)
    return tuple(sorted(seen, key=seen.__getitem__))
