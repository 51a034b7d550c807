"""States, their demonyms and capitals, and intelligence/security agencies.

The data comes from the one country table and the one agency table
(``nongrata.extractors.countries`` and ``.agencies``), read once per process. Country names
are the full English forms the corpus uses ("United States", "Czech Republic"); ``actor_iso`` /
``target_iso`` are ISO 3166-1 alpha-2 codes, and bodies that are not states (EU, NATO) carry
``iso=None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from nongrata.errors import DataFileError
from nongrata.extractors.agencies import agency_table
from nongrata.extractors.countries import country_table

# Label the EntityRuler gives to agencies; ``ent_id_`` holds the canonical short name.
AGENCY_LABEL = "ORG"
_AGENCY_ID_PREFIX = "agency:"
_STATE_ID_PREFIX = "state:"


@dataclass(frozen=True)
class State:
    """A state (or a body such as the EU, with ``iso`` None) as the output names it."""

    key: str  # ISO code, or the body's code (EU, NATO)
    name: str
    iso: str | None
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    cities: tuple[str, ...]
    until: date | None = None  # a former state's last day (Soviet Union: 1991-12-26)


@dataclass(frozen=True)
class Agency:
    short: str
    country: str
    aliases: tuple[str, ...]  # unambiguous names, matched as written
    context_aliases: tuple[str, ...]  # ambiguous acronyms: need the agency's state in the text
    descriptors: tuple[str, ...]  # descriptive heads ("military intelligence"): need the state


@dataclass(frozen=True)
class AgencyMention:
    short: str
    start: int  # character offsets in the text searched
    end: int


class Gazetteer:
    """Look-ups from surface strings to states and agencies."""

    def __init__(self, states: Sequence[State], agencies: Sequence[Agency]) -> None:
        self.states: dict[str, State] = {s.key: s for s in states}
        self.agencies: dict[str, Agency] = {a.short: a for a in agencies}
        self._place: dict[str, str] = {}
        self._demonym: dict[str, str] = {}
        self._city: dict[str, str] = {}
        for state in states:
            for name in (state.name, *state.names, *state.capitals):
                self._place.setdefault(_norm(name), state.key)
            for demonym in state.demonyms:
                self._demonym.setdefault(_norm(demonym), state.key)
            for city in state.cities:
                self._city.setdefault(_norm(city), state.key)
        self._alias_re = _alternation((alias, a.short) for a in agencies for alias in a.aliases)
        self._context_alias_re = _alternation(
            (alias, a.short) for a in agencies for alias in a.context_aliases
        )
        self._descriptor_re = re.compile(
            r"(?<![\w-])("
            + "|".join(
                sorted(
                    {re.escape(d) for a in agencies for d in a.descriptors},
                    key=len,
                    reverse=True,
                )
            )
            + r")(?![\w-])",
            re.IGNORECASE,
        )
        self._alias_owner: dict[str, str] = {
            alias: a.short for a in agencies for alias in (*a.aliases, *a.context_aliases)
        }

    # States ------------------------------------------------------------------------

    def state(self, key: str) -> State:
        return self.states[key]

    def place(self, text: str) -> str | None:
        """Key of the state a country name, alias or capital (metonymy) refers to."""
        return self._place.get(_norm(text))

    def demonym(self, text: str) -> str | None:
        """Key of the state a demonym ("Belarusian", "Filipinos") refers to."""
        return self._demonym.get(_norm(text))

    def city(self, text: str) -> str | None:
        """Key of the state a (dateline) city lies in: capitals and major cities."""
        key = _norm(text)
        return self._place.get(key) or self._city.get(key)

    def state_of(self, text: str) -> str | None:
        """A country name, capital, demonym or possessive ("Russia's") → state key."""
        cleaned = re.sub(r"['’]s?$", "", text.strip())
        return self.place(cleaned) or self.demonym(cleaned)

    # Agencies ----------------------------------------------------------------------

    def agency_of_alias(self, text: str) -> str | None:
        return self._alias_owner.get(text.strip())

    def agency_for(self, state_key: str, descriptor: str) -> str | None:
        """The agency a descriptive head refers to for a state ("military intelligence", RU)."""
        wanted = _norm(descriptor)
        for agency in self.agencies.values():
            if agency.country == state_key and any(_norm(d) == wanted for d in agency.descriptors):
                return agency.short
        return None

    def find_agency_names(self, text: str, states_in_text: Iterable[str]) -> list[AgencyMention]:
        """Agencies named in ``text`` (unambiguous names; acronyms needing their state)."""
        present = set(states_in_text)
        found = [
            AgencyMention(self._alias_owner[m.group(1)], m.start(1), m.end(1))
            for m in self._alias_re.finditer(text)
        ]
        for m in self._context_alias_re.finditer(text):
            short = self._alias_owner[m.group(1)]
            if self.agencies[short].country in present:
                found.append(AgencyMention(short, m.start(1), m.end(1)))
        return found

    def find_agency_descriptors(self, text: str) -> list[tuple[str, int, int]]:
        """Descriptive agency heads in ``text``: (descriptor, start, end)."""
        return [(m.group(1), m.start(1), m.end(1)) for m in self._descriptor_re.finditer(text)]

    # spaCy -------------------------------------------------------------------------

    def entity_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns: agencies (ORG), states and capitals (GPE), demonyms (NORP)."""
        patterns: list[dict[str, Any]] = []
        for agency in self.agencies.values():
            for alias in (*agency.aliases, *agency.context_aliases):
                patterns.append(
                    {
                        "label": AGENCY_LABEL,
                        "pattern": alias,
                        "id": _AGENCY_ID_PREFIX + agency.short,
                    }
                )
        for state in self.states.values():
            label = "GPE" if state.iso else "ORG"
            for name in (state.name, *state.names, *state.capitals):
                if name.startswith("the "):
                    continue
                patterns.append(
                    {"label": label, "pattern": name, "id": _STATE_ID_PREFIX + state.key}
                )
            for demonym in state.demonyms:
                patterns.append(
                    {"label": "NORP", "pattern": demonym, "id": _STATE_ID_PREFIX + state.key}
                )
        return patterns


