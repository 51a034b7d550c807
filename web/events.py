"""Events as the web view shows them: filtered and paged lists, one event with every source
and its evidence, and the events related to it.

Plain functions over a :class:`~nongrata.db.Database`; the pages, downloads and JSON API
all read through here. An event's headline and watchlist lines come from
:mod:`nongrata.alerts.reports` (the same words as the alerts); each source is told with its
outlet (the feed that carried it), its link without tracking parameters (the article's
canonical URL) and the sentence the event was read from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, String, and_, cast, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from nongrata.alerts.reports import (
    EventReport,
    country_name,
    host_of,
    load_event_reports,
    outlets_of,
)
from nongrata.db import Article, Database
from nongrata.db.models import Event, EventMatch, Mention
from nongrata.db.models.events import json_list
from nongrata.watchlists.model import WATCHED_TAG
from nongrata.web.filters import EventFilter

RELATED_LIMIT = 20
# Latest first: by the day the event happened (else first seen), then by when it was seen.
LATEST_FIRST = (
    func.coalesce(Event.event_date, Event.first_seen_at).desc(),
    Event.first_seen_at.desc(),
    Event.id.desc(),
)
_PERSONS_SCAN = 5000  # recent events searched for the same persons


@dataclass(frozen=True)
class SourceView:
    """One article that reported the event."""

    outlet: str
    title: str | None
    url: str  # without tracking parameters
    published: datetime | None
    language: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class EventView:
    report: EventReport  # headline, facts and watchlist matches, as the alerts tell them
    sources: tuple[SourceView, ...]

    @property
    def id(self) -> int:
        return self.report.id

    @property
    def day(self) -> date:
        """The event's date, or the day it was first seen."""
        return self.report.event_date or self.report.first_seen_at.date()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({s.language for s in self.sources if s.language}))


@dataclass(frozen=True)
class Related:
    view: EventView
    why: str


@dataclass(frozen=True)
class EventPage:
    events: list[EventView]
    total: int
    filter: EventFilter

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.filter.per_page))

    @property
    def first(self) -> int:
        """1-based position of the first event shown (0 when none)."""
        return (self.filter.page - 1) * self.filter.per_page + 1 if self.events else 0

    @property
    def last(self) -> int:
        return self.first + len(self.events) - 1 if self.events else 0


def _side(
    iso_column: InstrumentedAttribute[str | None],
    name_column: InstrumentedAttribute[str | None],
    value: str,
) -> ColumnElement[bool]:
    """A state given as an ISO code or a name, on one side of the event."""
    return or_(func.upper(iso_column) == value.upper(), func.lower(name_column) == value.lower())


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def day_between(first: date | None, last: date | None) -> ColumnElement[bool]:
    """Events whose date (else the day first seen) lies within [first, last]."""
    dated: list[ColumnElement[bool]] = [Event.event_date.is_not(None)]
    undated: list[ColumnElement[bool]] = [Event.event_date.is_(None)]
    if first is not None:
        dated.append(Event.event_date >= first)
        undated.append(Event.first_seen_at >= _start(first))
    if last is not None:
        dated.append(Event.event_date <= last)
        undated.append(Event.first_seen_at < _start(last + timedelta(days=1)))
    return or_(and_(*dated), and_(*undated))


def _filtered(f: EventFilter) -> Select[tuple[int, list[str], list[str]]]:
    query = select(Event.id, Event.persons, Event.agencies)
    if f.type:
        query = query.where(Event.type == f.type)
    if f.actor:
        query = query.where(_side(Event.actor_iso, Event.actor, f.actor))
    if f.target:
        query = query.where(_side(Event.target_iso, Event.target, f.target))
    if f.country:
        query = query.where(
            or_(
                _side(Event.actor_iso, Event.actor, f.country),
                _side(Event.target_iso, Event.target, f.country),
            )
        )
    if f.date_from or f.date_to:
        query = query.where(day_between(f.date_from, f.date_to))
    if f.new:
        query = query.where(Event.new.is_(True))
    if f.lang:
        query = query.where(
            exists(
                select(Mention.id)
                .join(Article, Article.id == Mention.article_id)
                .where(Mention.event_id == Event.id, func.lower(Article.language) == f.lang)
            )
        )
    if f.watchlist:
        touched = select(EventMatch.id).where(EventMatch.event_id == Event.id)
        if f.watchlist != "any":
            touched = touched.where(EventMatch.watchlist == f.watchlist)
        # A countries entry touches only when watched (watchlists.model.is_reason).
        watched = cast(EventMatch.tags, String).like(f'%"{WATCHED_TAG}"%')
        touched = touched.where(or_(EventMatch.watchlist != "countries", watched))
        query = query.where(exists(touched))
    return query.order_by(*LATEST_FIRST)


def _names_contain(names: object, part: str | None) -> bool:
    """Whether a JSON list of names has one containing ``part`` (any case)."""
    if part is None:
        return True
    wanted = part.casefold()
    return any(wanted in name.casefold() for name in json_list(names))


def find_events(db: Database, f: EventFilter) -> EventPage:
    """One page of the events ``f`` selects, latest first."""
    with db.session() as session:
        ids = [
            event_id
            for event_id, persons, agencies in session.execute(_filtered(f))
            if _names_contain(persons, f.person) and _names_contain(agencies, f.agency)
        ]
        start = (f.page - 1) * f.per_page
        views = load_event_views(session, ids[start : start + f.per_page])
    return EventPage(events=views, total=len(ids), filter=f)


