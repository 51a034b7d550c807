"""The one country table: every state's ISO code, English names, demonyms and capitals, from
``extractors/data/countries.json``.

Everything else derives from it: the English gazetteer (the ``english`` section), the alert
wording (``adjective``:
"Belarusian diplomat") and the bundled ``watchlists/countries.yaml`` (``name``,
``watchlist_aliases``, ``regions`` and ``memberships``; ``scripts/make_watchlists.py`` writes
it). A state's names in another language are that language's
lexicon's (``data/lexicons/<code>.yaml``, ``places``), else CLDR's. The file is read and
validated once per process; a bad file raises
:class:`~nongrata.errors.DataFileError` naming the file and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from nongrata.errors import DataFileError
from nongrata.extractors.datafile import Reader, decode

FILE_NAME = "countries.json"
_ISO = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class EnglishForms:
    """What the English gazetteer matches for a state (as written, whole words)."""

    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]  # also seats of government used as metonyms (Kremlin)
    cities: tuple[str, ...]  # datelines


@dataclass(frozen=True)
class Country:
    iso: str
    name: str  # the common English name ("Russia", "Czech Republic")
    watchlist_aliases: tuple[str, ...]  # the bundled watchlist's aliases besides ISO names
    regions: tuple[str, ...]  # the bundled watchlist's region tags
    adjective: str | None  # alert wording: "Belarusian diplomat"; None → "diplomat of …"
    english: EnglishForms | None  # None: the English gazetteer does not know the state
    until: date | None = None  # a former state (Soviet Union, East Germany): its last day
    # a former state's services whose names a later state's service took (the KGB: Belarus's
    # today, the Soviet Union's in a Cold War story), as the agency table names them
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Body:
    """A body that is not a state (EU, NATO), as the English gazetteer knows it."""

    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class CountryTable:
    countries: tuple[Country, ...]
    bodies: tuple[Body, ...]
    memberships: Mapping[str, tuple[str, ...]]  # tag (eu, nato…) → ISO codes
    by_iso: Mapping[str, Country]
    # states that no longer exist (SU, DD, CS): the gazetteer knows them, so that a Cold War
    # case is told as the corpus labels it; the watchlists and the current-state look-ups
    # (``by_iso``) do not list them
    former_states: tuple[Country, ...] = ()

    def country(self, iso: str) -> Country | None:
        code = iso.upper()
        return self.by_iso.get(code) or next((c for c in self.former_states if c.iso == code), None)

    def known_codes(self) -> set[str]:
        """Every code the table knows: current states and former ones."""
        return set(self.by_iso) | {c.iso for c in self.former_states}

    def adjective(self, iso: str) -> str | None:
        found = self.country(iso)
        return found.adjective if found else None


def _english(source: str, entry: str, raw: Any) -> EnglishForms:
    fields = {"aliases", "demonyms", "capitals", "cities"}
    r = Reader(source, f"{entry} english", raw, fields, fields - {"cities"})
    return EnglishForms(
        r.texts("aliases"), r.texts("demonyms"), r.texts("capitals"), r.texts("cities")
    )


def _country(source: str, index: int, raw: Any) -> Country:
    entry = f"countries[{index}]"
    if isinstance(raw, dict) and isinstance(raw.get("iso"), str):
        entry = f"{entry} ({raw['iso']})"
    fields = {"iso", "name", "watchlist_aliases", "regions", "adjective", "english"}
    r = Reader(source, entry, raw, fields, {"iso", "name", "regions"})
    iso = r.text("iso")
    if not _ISO.fullmatch(iso):
        r.fail("'iso' must be an ISO 3166-1 alpha-2 code (two capitals)")
    return Country(
        iso=iso,
        name=r.text("name"),
        watchlist_aliases=r.texts("watchlist_aliases"),
        regions=r.texts("regions"),
        adjective=r.text("adjective") if "adjective" in r.raw else None,
        english=_english(source, entry, r.raw["english"]) if "english" in r.raw else None,
    )


def _former_state(source: str, index: int, raw: Any) -> Country:
    entry = f"former_states[{index}]"
    fields = {"iso", "name", "adjective", "until", "english", "services"}
    r = Reader(source, entry, raw, fields, fields - {"services"})
    iso = r.text("iso")
    if not _ISO.fullmatch(iso):
        r.fail("'iso' must be a two-capital code (ISO 3166-3 alpha-2 of the former state)")
    try:
        until = date.fromisoformat(r.text("until"))
    except ValueError:
        r.fail("'until' must be a date (YYYY-MM-DD)")
    return Country(
        iso=iso,
        name=r.text("name"),
        watchlist_aliases=(),
        regions=(),
        adjective=r.text("adjective"),
        english=_english(source, entry, r.raw["english"]),
        until=until,
        services=r.texts("services"),
    )


def _body(source: str, index: int, raw: Any) -> Body:
    fields = {"code", "name", "aliases", "demonyms"}
    r = Reader(source, f"bodies[{index}]", raw, fields, fields)
    return Body(r.text("code"), r.text("name"), r.texts("aliases"), r.texts("demonyms"))


def _codes(source: str, entry: str, raw: Any, known: set[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise DataFileError(source, entry, "must be a list of ISO codes")
    for code in raw:
        if code not in known:
            raise DataFileError(source, entry, f"{code!r} is not a country of the table")
    return tuple(raw)


def parse_table(source: str, raw: Any) -> CountryTable:
    """Validate the decoded file ``source``; every problem is one :class:`DataFileError`."""
    fields = {"memberships", "countries", "bodies", "former_states"}
    top = Reader(source, "the file", raw, fields, fields - {"former_states"})
    if not isinstance(top.raw["countries"], list) or not isinstance(top.raw["bodies"], list):
        top.fail("'countries' and 'bodies' must be lists")
    countries = tuple(_country(source, i, c) for i, c in enumerate(top.raw["countries"]))
    by_iso: dict[str, Country] = {}
    for country in countries:
        if country.iso in by_iso:
            raise DataFileError(source, country.iso, "listed twice")
        by_iso[country.iso] = country
    seen = set(by_iso)
    if not isinstance(top.raw["memberships"], dict):
        top.fail("'memberships' must be an object")
    memberships = {
        str(tag): _codes(source, f"memberships {tag}", codes, seen)
        for tag, codes in top.raw["memberships"].items()
    }
    bodies = tuple(_body(source, i, b) for i, b in enumerate(top.raw["bodies"]))
    raw_former = top.raw.get("former_states", [])
    if not isinstance(raw_former, list):
        top.fail("'former_states' must be a list")
    former = tuple(_former_state(source, i, f) for i, f in enumerate(raw_former))
    for state in former:
        if state.iso in seen:
            raise DataFileError(source, state.iso, "listed twice")
        seen.add(state.iso)
    return CountryTable(countries, bodies, memberships, by_iso, former)


def read_table(text: str, source: str) -> CountryTable:
    return parse_table(source, decode(text, source))


@cache
def country_table() -> CountryTable:
    """The bundled country table, read and validated once per process."""
    path = files("nongrata.extractors").joinpath("data", FILE_NAME)
    return read_table(path.read_text("utf-8"), f"extractors/data/{FILE_NAME}")
