"""Per-language cue lexicons for the non-English event finder (``multilingual``).

Each language's lexicon is a data file, ``extractors/data/lexicons/<code>.yaml`` (the format:
that folder's README.md); the languages read are the files present (``en.yaml`` belongs to
the English rules), plus the aliases a file declares (``nb``, ``nn`` → ``no``). Files are read
and checked once, on first use: a bad file is one :class:`~nongrata.errors.DataFileError`
naming the file and the entry.

Every entry is a regular expression, matched case-insensitively from a word start; stems end
in ``\\w*`` to take inflections. A trigger names the event; it only counts when the context
cue its type needs (espionage for arrest/charge/conviction, diplomacy or espionage for
expulsion, recall and closure) is near, and when no negation, modal or non-event cue sits in
its clause.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, get_args

from nongrata.errors import DataFileError
from nongrata.extractors.lexicon_file import LexiconFile, lexicon_paths
from nongrata.types import EVENT_TYPES, EventType

Boundaries = Literal["words", "start", "none"]
ENGLISH = "en"  # English is read by the English rules (``english/lexicon.py``), not these
_NO_MATCH = r"(?!)"


@dataclass(frozen=True)
class PlaceForms:
    """Regular expressions for one state in one language (``places`` of a lexicon file)."""

    names: str  # every form of the state's name: the state that acts ("Polen", "Rosji")
    adjectives: str | None  # adjectives and demonyms: usually the side acted on ("russische")
    cities: str | None  # capitals and other cities: metonyms and datelines ("Moskau")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (cached patterns)
class LanguageLexicon:
    language: str  # ISO 639-1 code: the file's name
    aliases: tuple[str, ...]  # other codes read with this lexicon ("nb", "nn" for "no")
    triggers: Mapping[EventType, tuple[str, ...]]  # every event type's trigger patterns
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
    numbers: Mapping[str, int]
    people: tuple[str, ...]  # nouns a count refers to (diplomats, employees, men …)
    authority: tuple[str, ...]  # government, authorities, court, prosecutor …
    citizen: tuple[str, ...]  # "citizen of": the state after it is a nationality
    beneficiary: str  # "for"/"on behalf of" right before a state or agency (regex, at end)
    range_prefix: str = _NO_MATCH  # words that make a year a span ("seit", "od")
    # a postposition right after a state that makes it the beneficiary ("Oroszország javára")
    beneficiary_after: str = _NO_MATCH
    negation_after: bool = False  # verb-second languages put "not" after the verb
    abbreviations: frozenset[str] = frozenset()  # a period after one ends no sentence
    places: Mapping[str, PlaceForms] = field(default_factory=dict)  # ISO code → forms
    agencies: Mapping[str, str] = field(default_factory=dict)  # agency id → local names
    # words: a pattern matches whole words; start: from a word start, suffixes may follow
    # (agglutinative languages); none: anywhere (scripts written without spaces)
    boundaries: Boundaries = "words"
    prefixes: str | None = None  # clitics glued in front of a word (Arabic و، ب، ال …)
    possessive_after: str | None = None  # after a state's name, makes it a nationality (の)
    verb_initial: bool = False  # VSO: a state right after the trigger is its subject
    verb_second: bool = False  # V2: so is one after it when another word opens the sentence
    paragraph_time: bool = False  # a sentence without a time cue keeps its paragraph's past
    verb_final: bool = False  # SOV: the state nearest before the trigger is its object
    conjunctions: tuple[str, ...] = ()  # "and", "as well as": join the states of one list
    generic: tuple[str, ...] = ()  # definitions, procedure, fiction: the sentence tells no event
    reaction: tuple[str, ...] = ()  # "condemned", "responded to": the trigger after is reacted to
    other_crime: tuple[str, ...] = ()  # bribery, fraud, drugs: a security service's other cases
    scene: tuple[str, ...] = ()  # "the war in": the state after it is a place, no side
    leave: tuple[str, ...] = ()  # "leave", "must quit": the state after it is the expelling one
    home: str | None = None  # ISO code of the state whose press writes the language mostly
    # titles whose bearer is no subject of an event (minister, spokesman, judge, lawyer)
    not_person: tuple[str, ...] = ()
    # uncased scripts: patterns whose group "name" is a person ("(?P<name>…)容疑者")
    person_names: tuple[str, ...] = ()
    # "a second suspect": a further word before a person noun (nongrata.extractors.further)
    further_words: tuple[str, ...] = ()
    further_nouns: tuple[str, ...] = ()
    # event type → lemmas (simplemma): a word whose lemma is one is a trigger ("wydalić")
    trigger_lemmas: Mapping[EventType, tuple[str, ...]] = field(default_factory=dict)

    def wrap(self, patterns: str | tuple[str, ...]) -> str:
        """One alternation of ``patterns`` matched as this language delimits words."""
        body = patterns if isinstance(patterns, str) else "|".join(patterns)
        if self.boundaries == "none":
            return f"(?:{body})"
        start = r"(?<!\w)" if self.prefixes is None else rf"(?<!\w)(?:{self.prefixes})?"
        end = r"(?!\w)" if self.boundaries == "words" else ""
        return f"{start}(?:{body}){end}"

    @property
    def spaced(self) -> bool:
        """Whether words are separated by spaces (every boundary mode but ``none``)."""
        return self.boundaries != "none"

    def trigger_patterns(self, *etypes: EventType) -> tuple[str, ...]:
        """The trigger patterns of ``etypes``, in that order, and the stems of their
        ``trigger_lemmas`` (``wyda\\w*``): every word a trigger can be (the prefilter's test)."""
        from nongrata.extractors.multilingual.lemmas import stem_pattern

        lemmas = [
            stem_pattern(self.trigger_lemmas[e]) for e in etypes if self.trigger_lemmas.get(e)
        ]
        return (*(pattern for etype in etypes for pattern in self.triggers[etype]), *lemmas)


_LISTS = (
    "espionage",
    "diplomatic",
    "negation",
    "not_negation",
    "modal",
    "not_expulsion",
    "not_event",
    "past",
    "fresh",
    "months",
    "people",
    "authority",
    "citizen",
)
_REQUIRED = ("triggers", *_LISTS, "month_prefix", "numbers", "beneficiary")
_OPTIONAL = (
    "aliases",
    "range_prefix",
    "beneficiary_after",
    "negation_after",
    "abbreviations",
    "places",
    "agencies",
    "boundaries",
    "prefixes",
    "possessive_after",
    "verb_final",
    "verb_initial",
    "verb_second",
    "paragraph_time",
    "home",
    "conjunctions",
    "generic",
    "reaction",
    "other_crime",
    "scene",
    "leave",
    "not_person",
    "person_names",
    "further_words",
    "further_nouns",
    "trigger_lemmas",
)
_KNOWN = (*_REQUIRED, *_OPTIONAL)


def _places(file: LexiconFile) -> Mapping[str, PlaceForms]:
    from nongrata.extractors.countries import country_table

    known = country_table().known_codes()  # former states too: a Cold War case is told as such
    found: dict[str, PlaceForms] = {}
    for iso, raw in file.mapping("places").items():
        entry = f"places.{iso}"
        if iso not in known:
            raise file.error(entry, "not an ISO 3166 code of the country table")
        if not isinstance(raw, dict) or "names" not in raw:
            raise file.error(entry, "must be a mapping with 'names' (and 'adjectives', 'cities')")
        for key in raw:
            if key not in ("names", "adjectives", "cities"):
                raise file.error(f"{entry}.{key}", "unknown key (known: adjectives, cities, names)")
        optional = {
            key: file.regex(f"{entry}.{key}", raw[key]) if key in raw else None
            for key in ("adjectives", "cities")
        }
        found[iso] = PlaceForms(names=file.regex(f"{entry}.names", raw["names"]), **optional)
    return MappingProxyType(found)


def _agencies(file: LexiconFile) -> Mapping[str, str]:
    from nongrata.extractors.agencies import agency_table

    known = {record.id for record in agency_table().agencies if record.multilingual is not None}
    found: dict[str, str] = {}
    for agency, names in file.mapping("agencies").items():
        if agency not in known:
            raise file.error(f"agencies.{agency}", "not an agency id of agencies.json")
        found[agency] = file.regex(f"agencies.{agency}", names)
    return MappingProxyType(found)


def _boundaries(file: LexiconFile) -> Boundaries:
    value = file.data.get("boundaries", "words")
    modes: tuple[Boundaries, ...] = get_args(Boundaries)
    for mode in modes:
        if value == mode:
            return mode
    raise file.error("boundaries", f"must be one of: {', '.join(get_args(Boundaries))}")


def _home(file: LexiconFile) -> str | None:
    from nongrata.extractors.countries import country_table

    value = file.data.get("home")
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or country_table().country(value) is None
        or value != value.upper()
    ):
        raise file.error("home", "must be an ISO 3166 code of the country table (PL, DE …)")
    return value


