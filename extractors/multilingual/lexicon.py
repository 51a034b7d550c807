"""Per-language cue lexicons for the non-English event finder (``multilingual``).

Every entry is a regular expression, matched case-insensitively from a word start; stems end
in ``\\w*`` to take inflections. A trigger names the event; it only counts when the context
cue its type needs (espionage for arrest/charge/conviction, diplomacy or espionage for
expulsion, recall and closure) is near, and when no negation, modal or non-event cue sits in
its clause.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (cached patterns)
class LanguageLexicon:
    expulsion: tuple[str, ...]
    arrest: tuple[str, ...]
    charge: tuple[str, ...]
    conviction: tuple[str, ...]
    recall: tuple[str, ...]
    closure: tuple[str, ...]
    espionage: tuple[str, ...]
    diplomatic: tuple[str, ...]
    negation: tuple[str, ...]
    not_negation: tuple[str, ...]  # "not only …": a negation word that negates nothing
    modal: tuple[str, ...]  # calls, threats, plans, possibilities
    not_expulsion: tuple[str, ...]  # parties, organisations, migrants
    not_event: tuple[str, ...]  # acquittals, dropped charges
    past: tuple[str, ...]  # background cues: "last year", pluperfect
    fresh: tuple[str, ...]  # today, yesterday, weekdays
    months: tuple[str, ...]  # twelve patterns, January first
    month_prefix: str  # words before a bare month name ("im", "en", "w", "в" …)
    numbers: dict[str, int]
    people: tuple[str, ...]  # nouns a count refers to (diplomats, employees, men …)
    authority: tuple[str, ...]  # government, authorities, court, prosecutor …
    beneficiary: str  # "for"/"on behalf of" right before a state or agency (regex, at end)
    range_prefix: str = r"(?!)"  # words that make a year a span, not a date ("seit", "od")
    negation_after: bool = False  # verb-second languages put "not" after the verb


def lexicons() -> dict[str, LanguageLexicon]:
    """Every language's lexicon by ISO 639-1 code (Norwegian under ``no``)."""
    from nongrata.extractors.multilingual.lexicon_germanic import DE, NO
    from nongrata.extractors.multilingual.lexicon_romance import ES, FR, RO
    from nongrata.extractors.multilingual.lexicon_slavic import PL, RU

    return {"de": DE, "fr": FR, "pl": PL, "ru": RU, "es": ES, "ro": RO, "no": NO}


LEXICON_LANGUAGES: frozenset[str] = frozenset({"de", "fr", "pl", "ru", "es", "ro", "no"})
# Language codes that share a lexicon (Norwegian Bokmål and Nynorsk, as py3langid reports them).
LANGUAGE_ALIASES: dict[str, str] = {"nb": "no", "nn": "no"}
