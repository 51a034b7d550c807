"""Write the bundled watchlists ``watchlists/countries.yaml`` and ``watchlists/agencies.yaml``
from the one country table and the one agency table (``extractors/data/countries.json``,
``extractors/data/agencies.json``): the YAML files users edit are generated, never edited here.

Usage: ``python scripts/make_watchlists.py [--check] [FOLDER]``. Countries: every state by its
common English name; the table holds what users call each state and its people (``name`` and
``watchlist_aliases``: ``Russia``, ``Russian``), pycountry contributes the ISO 3166 names
(``Russian Federation``) as extra aliases and checks every code, and tags group the states by
region and by membership (eu, nato, cis, csto, five-eyes, g7, post-soviet; ``watched``: the
states whose services counter-intelligence news is mostly about, the only ones that make an
event touch the watchlists — see ``nongrata.watchlists.model.WATCHED_TAG``). Agencies: every
record with a ``watchlist`` section, under its heading. ``--check`` exits 1 when a bundled
file is not what the tables give (tests/scripts/test_make_watchlists.py runs the same check).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pycountry

from nongrata.extractors.agencies import AgencyTable, agency_table
from nongrata.extractors.countries import CountryTable, country_table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / "watchlists"
COUNTRIES_HEADER = """\
# yaml-language-server: $schema=./watchlist.schema.json
# Every state by its common English name; aliases are ISO 3166 names, demonyms and
# the capital or seat of government when news use it for the state (Moscow, Kremlin).
# Tag "watched": the states this list watches. Only they make an event touch your
# watchlists (alert reasons, watchlist-only subscriptions, the web's filter); the others
# still serve tag filters (nato, eu…). Tag a state "watched" to watch it; a countries list
# that tags none watches every state it lists.
# Generated from extractors/data/countries.json by scripts/make_watchlists.py.
kind: countries
entries:
"""
AGENCIES_HEADER = """\
# yaml-language-server: $schema=./watchlist.schema.json
# Intelligence, security and counter-intelligence services, by their usual short name.
# Aliases give the English name and the service's own name in its language and script.
# An alias written in capitals (FSB, SIS, PST) matches only in capitals. An alias shared by
# two services (SIS: UK, Moldova, Slovakia) goes to the one whose country the article names.
# Generated from extractors/data/agencies.json by scripts/make_watchlists.py.
kind: agencies
entries:
"""

# A plain scalar in a flow list: no indicator first, no flow or comment characters, no digit
# or sign first (numbers, dates), nothing YAML 1.1 reads as a boolean or null.
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~]")
_FLOW = re.compile(r"[,\[\]{}]|: |:$| #")
_BLOCK = re.compile(r": |:$| #")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: str, *, flow: bool = True) -> str:
    """A YAML scalar that every YAML 1.1 or 1.2 reader reads back as this string (in a flow
    list when ``flow``, else as a mapping's value)."""
    if (
        _PLAIN_START.match(value)
        and not (_FLOW if flow else _BLOCK).search(value)
        and value.lower() not in _YAML_WORDS
        and value == value.strip()
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(values: tuple[str, ...] | list[str]) -> str:
    return f"[{', '.join(scalar(v) for v in values)}]"


def _iso_aliases(code: str, name: str) -> list[str]:
    if code == "XK":
        return []
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        raise SystemExit(f"{code}: not an ISO 3166-1 alpha-2 code")
    names = [getattr(found, attr, None) for attr in ("name", "official_name", "common_name")]
    return [n for n in names if n and n != name and "," not in n and "(" not in n]


def countries_yaml(table: CountryTable | None = None) -> str:
    table = table or country_table()
    lines = COUNTRIES_HEADER.splitlines()
    for country in table.countries:
        code, name = country.iso, country.name
        aliases = list(dict.fromkeys([*_iso_aliases(code, name), *country.watchlist_aliases]))
        aliases = [a for a in aliases if a and a != name]
        members = [tag for tag, codes in table.memberships.items() if code in codes]
        lines += [
            f"  - id: {scalar(code.lower())}",
            f"    name: {scalar(name)}",
            f"    aliases: {_flow(aliases)}",
            f"    country: {scalar(code)}",
            f"    tags: {_flow([*country.regions, *members])}",
        ]
    return "\n".join(lines) + "\n"


def agencies_yaml(table: AgencyTable | None = None) -> str:
    table = table or agency_table()
    lines = AGENCIES_HEADER.splitlines()
    group: str | None = None
    for agency in table.agencies:
        listed = agency.watchlist
        if listed is None:
            continue
        if listed.group is not None and listed.group != group:
            lines.append(f"  # {listed.group}")
        group = listed.group
        lines += [
            f"  - id: {scalar(agency.id)}",
            f"    name: {scalar(agency.name)}",
            f"    aliases: {_flow(listed.aliases)}",
            f"    country: {scalar(agency.country)}",
            f"    tags: {_flow(listed.tags)}",
        ]
        if listed.note is not None:
            lines.append(f"    note: {scalar(listed.note, flow=False)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    args = argv[1:]
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    folder = Path(paths[0]) if paths else DEFAULT_FOLDER
    stale = 0
    for name, text in (("countries.yaml", countries_yaml()), ("agencies.yaml", agencies_yaml())):
        output = folder / name
        if not check:
            output.write_text(text, encoding="utf-8")
            print(f"wrote {output}")
        elif not output.exists() or output.read_text(encoding="utf-8") != text:
            print(f"{output} is stale: run python scripts/make_watchlists.py", file=sys.stderr)
            stale += 1
        else:
            print(f"{output} is current")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