def _optional_pattern(file: LexiconFile, key: str) -> str | None:
    return file.pattern(key) if key in file.data else None


def _person_names(file: LexiconFile) -> tuple[str, ...]:
    if "person_names" not in file.data:
        return ()
    found = file.patterns("person_names")
    for index, pattern in enumerate(found):
        if "(?P<name>" not in pattern:
            raise file.error(f"person_names[{index}]", "must have a group (?P<name>...)")
    return found


def _trigger_lemmas(file: LexiconFile) -> Mapping[EventType, tuple[str, ...]]:
    from nongrata.extractors.multilingual.lemmas import simplemma_code

    if "trigger_lemmas" not in file.data:
        return MappingProxyType({})
    if simplemma_code(file.path.stem) is None:
        raise file.error("trigger_lemmas", "simplemma has no dictionary of this language")
    given = file.mapping("trigger_lemmas")
    found: dict[EventType, tuple[str, ...]] = {}
    for etype in EVENT_TYPES:
        if etype in given:
            found[etype] = tuple(sorted(file.words(f"trigger_lemmas.{etype}", given[etype])))
    for name in given:
        if name not in found:
            known = ", ".join(EVENT_TYPES)
            raise file.error(f"trigger_lemmas.{name}", f"unknown event type (known: {known})")
    return MappingProxyType(found)


