"""The watchlist file format (SPEC.md, "Watchlists"), as typed pydantic models.

One YAML file per list::

    kind: persons            # agencies | persons | countries
    entries:
      - id: dukshta-mikalai  # unique within its kind
        name: Mikalai Dukshta
        aliases: [Nikolai Dukshta, Мікалай Дукшта]   # any script, any language
        country: BY          # ISO 3166-1 alpha-2
        tags: [belarus, kgb]
        note: free text

Unknown keys are refused. ``watchlists/watchlist.schema.json`` is generated from
:class:`WatchlistFile` (:func:`watchlist_json_schema`) so editors can check files as they are
written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any, Literal, get_args

import pycountry
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Kind = Literal["agencies", "persons", "countries"]
KINDS: tuple[Kind, ...] = get_args(Kind)
ENTRY_KEYS: tuple[str, ...] = ("id", "name", "aliases", "country", "tags", "note")
SCHEMA_FILE_NAME = "watchlist.schema.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema=./{SCHEMA_FILE_NAME}"

# The tag that marks what a countries list watches (the bundled list: a few states, from
# ``extractors/data/countries.json``). A countries entry is a reason an event matters to
# the user only when it carries it, or when its list tags no entry so (a list written to
# name just the states watched); agencies and persons entries always are.
WATCHED_TAG = "watched"

# Codes outside ISO 3166-1 that are in common official use for a state (EU, IMF, NATO).
EXTRA_COUNTRY_CODES: dict[str, str] = {"XK": "Kosovo"}

EntryId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="Unique within its kind: letters, digits, '.', '_' or '-', no spaces.",
    ),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    Field(pattern=r"^\S+$", description="One word, e.g. 'nato' or 'middle-east'."),
]


def country_name(code: str) -> str | None:
    """The English name of an ISO 3166-1 alpha-2 code, or None when the code is unknown."""
    if code in EXTRA_COUNTRY_CODES:
        return EXTRA_COUNTRY_CODES[code]
    if len(code) != 2 or not code.isascii() or not code.isupper():
        return None
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return None
    return str(getattr(found, "common_name", None) or found.name)


class WatchlistEntry(BaseModel):
    """One agency, person or country users want to hear about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: EntryId
    name: Text = Field(description="The name shown to users and in alerts.")
    aliases: list[Text] = Field(
        default_factory=list, description="Other names and spellings, in any script or language."
    )
    country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code of the entry's state (upper case).",
    )
    tags: list[Tag] = Field(default_factory=list, description="Free labels used by filters.")
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is not None and country_name(value) is None:
            raise ValueError(f"unknown ISO 3166-1 alpha-2 country code {value!r}")
        return value

    @property
    def all_names(self) -> tuple[str, ...]:
        """The name followed by every alias, without repeats."""
        return tuple(dict.fromkeys([self.name, *self.aliases]))


class WatchlistFile(BaseModel):
    """One watchlist file: its kind and its entries."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="nongrata watchlist",
        json_schema_extra={
            "description": "One nongrata watchlist: agencies, persons or countries to monitor."
        },
    )

    kind: Kind = Field(description="Which list this file is part of.")
    entries: list[WatchlistEntry] = Field(description="The list's entries.")


def watchlist_json_schema() -> dict[str, Any]:
    """The JSON Schema of a watchlist file, as shipped in ``watchlists/``."""
    schema = WatchlistFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/nongrata/nongrata/watchlists/watchlist.schema.json",
        **schema,
    }


def watchlist_json_schema_text() -> str:
    """The schema file's exact text (what ``watchlist.schema.json`` must contain)."""
    return json.dumps(watchlist_json_schema(), indent=2, ensure_ascii=False) + "\n"


def is_reason(kind: str, tags: Iterable[str]) -> bool:
    """Whether a match of an entry of ``kind`` with these (stored) tags makes an event touch
    the user's watchlists: every agency and person, a country only when watched."""
    return kind != "countries" or WATCHED_TAG in tags
