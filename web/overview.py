"""The overview's numbers: new events over time by type, and who acted against whom.

Both count NEW events (fresh news, the ones alerts go out for) whose date — the day the event
happened, else the day it was first seen — lies in the window shown (the last ``days`` days
up to today). A window of more than two months is counted by week, of more than a year by
month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from nongrata.alerts.reports import country_name
from nongrata.db import Database
from nongrata.db.models import Event
from nongrata.web.events import day_between

WINDOWS = (7, 30, 90, 365)
DEFAULT_WINDOW = 30


@dataclass(frozen=True)
class Timeline:
    """Counts of new events per bucket and type; ``buckets`` are each bucket's first day."""

    start: date
    end: date
    unit: str  # day | week | month
    buckets: list[date]
    counts: dict[date, Counter[str]]

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def types(self) -> list[str]:
        seen: Counter[str] = Counter()
        for c in self.counts.values():
            seen.update(c)
        return sorted(seen, key=lambda t: (-seen[t], t))

    def label(self, bucket: date) -> str:
        if self.unit == "month":
            return bucket.strftime("%Y-%m")
        if self.unit == "week":
            return f"week of {bucket.isoformat()}"
        return bucket.isoformat()


@dataclass(frozen=True)
class CountryCount:
    code: str  # ISO code, else the name as reported
    name: str
    iso: str | None
    as_actor: int = 0
    as_target: int = 0

    @property
    def total(self) -> int:
        return self.as_actor + self.as_target


@dataclass(frozen=True)
class Geography:
    countries: list[CountryCount]  # most involved first
    pairs: list[tuple[str, str, int]] = field(default_factory=list)  # actor, target, events


def _bucket(day: date, unit: str) -> date:
    if unit == "month":
        return day.replace(day=1)
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day


def _buckets(start: date, end: date, unit: str) -> list[date]:
    out: list[date] = []
    current = _bucket(start, unit)
    while current <= end:
        out.append(current)
        if unit == "month":
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            current += timedelta(days=7 if unit == "week" else 1)
    return out


def window(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def _new_in_window(db: Database, start: date, end: date) -> list[Event]:
    with db.session() as session:
        return list(
            session.scalars(select(Event).where(Event.new.is_(True), day_between(start, end)))
        )


def _day(event: Event) -> date:
    return event.event_date or event.first_seen_at.date()


def count_timeline(
    days_and_types: Iterable[tuple[date, str]], today: date, days: int = DEFAULT_WINDOW
) -> Timeline:
    """The timeline of the last ``days`` days up to ``today`` of events given as (their
    day, their type); events outside the window are not counted."""
    start, end = window(today, days)
    unit = "month" if days > 366 else "week" if days > 62 else "day"
    counts: dict[date, Counter[str]] = {}
    for day, event_type in days_and_types:
        if start <= day <= end:
            counts.setdefault(_bucket(day, unit), Counter())[event_type] += 1
    return Timeline(start, end, unit, _buckets(start, end, unit), counts)


def event_day(event: Event) -> date:
    """The day an event is counted on: the day it happened, else the day first seen."""
    return _day(event)


def timeline(db: Database, now: datetime, days: int = DEFAULT_WINDOW) -> Timeline:
    start, end = window(now.date(), days)
    events = _new_in_window(db, start, end)
    return count_timeline(((_day(e), e.type) for e in events), now.date(), days)


def geography(db: Database, now: datetime, days: int = DEFAULT_WINDOW) -> Geography:
    start, end = window(now.date(), days)
    actors: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    names: dict[str, tuple[str, str | None]] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    for event in _new_in_window(db, start, end):
        sides = []
        for iso, name, tally in (
            (event.actor_iso, event.actor, actors),
            (event.target_iso, event.target, targets),
        ):
            code = (iso or "").upper() or (name or "").strip()
            sides.append(code)
            if code:
                tally[code] += 1
                names.setdefault(
                    code, (country_name(iso, name) or code, iso.upper() if iso else None)
                )
        if all(sides):
            pairs[(sides[0], sides[1])] += 1
    countries = [
        CountryCount(code, names[code][0], names[code][1], actors[code], targets[code])
        for code in names
    ]
    countries.sort(key=lambda c: (-c.total, c.name.casefold()))
    return Geography(
        countries=countries,
        pairs=[(a, t, n) for (a, t), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))],
    )
