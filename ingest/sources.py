"""The bundled source list by its tags: which bundled feeds a state, a language or a kind of
source has, which of them are registered, and registering them (``nongrata feeds add
--country PL``, ``nongrata feeds sources``).

Every bundled feed carries a country (ISO 3166-1 alpha-2), a language (ISO 639-1), a kind
(:data:`nongrata.ingest.registry.KINDS`) and the page its address was found on
(``ingest/data/default_feeds.opml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from nongrata.db import Database, Feed, Run
from nongrata.errors import FeedError
from nongrata.ingest.registry import (
    ImportResult,
    OpmlOutline,
    checked_tags,
    default_feed_outlines,
    default_feeds_seeded,
    import_outlines,
    normalize_country,
    normalize_feed_url,
    normalize_kind,
    normalize_language,
    seed_default_feeds,
)
from nongrata.settings import Settings

UNTAGGED = "??"  # the group of a feed without a country


@dataclass(frozen=True)
class SourceFilter:
    """Which bundled sources: every one whose country is one of ``countries`` (none: any),
    and whose language and kind are likewise among those given."""

    countries: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        countries: Iterable[str] = (),
        languages: Iterable[str] = (),
        kinds: Iterable[str] = (),
    ) -> SourceFilter:
        """Codes as typed (``pl``, ``PL``, ``pl,cz``) checked and normalised; FeedError names
        the first bad one."""
        return cls(
            countries=frozenset(normalize_country(c) for c in _split(countries)),
            languages=frozenset(normalize_language(c) for c in _split(languages)),
            kinds=frozenset(normalize_kind(c) for c in _split(kinds)),
        )

    @property
    def empty(self) -> bool:
        return not (self.countries or self.languages or self.kinds)

    def matches(self, outline: OpmlOutline) -> bool:
        return (
            (not self.countries or outline.country in self.countries)
            and (not self.languages or outline.language in self.languages)
            and (not self.kinds or outline.kind in self.kinds)
        )

    def describe(self) -> str:
        parts = [
            f"{name} {', '.join(sorted(values))}"
            for name, values in (
                ("country", self.countries),
                ("language", self.languages),
                ("kind", self.kinds),
            )
            if values
        ]
        return " and ".join(parts) or "any"


@dataclass(frozen=True)
class BundledSource:
    """One feed of the bundled list, and whether this database has it registered."""

    outline: OpmlOutline
    registered: bool


def _split(values: Iterable[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def bundled_outlines() -> list[OpmlOutline]:
    """Every bundled feed, its URL normalised and its tags checked."""
    return [
        checked_tags(OpmlOutline(**{**vars(o), "url": normalize_feed_url(o.url)}))
        for o in default_feed_outlines()
    ]


def select_bundled(wanted: SourceFilter) -> list[OpmlOutline]:
    """The bundled feeds ``wanted`` matches; FeedError when there is none."""
    chosen = [o for o in bundled_outlines() if wanted.matches(o)]
    if not chosen:
        raise FeedError(f"no bundled source for {wanted.describe()} (see `nongrata feeds sources`)")
    return chosen


def add_bundled(session: Session, wanted: SourceFilter) -> ImportResult:
    """Register the bundled feeds ``wanted`` matches (a filter is required); the registered
    ones are left as they are, gaining the tags they lack."""
    if wanted.empty:
        raise FeedError("give a country, a language or a kind of source to add")
    return import_outlines(session, select_bundled(wanted))


def list_bundled(session: Session, wanted: SourceFilter) -> dict[str, list[BundledSource]]:
    """The bundled feeds ``wanted`` matches, grouped by country (countries in order, each
    group by kind then title), each with whether it is registered."""
    chosen = select_bundled(wanted)
    registered = set(session.scalars(select(Feed.url)))
    groups: dict[str, list[BundledSource]] = {}
    for outline in sorted(chosen, key=_order):
        groups.setdefault(outline.country or UNTAGGED, []).append(
            BundledSource(outline, outline.url in registered)
        )
    return groups


def seed_on_first_use(
    db: Database, settings: Settings, now: datetime | None = None, *, only_fresh: bool = False
) -> int | None:
    """The first use of a database (a command that opens it, or a run, whichever comes first)
    registers the bundled list, but for the feeds already there, and records that it was
    done: it is never registered again, so a bundled feed removed stays removed. Not with
    ``seed_default_feeds`` off; with ``only_fresh`` (a command opening the database), only on
    a database no run has used (one whose runs went without the list, as the demo's, gets it
    at its next monitor run, if ever). How many were added; None when none was to be.

    Two processes opening a fresh database together: the one that loses the race finds the
    other's record and adds nothing; any other failure is raised."""
    if not settings.seed_default_feeds:
        return None
    with db.session() as session:
        if default_feeds_seeded(session):
            return None
        if only_fresh and session.scalars(select(Run.id).limit(1)).first() is not None:
            return None
    try:
        with db.session() as session:
            return seed_default_feeds(session, now)
    except (IntegrityError, OperationalError):
        with db.session() as session:
            if default_feeds_seeded(session):
                return None
        raise


def _order(outline: OpmlOutline) -> tuple[str, str, str]:
    return (outline.country or UNTAGGED, outline.kind or "", (outline.title or "").lower())