def load_lexicon(path: Path) -> LanguageLexicon:
    """The lexicon in ``path`` (its language: the file's name), checked entry by entry."""
    file = LexiconFile(path, _KNOWN, _REQUIRED)
    given = file.section("triggers", EVENT_TYPES, "event type")
    triggers = {etype: file.patterns(f"triggers.{etype}", given[etype]) for etype in EVENT_TYPES}
    lists = {key: file.patterns(key) for key in _LISTS}
    if len(lists["months"]) != 12:
        raise file.error("months", "must hold twelve patterns, January first")
    aliases = file.strings("aliases", file.data["aliases"]) if "aliases" in file.data else ()
    abbreviations = frozenset[str]()
    if "abbreviations" in file.data:
        abbreviations = file.words("abbreviations", file.data["abbreviations"])
        if any(a != a.lower() or "." in a for a in abbreviations):
            raise file.error("abbreviations", "must be lower-case words without the period")
    return LanguageLexicon(
        language=path.stem,
        aliases=aliases,
        triggers=MappingProxyType(triggers),
        month_prefix=file.pattern("month_prefix"),
        numbers=file.numbers("numbers"),
        beneficiary=file.pattern("beneficiary"),
        range_prefix=file.pattern("range_prefix", _NO_MATCH),
        beneficiary_after=file.pattern("beneficiary_after", _NO_MATCH),
        negation_after=file.flag("negation_after", False),
        abbreviations=abbreviations,
        places=_places(file),
        agencies=_agencies(file),
        boundaries=_boundaries(file),
        prefixes=_optional_pattern(file, "prefixes"),
        possessive_after=_optional_pattern(file, "possessive_after"),
        verb_final=file.flag("verb_final", False),
        verb_initial=file.flag("verb_initial", False),
        verb_second=file.flag("verb_second", False),
        paragraph_time=file.flag("paragraph_time", False),
        home=_home(file),
        conjunctions=file.patterns("conjunctions") if "conjunctions" in file.data else (),
        generic=file.patterns("generic") if "generic" in file.data else (),
        reaction=file.patterns("reaction") if "reaction" in file.data else (),
        other_crime=file.patterns("other_crime") if "other_crime" in file.data else (),
        scene=file.patterns("scene") if "scene" in file.data else (),
        leave=file.patterns("leave") if "leave" in file.data else (),
        not_person=file.patterns("not_person") if "not_person" in file.data else (),
        person_names=_person_names(file),
        further_words=file.patterns("further_words") if "further_words" in file.data else (),
        further_nouns=file.patterns("further_nouns") if "further_nouns" in file.data else (),
        trigger_lemmas=_trigger_lemmas(file),
        **lists,
    )


@cache
def lexicons() -> Mapping[str, LanguageLexicon]:
    """Every language's lexicon by ISO 639-1 code (Norwegian under ``no``): one per file."""
    return load_lexicons([p for p in lexicon_paths() if p.stem != ENGLISH])


def load_lexicons(paths: Iterable[Path]) -> Mapping[str, LanguageLexicon]:
    """The lexicons in ``paths``; an alias that is a language or another file's alias is an
    error."""
    found: dict[str, LanguageLexicon] = {}
    files: dict[str, Path] = {}
    owners: dict[str, str] = {}
    for path in paths:
        lexicon = load_lexicon(path)
        found[lexicon.language] = lexicon
        files[lexicon.language] = path
        for alias in lexicon.aliases:
            if alias in owners or alias == ENGLISH or alias == lexicon.language:
                owner = owners.get(alias, alias)
                raise DataFileError(str(path), "aliases", f"{alias!r} is already read as {owner!r}")
            owners[alias] = lexicon.language
    for alias, code in owners.items():
        if alias in found:
            raise DataFileError(str(files[code]), "aliases", f"{alias!r} has its own file")
    return MappingProxyType(found)


@cache
def language_aliases() -> Mapping[str, str]:
    """Language codes read with another language's lexicon (``nb``, ``nn`` → ``no``)."""
    return MappingProxyType(
        {alias: code for code, lex in lexicons().items() for alias in lex.aliases}
    )


@cache
def lexicon_languages() -> frozenset[str]:
    """The languages with a lexicon file (aliases aside)."""
    return frozenset(lexicons())


def lexicon_key(lang: str) -> str:
    """The lexicon language ``lang`` is read as (an alias resolved; else ``lang`` itself)."""
    return language_aliases().get(lang, lang)


@cache
def abbreviations() -> frozenset[str]:
    """Every lexicon's abbreviations: a sentence in any language is split with all of them
    (articles quote titles and names written in other languages)."""
    return frozenset(a for lex in lexicons().values() for a in lex.abbreviations)


@cache
def supported_languages() -> frozenset[str]:
    """Every code the multilingual rules read: the lexicon languages and their aliases."""
    return lexicon_languages() | frozenset(language_aliases())
