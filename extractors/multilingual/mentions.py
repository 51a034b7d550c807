"""Find states (names, demonyms, capitals) and agencies in non-English text.

Hand-written forms (the country table's ``forms``, the agency table's ``multilingual``
section) cover inflection for the states and agencies that matter; pycountry's gettext
translations add every other state's name in its nominative form.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pycountry

from nongrata.extractors.agencies import AgencyForm, agency_table
from nongrata.extractors.countries import country_table

MentionKind = Literal["name", "adj", "city", "agency"]

# pycountry's locale folder names the Norwegian (Bokmål) catalogue ``nb_NO``.
_GETTEXT_LANGUAGE = {"no": "nb"}


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
    table = country_table()
    named = table.country(iso) if iso in table.multilingual_display_names else None
    if named is not None:
        return named.name
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return iso
    return str(getattr(country, "common_name", None) or country.name)


@cache
def _translated_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, translated short name) for the states without hand-written forms."""
    try:
        catalogue = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[_GETTEXT_LANGUAGE.get(lang, lang)]
        )
    except OSError:
        return ()
    seen: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            short = catalogue.gettext(name).split(",")[0].split("(")[0].strip()
            if len(short) >= 4:
                seen.setdefault(short, set()).add(country.alpha_2)
    hand = country_table().country_forms(lang)
    return tuple(
        sorted(
            (next(iter(isos)), name)
            for name, isos in seen.items()
            if len(isos) == 1 and next(iter(isos)) not in hand
        )
    )


@cache
def _place_patterns(lang: str) -> tuple[tuple[MentionKind, str, re.Pattern[str]], ...]:
    kinds: list[tuple[MentionKind, str, re.Pattern[str]]] = []
    table = country_table()
    forms = table.country_forms(lang)
    for iso, (nouns, _) in forms.items():
        kinds.append(("name", iso, re.compile(words(nouns), re.IGNORECASE)))
    for iso, name in _translated_names(lang):
        # Proper nouns are capitalised in every supported language: match case-sensitively
        # so that a short name never matches a common word.
        kinds.append(("name", iso, re.compile(words(re.escape(name)))))
    for iso, cities in table.city_forms(lang).items():
        kinds.append(("city", iso, re.compile(words(cities), re.IGNORECASE)))
    for iso, (_, adjectives) in forms.items():
        kinds.append(("adj", iso, re.compile(words(adjectives), re.IGNORECASE)))
    return tuple(kinds)


@cache
def _agency_patterns() -> tuple[tuple[AgencyForm, re.Pattern[str]], ...]:
    found: list[tuple[AgencyForm, re.Pattern[str]]] = []
    for form in agency_table().multilingual_forms():
        acronyms = "|".join(re.escape(a) for a in form.acronyms)
        pattern = words(acronyms)
        if form.names:
            pattern = f"{pattern}|(?i:{words(form.names)})"
        found.append((form, re.compile(pattern)))
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
    for form, pattern in _agency_patterns():
        for match in pattern.finditer(sentence):
            if not _overlaps(match.start(), match.end(), taken):
                taken.append((match.start(), match.end()))
                mentions.append(
                    Mention(match.start(), match.end(), form.iso, "agency", match.group(), form)
                )
    for kind, iso, pattern in _place_patterns(lang):
        for match in pattern.finditer(sentence):
            if not _overlaps(match.start(), match.end(), taken):
                taken.append((match.start(), match.end()))
                mentions.append(Mention(match.start(), match.end(), iso, kind, match.group()))
    return sorted(mentions, key=lambda m: m.start)


def find_agencies(text: str) -> tuple[str, ...]:
    """Canonical short names of the agencies named in ``text`` (any language), first seen first."""
    hits: list[tuple[int, str]] = []
    for form, pattern in _agency_patterns():
        match = pattern.search(text)
        if match is not None:
            hits.append((match.start(), form.name))
    return tuple(name for _, name in sorted(hits))


def find_countries(text: str, lang: str) -> tuple[str, ...]:
    """ISO codes of the states named in ``text`` (names, demonyms, capitals), first seen first."""
    seen: dict[str, int] = {}
    for mention in find_mentions(text, lang):
        if mention.kind != "agency":
            seen.setdefault(mention.iso, mention.start)
    return tuple(sorted(seen, key=seen.__getitem__))
