"""Builders for events, extractions and articles, and a small real watchlist matcher, for
the events/alerts tests (the extractor and the matcher are written concurrently)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pycountry
from unidecode import unidecode

from nongrata.db import Article, Database
from nongrata.events.record import RecordSummary, record_extractions
from nongrata.extractors.sides import with_sides
from nongrata.settings import Settings
from nongrata.types import ArticleExtraction, EventType, ExtractedEvent, WatchlistHit

_counter = itertools.count(1)


NAMES = {"CZ": "Czech Republic", "RU": "Russia", "GB": "United Kingdom", "US": "United States"}


def country(iso: str | None) -> str | None:
    if iso is None:
        return None
    if iso in NAMES:
        return NAMES[iso]
    found = pycountry.countries.get(alpha_2=iso)
    return str(getattr(found, "common_name", None) or found.name) if found else iso


def event(
    type: EventType = "expulsion",
    actor_iso: str | None = "CZ",
    target_iso: str | None = "BY",
    *,
    new: bool = True,
    persons: Sequence[str] = (),
    agencies: Sequence[str] = (),
    count: int | None = None,
    confidence: float = 0.9,
    evidence: str | None = None,
    event_date: date | None = None,
    further_person: bool = False,
    persons_reliable: bool = True,
) -> ExtractedEvent:
    made = ExtractedEvent(
        type=type,
        new=new,
        actor=country(actor_iso),
        actor_iso=actor_iso,
        target=country(target_iso),
        target_iso=target_iso,
        persons=tuple(persons),
        agencies=tuple(agencies),
        count=count,
        confidence=confidence,
        evidence=evidence or f"{actor_iso} {type} {target_iso} sentence {next(_counter)}",
        event_date=event_date,
        further_person=further_person,
        persons_reliable=persons_reliable,
    )
    return with_sides(made)  # as extraction gives it: each agency with its side


def extraction(
    article_id: int, *events: ExtractedEvent, lang: str = "en"
) -> tuple[int, ArticleExtraction]:
    return article_id, ArticleExtraction(id=str(article_id), lang=lang, events=tuple(events))


def add_article(
    db: Database,
    url: str,
    *,
    title: str = "Czech Republic expels Belarusian diplomat",
    published: date = date(2025, 9, 10),
    language: str = "en",
) -> int:
    with db.session() as session:
        article = Article(
            url=url,
            canonical_url=url,
            title=title,
            published=datetime(published.year, published.month, published.day, 8, tzinfo=UTC),
            language=language,
            fetch_status="fetched",
        )
        session.add(article)
        session.flush()
        return article.id


@dataclass(frozen=True)
class Entry:
    """One watchlist entry of the test matcher."""

    watchlist: str  # agencies | persons | countries
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    country: str | None = None


def _norm(text: str) -> str:
    return " ".join(unidecode(text).lower().split())


def match_event(
    watchlists: Sequence[Entry],
    *,
    persons: Sequence[str],
    agencies: Sequence[str],
    actor_iso: str | None,
    target_iso: str | None,
) -> list[WatchlistHit]:
    """Exact-name matching over the entries: enough to exercise what the pipeline stores."""
    hits: list[WatchlistHit] = []
    for entry in watchlists:
        names = {_norm(n): n for n in (entry.name, *entry.aliases)}
        found: str | None = None
        if entry.watchlist == "persons":
            found = next((p for p in persons if _norm(p) in names), None)
        elif entry.watchlist == "agencies":
            found = next((a for a in agencies if _norm(a) in names), None)
        elif entry.country in {actor_iso, target_iso}:
            found = entry.country
        if found is not None:
            hits.append(
                WatchlistHit(
                    list=entry.watchlist,
                    entry=entry.name,
                    entry_id=entry.id,
                    text=found,
                    score=1.0,
                    reason="exact name",
                    tags=entry.tags,
                )
            )
    return hits


WATCHLIST: tuple[Entry, ...] = (
    Entry("agencies", "kgb-by", "KGB", ("KDB",), ("belarus",)),
    Entry("agencies", "gru", "GRU", (), ("russia", "military")),
    Entry(
        "persons", "dukshta-mikalai", "Mikalai Dukshta", ("Nikolai Dukshta",), ("belarus", "kgb")
    ),
)


def record_test_events(
    db: Database, settings: Settings, now: datetime, *items: tuple[int, ArticleExtraction]
) -> RecordSummary:
    """Record ``items`` as a run does, their events matched against :data:`WATCHLIST` by
    :func:`match_event`."""
    return record_extractions(db, settings, items, WATCHLIST, None, now, matcher=match_event)


AGENCIES_YAML = """kind: agencies
entries:
  - id: by-kgb
    name: KGB
    aliases: [State Security Committee, КГБ]
    country: BY
  - id: ru-fsb
    name: FSB
    aliases: [Federal Security Service]
    country: RU
  - id: ru-svr
    name: SVR
    aliases: [Foreign Intelligence Service]
    country: RU
  - id: md-sis
    name: SIS
    country: MD
  - id: gb-sis
    name: MI6
    aliases: [SIS, Secret Intelligence Service]
    country: GB
"""

PERSONS_YAML = """kind: persons
entries:
  - id: dukshta-mikalai
    name: Mikalai Dukshta
    aliases: [Nikolai Dukshta]
    country: BY
  - id: lukashenko-alexander
    name: Alexander Lukashenko
    aliases: [Alyaksandr Lukashenka]
    country: BY
  - id: lukashenko-viktor
    name: Viktor Lukashenko
    aliases: [Viktar Lukashenka]
    country: BY
"""


def write_watchlists(folder: Path) -> Path:
    """A small real watchlist folder (agencies and persons) for filter and extraction checks."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agencies.yaml").write_text(AGENCIES_YAML, encoding="utf-8")
    (folder / "persons.yaml").write_text(PERSONS_YAML, encoding="utf-8")
    return folder
