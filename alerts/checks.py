"""Checking what ``subscribe`` and ``subscriptions edit`` are given: one validator for both.

:func:`check_fields` validates the named fields of a :class:`SubscriptionSpec` and returns
the column values to store; ``subscribe`` checks every field, ``edit`` only the fields it
changes (so a filter stored earlier, e.g. an agency since dropped from the watchlists, does
not block an unrelated edit). Agency and person filters are checked against the watchlists
(:mod:`nongrata.alerts.entry_filters`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry

from nongrata.alerts import targets
from nongrata.errors import AlertError
from nongrata.types import EVENT_TYPES

_NAME = re.compile(r"^[\w][\w.@+-]{0,127}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{2,8})?$")
_COUNTRY_ALIASES = {"UK": "GB", "USA": "US", "RUSSIA": "RU", "IRAN": "IR", "SOUTH KOREA": "KR"}

TARGET_FIELDS = frozenset({"urls", "config", "config_tags"})
COUNTRY_FIELDS = ("countries", "actor_countries", "target_countries")


@dataclass(frozen=True)
class SubscriptionSpec:
    """What ``subscribe`` is given (the CLI's options)."""

    name: str
    urls: Sequence[str] = ()
    config: Path | None = None
    config_tags: Sequence[str] = ()
    types: Sequence[str] = ()
    countries: Sequence[str] = ()
    actor_countries: Sequence[str] = ()
    target_countries: Sequence[str] = ()
    agencies: Sequence[str] = ()
    persons: Sequence[str] = ()
    tags: Sequence[str] = ()
    languages: Sequence[str] = ()
    min_confidence: float = 0.0
    watchlist_only: bool = False
    digest: bool = False
    digest_time: str = "07:00"
    timezone: str = "UTC"
    ops: bool = False  # operational notices too (a feed dead or recovered)


SPEC_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SubscriptionSpec) if f.name != "name")


def unique(values: Sequence[str]) -> list[str]:
    """Values with their whitespace collapsed, empty ones and repeats dropped, order kept."""
    out: list[str] = []
    for value in values:
        v = " ".join(str(value).split())
        if v and v not in out:
            out.append(v)
    return out


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code or a name ('cz', 'CZE', 'Czechia', 'UK')."""
    key = value.strip().upper()
    key = _COUNTRY_ALIASES.get(key, key)
    found: Any = pycountry.countries.get(alpha_2=key) if len(key) == 2 else None
    if found is None:
        try:
            found = pycountry.countries.lookup(value.strip())
        except LookupError:
            found = None
    if found is None:
        raise AlertError(f"unknown country: {value!r} (use an ISO code such as CZ or RU)")
    return str(found.alpha_2)


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise AlertError(f"bad subscription name {name!r}: letters, digits and . _ @ + - only")
    return name


def check_targets(spec: SubscriptionSpec) -> dict[str, Any]:
    """The target columns: every apprise URL and config file checked by apprise itself."""
    urls = [targets.check_url(u) for u in unique(spec.urls)]
    config_path: str | None = None
    config_tags = unique(spec.config_tags)
    if spec.config is not None:
        config_path, config_tags = targets.parse_config_spec(
            targets.check_config(spec.config, config_tags)
        )
    elif config_tags:
        raise AlertError("--config-tag needs --config FILE")
    if not urls and config_path is None:
        raise AlertError(f"subscription {spec.name}: give at least one --url or a --config file")
    return {"urls": urls, "config_path": config_path, "config_tags": config_tags}


def _types(values: Sequence[str]) -> list[str]:
    types = [t.lower() for t in unique(values)]
    for t in types:
        if t not in EVENT_TYPES:
            raise AlertError(f"unknown event type {t!r}: use one of {', '.join(EVENT_TYPES)}")
    return types


def _languages(values: Sequence[str]) -> list[str]:
    languages = [lang.lower() for lang in unique(values)]
    for lang in languages:
        if not _LANGUAGE.match(lang):
            raise AlertError(f"bad language code {lang!r}: use ISO 639 codes such as en or cs")
    return languages


def _min_confidence(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise AlertError(f"--min-confidence must be between 0 and 1, not {value}")
    return float(value)


def _digest_time(value: str) -> str:
    time_match = _TIME.match(value.strip())
    if not time_match:
        raise AlertError(f"bad digest time {value!r}: use HH:MM (24-hour)")
    return f"{int(time_match.group(1)):02d}:{time_match.group(2)}"


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise AlertError(f"unknown time zone {value!r}") from exc
    return value


def check_fields(
    spec: SubscriptionSpec, names: Collection[str], *, watchlists: Path | None
) -> dict[str, Any]:
    """The column values of the spec's fields in ``names`` (SPEC_FIELDS), each checked.

    ``watchlists`` is the watchlist folder agency and person filters are checked against;
    it is read only when such a filter is given."""
    wanted = set(names)
    values: dict[str, Any] = {}
    if wanted & TARGET_FIELDS:
        values.update(check_targets(spec))
    if "types" in wanted:
        values["types"] = _types(spec.types)
    for name in COUNTRY_FIELDS:
        if name in wanted:
            values[name] = [country_code(c) for c in unique(getattr(spec, name))]
    agencies = unique(spec.agencies) if "agencies" in wanted else []
    persons = unique(spec.persons) if "persons" in wanted else []
    if agencies or persons:
        from nongrata.alerts.entry_filters import check_entry_filters

        agencies, persons = check_entry_filters(agencies, persons, watchlists)
    if "agencies" in wanted:
        values["agencies"] = agencies
    if "persons" in wanted:
        values["persons"] = persons
    plain: dict[str, Callable[[Any], Any]] = {
        "tags": unique,
        "languages": _languages,
        "min_confidence": _min_confidence,
        "watchlist_only": bool,
        "digest_time": _digest_time,
        "timezone": _timezone,
        "ops": bool,
    }  # a field → its check; its column has its name
    for name, check in plain.items():
        if name in wanted:
            values[name] = check(getattr(spec, name))
    if "digest" in wanted:
        values["mode"] = "digest" if spec.digest else "immediate"
    return values


def check_spec(spec: SubscriptionSpec, *, watchlists: Path | None) -> dict[str, Any]:
    """Every column of a new subscription, checked (what ``subscribe`` stores)."""
    check_name(spec.name)
    return check_fields(spec, SPEC_FIELDS, watchlists=watchlists)