def latest_events(db: Database, limit: int) -> list[EventView]:
    with db.session() as session:
        ids = list(session.scalars(select(Event.id).order_by(*LATEST_FIRST).limit(limit)))
        return load_event_views(session, ids)


def load_event_views(session: Session, event_ids: Sequence[int]) -> list[EventView]:
    """The events, in the order given, each with its sources (oldest report first)."""
    reports = load_event_reports(session, event_ids)
    if not reports:
        return []
    rows = session.execute(
        select(Mention.event_id, Mention.evidence, Article)
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.event_id.in_(list(event_ids)))
        .order_by(Mention.id)
    ).all()
    outlets = outlets_of(session, {article.id for _, _, article in rows})
    articles: dict[int, dict[int, Article]] = {}
    evidence: dict[tuple[int, int], list[str]] = {}
    for event_id, sentence, article in rows:
        articles.setdefault(event_id, {}).setdefault(article.id, article)
        said = evidence.setdefault((event_id, article.id), [])
        if sentence and sentence not in said:
            said.append(sentence)
    views = []
    for report in reports:
        sources = tuple(
            SourceView(
                outlet=outlets.get(article.id) or host_of(article.url),
                title=article.title,
                url=article.canonical_url or article.url,
                published=article.published,
                language=article.language,
                evidence=tuple(evidence.get((report.id, article.id), ())),
            )
            for article in articles.get(report.id, {}).values()
        )
        views.append(EventView(report=report, sources=sources))
    return views


def get_event(db: Database, event_id: int) -> EventView | None:
    with db.session() as session:
        views = load_event_views(session, [event_id])
    return views[0] if views else None


def _between(session: Session, actor_key: str, target_key: str, other_than: int) -> list[int]:
    """The latest events (RELATED_LIMIT at most) by ``actor_key`` against ``target_key``."""
    query = select(Event.id).where(
        Event.actor_key == actor_key, Event.target_key == target_key, Event.id != other_than
    )
    return list(session.scalars(query.order_by(*LATEST_FIRST).limit(RELATED_LIMIT)))


def related_events(db: Database, event: EventView) -> list[Related]:
    """Events that bear on this one: the reverse direction (a retaliation, or what this one
    answers), reports on the same persons (an earlier arrest, a later charge), and other
    events between the same two states. Latest first within each reason."""
    r = event.report
    found: dict[int, str] = {}
    with db.session() as session:
        own = session.get(Event, r.id)
        if own is None:
            return []
        if own.actor_key and own.target_key:
            for event_id in _between(session, own.target_key, own.actor_key, own.id):
                found.setdefault(event_id, "the reverse direction: a retaliation or its cause")
        if r.persons:
            wanted = {p.casefold(): p for p in r.persons}
            recent = (
                select(Event.id, Event.persons)
                .where(Event.id != own.id)
                .order_by(*LATEST_FIRST)
                .limit(_PERSONS_SCAN)
            )
            for event_id, persons in session.execute(recent):
                shared = [
                    wanted[p.casefold()] for p in json_list(persons) if p.casefold() in wanted
                ]
                if shared:
                    found.setdefault(event_id, "the same person: " + ", ".join(shared))
        if own.actor_key and own.target_key:
            for event_id in _between(session, own.actor_key, own.target_key, own.id):
                found.setdefault(event_id, "the same two states")
        ids = list(found)[:RELATED_LIMIT]
        views = load_event_views(session, ids)
    return [Related(view=v, why=found[v.id]) for v in views]


@dataclass(frozen=True)
class Hit:
    """One watchlist entry and the events (among some) that touch it."""

    watchlist: str
    entry: str
    found_as: tuple[str, ...]
    events: tuple[EventView, ...]


_LIST_ORDER = {"persons": 0, "agencies": 1, "countries": 9}


def watchlist_hits(views: Sequence[EventView]) -> list[Hit]:
    """The entries these events touch (watched countries only: a countries list can name
    every state): persons and agencies first, countries last, then the entries touched
    most."""
    found: dict[tuple[str, str], tuple[list[str], list[EventView]]] = {}
    for view in views:
        for m in view.report.reasons:
            texts, events = found.setdefault((m.watchlist, m.entry), ([], []))
            if m.text and m.text not in texts:
                texts.append(m.text)
            if view not in events:
                events.append(view)
    hits = [
        Hit(watchlist, entry, tuple(texts), tuple(events))
        for (watchlist, entry), (texts, events) in found.items()
    ]
    hits.sort(key=lambda h: (_LIST_ORDER.get(h.watchlist, 5), -len(h.events), h.entry.casefold()))
    return hits


@dataclass(frozen=True)
class Choices:
    """What the filter form offers: the values present in the database."""

    countries: list[tuple[str, str]]  # (value, label)
    languages: list[str]


def filter_choices(db: Database) -> Choices:
    with db.session() as session:
        sides: dict[str, str] = {}
        for iso, name in session.execute(
            select(Event.actor_iso, Event.actor).union(select(Event.target_iso, Event.target))
        ):
            value = iso or name
            if value:
                sides.setdefault(value, country_name(iso, name) or value)
        languages = sorted(
            {
                str(lang).lower()
                for lang in session.scalars(
                    select(Article.language)
                    .where(Article.id.in_(select(Mention.article_id)))
                    .distinct()
                )
                if lang
            }
        )
    countries = sorted(sides.items(), key=lambda item: item[1].casefold())
    return Choices(countries=countries, languages=languages)
