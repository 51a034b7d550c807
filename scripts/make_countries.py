"""Write ``watchlists/countries.yaml``, every state by its common English name, from the one
country table (``extractors/data/countries.json``).

Usage: ``python scripts/make_countries.py [--check] [OUTPUT]``. The table holds what users call
each state and its people (``name`` and ``watchlist_aliases``: ``Russia``, ``Russian``);
pycountry contributes the ISO 3166 names (``Russian Federation``) as extra aliases and checks
every code. Tags group the states by region and by membership (eu, nato, cis, csto, five-eyes,
g7, post-soviet). ``--check`` exits 1 when the bundled file is not what the table gives
(tests/scripts/test_make_countries.py runs the same check).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pycountry

from nongrata.extractors.countries import CountryTable, country_table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "watchlists" / "countries.yaml"

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .\-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: str) -> str:
    """A YAML scalar that every YAML 1.1 or 1.2 reader reads back as this string."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS and value == value.strip():
        return value
    return json.dumps(value, ensure_ascii=False)


def _iso_aliases(code: str, name: str) -> list[str]:
    if code == "XK":
        return []
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        raise SystemExit(f"{code}: not an ISO 3166-1 alpha-2 code")
    names = [getattr(found, attr, None) for attr in ("name", "official_name", "common_name")]
    return [n for n in names if n and n != name and "," not in n and "(" not in n]


def build(table: CountryTable | None = None) -> str:
    table = table or country_table()
    lines = [
        "# yaml-language-server: $schema=./watchlist.schema.json",
        "# Every state by its common English name; aliases are ISO 3166 names, demonyms and",
        "# the capital or seat of government when news use it for the state (Moscow, Kremlin).",
        "# Generated from extractors/data/countries.json by scripts/make_countries.py.",
        "kind: countries",
        "entries:",
    ]
    for country in table.countries:
        code, name = country.iso, country.name
        aliases = list(dict.fromkeys([*_iso_aliases(code, name), *country.watchlist_aliases]))
        aliases = [a for a in aliases if a and a != name]
        members = [tag for tag, codes in table.memberships.items() if code in codes]
        tags = [*country.regions, *members]
        lines += [
            f"  - id: {scalar(code.lower())}",
            f"    name: {scalar(name)}",
            f"    aliases: [{', '.join(scalar(a) for a in aliases)}]",
            f"    country: {scalar(code)}",
            f"    tags: [{', '.join(scalar(t) for t in tags)}]",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    args = argv[1:]
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    output = Path(paths[0]) if paths else DEFAULT_OUTPUT
    text = build()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"{output} is stale: run python scripts/make_countries.py", file=sys.stderr)
            return 1
        print(f"{output} is current")
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
