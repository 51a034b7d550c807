"""Plain data passed between the extraction stages, the matcher, eval and the pipeline.

These are the contract of ``nongrata extract --json`` (SPEC.md): ``ArticleExtraction.to_json``
produces exactly one output object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol, TypedDict, Unpack

EventType = Literal["expulsion", "arrest", "charge", "conviction", "recall", "closure"]
# Whose service an agency of an event is: the acting state's, or the target state's (the
# foreign service a person worked for); None: neither (nongrata.extractors.sides).
AgencySide = Literal["actor", "target"]
# Why an article was not read: its language (``language-not-read:th``) has no rules.
NOT_READ = "language-not-read"
EVENT_TYPES: tuple[EventType, ...] = (
    "expulsion",
    "arrest",
    "charge",
    "conviction",
    "recall",
    "closure",
)
# Types that raise an alert when new (recall and closure are extracted but do not alert).
ALERT_TYPES: frozenset[str] = frozenset({"expulsion", "arrest", "charge", "conviction"})


@dataclass(frozen=True)
class ArticleInput:
    """One article to extract from. ``published`` is what newness is judged against."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    # ISO 639-1; None: detected from the text; "und" (language.UNDETERMINED): looked for
    # already and not found, so not detected again
    lang: str | None = None


@dataclass(frozen=True)
class ExtractedEvent:
    type: EventType
    new: bool
    actor: str | None
    actor_iso: str | None
    target: str | None
    target_iso: str | None
    persons: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    count: int | None = None
    confidence: float = 0.5
    evidence: str = ""
    event_date: date | None = None
    # (agency, side) for each of ``agencies``, in order; set by extraction (extractors.sides)
    agency_sides: tuple[tuple[str, AgencySide | None], ...] = ()
    # the evidence tells of one more person than an earlier event ("a second suspect");
    # set by extraction (extractors.further), read by clustering
    further_person: bool = False
    # whether ``persons`` were found by a rule reliable enough that different names tell
    # two reports apart (the English parser; another language's ``person_names`` patterns);
    # False: a run of capitalised words in another language (clustering ignores a mismatch)
    persons_reliable: bool = True

    @property
    def sides(self) -> dict[str, AgencySide | None]:
        """Each agency with its side: ``{"PST": "actor", "SVR": "target", "NATO": None}``."""
        return dict(self.agency_sides)

    @property
    def alertable(self) -> bool:
        return self.new and self.type in ALERT_TYPES

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "new": self.new,
            "actor": self.actor,
            "actor_iso": self.actor_iso,
            "target": self.target,
            "target_iso": self.target_iso,
            "persons": list(self.persons),
            "agencies": list(self.agencies),
            "agency_sides": self.sides,
            "count": self.count,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
            "date": self.event_date.isoformat() if self.event_date else None,
        }


@dataclass(frozen=True)
class WatchlistHit:
    """A watchlist entry found in an article (``matches`` in ``extract --json``)."""

    list: str  # the watchlist kind: agencies | persons | countries
    entry: str  # the entry's name
    entry_id: str
    text: str  # the text as found in the article
    score: float
    reason: str = ""
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list,
            "entry": self.entry,
            "id": self.entry_id,
            "text": self.text,
            "score": round(self.score, 3),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ArticleExtraction:
    id: str
    lang: str | None
    events: tuple[ExtractedEvent, ...] = ()
    agencies: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO codes of states mentioned anywhere
    matches: tuple[WatchlistHit, ...] = ()
    skipped: str | None = field(default=None)  # why NLP was not run (prefilter), if it was not

    @property
    def alert(self) -> bool:
        return any(e.alertable for e in self.events)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "alert": self.alert,
            "events": [e.to_json() for e in self.events],
            "agencies": list(self.agencies),
            "persons": list(self.persons),
            "matches": [m.to_json() for m in self.matches],
        }


class ExtractedNames(TypedDict, total=False):
    """The names extraction found in an article (each absent one: none), for the matcher."""

    persons: Sequence[str]
    agencies: Sequence[str]
    countries: Sequence[str]


class WatchlistMatcher(Protocol):
    """What extraction needs from the watchlists (``nongrata.watchlists.Watchlists``)."""

    def entity_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns for every alias (label PERSON, ORG or GPE, id = entry id)."""
        ...

    def find(self, text: str, **names: Unpack[ExtractedNames]) -> list[WatchlistHit]:
        """Watchlist entries found in ``text`` and among the extracted names and ISO codes."""
        ...