def state_key_from_ent_id(ent_id: str) -> str | None:
    return ent_id[len(_STATE_ID_PREFIX) :] if ent_id.startswith(_STATE_ID_PREFIX) else None


def agency_from_ent_id(ent_id: str) -> str | None:
    return ent_id[len(_AGENCY_ID_PREFIX) :] if ent_id.startswith(_AGENCY_ID_PREFIX) else None


def _norm(text: str) -> str:
    text = text.strip().replace("’", "'")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).lower()


def _alternation(pairs: Iterable[tuple[str, str]]) -> re.Pattern[str]:
    aliases = sorted({alias for alias, _ in pairs}, key=len, reverse=True)
    if not aliases:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w&-])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w&-])")


@cache
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, read once per process."""
    return Gazetteer(_states(), _agencies())


@cache
def former_era_gazetteer() -> Gazetteer:
    """The gazetteer of a story told in a former state's time: a service whose name a later
    state's service kept (the KGB) is the former state's (the Soviet Union's)."""
    owner = {service: c.iso for c in country_table().former_states for service in c.services}
    agencies = _agencies()
    for service in set(owner) - {a.short for a in agencies}:
        raise DataFileError(
            "extractors/data/countries.json",
            f"former_states {owner[service]}",
            f"service {service!r} is not an agency of extractors/data/agencies.json",
        )
    return Gazetteer(
        _states(), [replace(a, country=owner.get(a.short, a.country)) for a in agencies]
    )


def told_in_former_era(states: Iterable[str], reference: date | None) -> bool:
    """Is a story told in a former state's time? Published before the state ended, or naming
    a former state (the Soviet Union) and not the later owner of its services' names."""
    gaz = gazetteer()
    named = set(states)
    former = [s for s in gaz.states.values() if s.until is not None]
    if reference is not None and any(reference <= s.until for s in former if s.until):
        return True
    if not named & {s.key for s in former}:
        return False
    heirs = {
        gaz.agencies[a].country
        for a, agency in former_era_gazetteer().agencies.items()
        if a in gaz.agencies and gaz.agencies[a].country != agency.country
    }
    return not named & heirs


def _states() -> list[State]:
    table = country_table()
    states = [
        State(
            key=c.iso,
            name=c.name,
            iso=c.iso,
            names=c.english.aliases,
            demonyms=c.english.demonyms,
            capitals=c.english.capitals,
            cities=c.english.cities,
            until=c.until,
        )
        for c in (*table.countries, *table.former_states)
        if c.english is not None
    ]
    states += [
        State(
            key=b.code,
            name=b.name,
            iso=None,
            names=b.aliases,
            demonyms=b.demonyms,
            capitals=(),
            cities=(),
        )
        for b in table.bodies
    ]
    return states


def _agencies() -> list[Agency]:
    return [
        Agency(
            short=a.short,
            country=a.country,
            aliases=a.english.aliases,
            context_aliases=a.english.context_aliases,
            descriptors=a.english.descriptors,
        )
        for a in agency_table().agencies
        if a.english is not None
    ]
