"""The one agency table: every intelligence and security service, its state and its names for
each reader, from ``extractors/data/agencies.json``.

One record per agency (``id``, ``name``, ``country``) with a section per reader: ``watchlist``
(aliases, tags, note and the heading it is listed under in the bundled
``watchlists/agencies.yaml``, which ``scripts/make_agencies.py`` writes), ``english`` (the
English gazetteer's unambiguous aliases, acronyms that need the agency's state in the text, and
descriptive heads) and ``multilingual`` (whether it acts at home or abroad, acronyms matched as
written, full names as a case-insensitive regular expression). ``short`` is the name extraction
reports when it differs from ``name`` (``MIT`` for ``MİT``). The file is read and validated
once per process; a bad file raises :class:`~nongrata.errors.DataFileError`.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal, cast

from nongrata.errors import DataFileError
from nongrata.extractors.countries import country_table
from nongrata.extractors.datafile import Reader, decode

FILE_NAME = "agencies.json"
AgencyRole = Literal["domestic", "foreign", "both"]
_ROLES = ("domestic", "foreign", "both")
_ID = re.compile(r"[a-z]{2}-[a-z0-9-]+")


@dataclass(frozen=True)
class WatchlistNames:
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    note: str | None
    group: str | None  # the heading the bundled watchlist lists it under ("Russia")


@dataclass(frozen=True)
class EnglishNames:
    """The English gazetteer's names of an agency (what each is for: ``gazetteer.Agency``)."""

    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...]
    descriptors: tuple[str, ...]


@dataclass(frozen=True)
class AgencyForm:
    """An agency, its state, and whether it acts at home (arrests) or abroad (is spied for)."""

    name: str
    iso: str
    role: AgencyRole
    acronyms: tuple[str, ...]  # matched case-sensitively
    names: str = ""  # full names, matched case-insensitively (a regex)


@dataclass(frozen=True)
class AgencyRecord:
    id: str
    name: str  # the usual short name, as the watchlist lists it
    short: str  # the name extraction reports
    country: str
    watchlist: WatchlistNames | None  # None: not in the bundled watchlist
    english: EnglishNames | None  # None: the English gazetteer does not know it
    multilingual: AgencyForm | None  # None: the other languages' finder does not know it


@dataclass(frozen=True)
class AgencyTable:
    agencies: tuple[AgencyRecord, ...]

    def multilingual_forms(self) -> tuple[AgencyForm, ...]:
        return tuple(a.multilingual for a in self.agencies if a.multilingual is not None)


def _optional(r: Reader, key: str) -> str | None:
    return r.text(key) if key in r.raw else None


def _watchlist(source: str, entry: str, raw: Any) -> WatchlistNames:
    r = Reader(source, f"{entry} watchlist", raw, {"aliases", "tags", "note", "group"}, set())
    return WatchlistNames(
        r.texts("aliases"), r.texts("tags"), _optional(r, "note"), _optional(r, "group")
    )


def _english(source: str, entry: str, raw: Any) -> EnglishNames:
    fields = {"aliases", "context_aliases", "descriptors"}
    r = Reader(source, f"{entry} english", raw, fields, fields)
    return EnglishNames(r.texts("aliases"), r.texts("context_aliases"), r.texts("descriptors"))


def _multilingual(source: str, entry: str, raw: Any, short: str, iso: str) -> AgencyForm:
    r = Reader(
        source, f"{entry} multilingual", raw, {"role", "acronyms", "names"}, {"role", "acronyms"}
    )
    role = r.text("role")
    if role not in _ROLES:
        r.fail(f"'role' must be one of {', '.join(_ROLES)}")
    acronyms, names = r.texts("acronyms"), r.pattern("names")
    if not acronyms and not names:
        # a bare acronym two states' services share (SIS) is left to the lexicons of the
        # languages where it is theirs; the agency is then found by its names
        r.fail("'acronyms' must not be empty without 'names'")
    return AgencyForm(short, iso, cast(AgencyRole, role), acronyms, names)


def _agency(source: str, index: int, raw: Any, countries: Set[str]) -> AgencyRecord:
    entry = f"agencies[{index}]"
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        entry = f"{entry} ({raw['id']})"
    fields = {"id", "name", "short", "country", "watchlist", "english", "multilingual"}
    r = Reader(source, entry, raw, fields, {"id", "name", "country"})
    agency_id, name, country = r.text("id"), r.text("name"), r.text("country")
    if not _ID.fullmatch(agency_id):
        r.fail("'id' must be a lower-case country code, a hyphen and a name (ru-fsb)")
    if country not in countries:
        r.fail(f"'country' {country!r} is not in the country table")
    short = _optional(r, "short") or name
    return AgencyRecord(
        id=agency_id,
        name=name,
        short=short,
        country=country,
        watchlist=_watchlist(source, entry, r.raw["watchlist"]) if "watchlist" in r.raw else None,
        english=_english(source, entry, r.raw["english"]) if "english" in r.raw else None,
        multilingual=(
            _multilingual(source, entry, r.raw["multilingual"], short, country)
            if "multilingual" in r.raw
            else None
        ),
    )


def parse_table(source: str, raw: Any, countries: Set[str]) -> AgencyTable:
    """Validate the decoded file ``source`` against the ISO codes of the country table."""
    top = Reader(source, "the file", raw, {"agencies"}, {"agencies"})
    if not isinstance(top.raw["agencies"], list):
        top.fail("'agencies' must be a list")
    agencies = tuple(_agency(source, i, a, countries) for i, a in enumerate(top.raw["agencies"]))
    ids: set[str] = set()
    shorts: set[str] = set()
    for agency in agencies:
        if agency.id in ids:
            raise DataFileError(source, agency.id, "listed twice")
        ids.add(agency.id)
        # The English gazetteer knows an agency by its extraction name: one per name. Two
        # states' services may share one in the other languages (SIS: Moldova's and
        # Slovakia's), each found with its own state; their side follows the event's states.
        if agency.english is not None:
            if agency.short in shorts:
                raise DataFileError(source, agency.id, f"extraction name {agency.short!r} twice")
            shorts.add(agency.short)
    return AgencyTable(agencies)


def read_table(text: str, source: str, countries: Set[str]) -> AgencyTable:
    return parse_table(source, decode(text, source), countries)


@cache
def agency_table() -> AgencyTable:
    """The bundled agency table, read and validated once per process."""
    path = files("nongrata.extractors").joinpath("data", FILE_NAME)
    countries = set(country_table().by_iso)
    return read_table(path.read_text("utf-8"), f"extractors/data/{FILE_NAME}", countries)
