"""Which events a subscription wants: pure functions over plain values.

Every filter is a list where empty means "any"; an event passes when it passes every filter
that is set. With no ``types`` filter, a subscription gets every NEW event of the alert types
(expulsion, arrest, charge, conviction — SPEC); naming ``recall`` or ``closure`` explicitly
subscribes to those too. ``watchlist_only`` keeps only events that touch a watchlist entry
(the issue's default configuration: every new expulsion or arrest touching any watchlist) —
any agency or person entry, a countries entry only when it is watched
(:func:`nongrata.watchlists.model.is_reason`: a catch-all countries list is no reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from unidecode import unidecode

from nongrata.db.models.events import Subscription, json_list
from nongrata.types import ALERT_TYPES
from nongrata.watchlists.model import is_reason

_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_words(text: str) -> list[str]:
    """The words of a name as filters compare them: ASCII, lower case ('Bălan' → ['balan'])."""
    return [w for w in _NON_WORD.split(unidecode(text).lower()) if w]


@dataclass(frozen=True)
class MatchFacts:
    """A watchlist entry an event touches."""

    watchlist: str  # agencies | persons | countries
    entry_id: str
    entry: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventFacts:
    """What filters look at in an event."""

    type: str
    new: bool
    actor_iso: str | None
    target_iso: str | None
    persons: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    confidence: float = 0.0
    languages: frozenset[str] = frozenset()
    matches: tuple[MatchFacts, ...] = ()


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # actor or target
    actor_countries: tuple[str, ...] = ()
    target_countries: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    min_confidence: float = 0.0
    watchlist_only: bool = False

    @classmethod
    def of(cls, sub: Subscription) -> Filters:
        return cls(
            types=tuple(json_list(sub.types)),
            countries=tuple(json_list(sub.countries)),
            actor_countries=tuple(json_list(sub.actor_countries)),
            target_countries=tuple(json_list(sub.target_countries)),
            agencies=tuple(json_list(sub.agencies)),
            persons=tuple(json_list(sub.persons)),
            tags=tuple(json_list(sub.tags)),
            languages=tuple(json_list(sub.languages)),
            min_confidence=sub.min_confidence or 0.0,
            watchlist_only=bool(sub.watchlist_only),
        )

    def describe(self) -> str:
        """One line for listings: the filters that are set."""
        parts: list[str] = []
        for label, values in (
            ("type", self.types),
            ("country", self.countries),
            ("actor", self.actor_countries),
            ("target", self.target_countries),
            ("agency", self.agencies),
            ("person", self.persons),
            ("tag", self.tags),
            ("language", self.languages),
        ):
            if values:
                parts.append(f"{label}={','.join(values)}")
        if self.min_confidence:
            parts.append(f"confidence>={self.min_confidence:g}")
        if self.watchlist_only:
            parts.append("watchlist-only")
        return " ".join(parts) or f"every new {'/'.join(sorted(ALERT_TYPES))}"


def _primary(language: str) -> str:
    """'en-GB' → 'en'."""
    return language.replace("_", "-").split("-")[0].casefold()


def _person_matches(wanted: str, names: Iterable[str]) -> bool:
    """'Dukshta' matches 'Mikalai Dukshta': every word of the filter is a word of the name."""
    want = name_words(wanted)
    return bool(want) and any(set(want) <= set(name_words(name)) for name in names)


def rejection(filters: Filters, event: EventFacts) -> str | None:
    """Why ``event`` does not pass ``filters``, or None when it does."""
    if not event.new:
        return "not new"
    types = filters.types or tuple(sorted(ALERT_TYPES))
    if event.type not in types:
        return f"type {event.type}"
    sides = {c for c in (event.actor_iso, event.target_iso) if c}
    if filters.countries and not sides & set(filters.countries):
        return "country"
    if filters.actor_countries and event.actor_iso not in filters.actor_countries:
        return "actor country"
    if filters.target_countries and event.target_iso not in filters.target_countries:
        return "target country"
    if filters.agencies:
        known = {a.casefold() for a in event.agencies}
        for m in event.matches:
            if m.watchlist == "agencies":
                known |= {m.entry.casefold(), m.entry_id.casefold()}
        if not known & {a.casefold() for a in filters.agencies}:
            return "agency"
    if filters.persons:
        names = list(event.persons)
        names += [m.entry for m in event.matches if m.watchlist == "persons"]
        ids = {m.entry_id.casefold() for m in event.matches if m.watchlist == "persons"}
        if not any(p.casefold() in ids or _person_matches(p, names) for p in filters.persons):
            return "person"
    if filters.tags:
        tags = {t.casefold() for m in event.matches for t in m.tags}
        if not tags & {t.casefold() for t in filters.tags}:
            return "watchlist tag"
    if filters.languages and not {_primary(lang) for lang in event.languages} & {
        _primary(lang) for lang in filters.languages
    }:
        return "language"
    if event.confidence < filters.min_confidence:
        return "confidence"
    if filters.watchlist_only and not any(is_reason(m.watchlist, m.tags) for m in event.matches):
        return "no watchlist entry"
    return None


def accepts(filters: Filters, event: EventFacts) -> bool:
    return rejection(filters, event) is None
