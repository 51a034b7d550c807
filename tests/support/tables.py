"""A small country table (as ``extractors/data/countries.json`` holds them) for the tests
that parse one or derive from one."""

from __future__ import annotations

from typing import Any


def norway_table() -> dict[str, Any]:
    """A fresh table of one country (Norway, in NATO, with its English names) and one body."""
    return {
        "memberships": {"nato": ["NO"]},
        "countries": [
            {
                "iso": "NO",
                "name": "Norway",
                "watchlist_aliases": ["Norwegian"],
                "regions": ["europe"],
                "adjective": "Norwegian",
                "english": {"aliases": [], "demonyms": ["Norwegian"], "capitals": ["Oslo"]},
            }
        ],
        "bodies": [{"code": "EU", "name": "European Union", "aliases": ["EU"], "demonyms": []}],
    }
