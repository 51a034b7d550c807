"""An event as a message tells it: loaded from the database, with its sources and matches,
its one-line headline ("Czech Republic expels Belarusian diplomat · 3 sources") and its
agencies with their side ("KGB (Belarus, foreign)")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from nongrata.db.models import Article, ArticleFeed, Event, EventMatch, Feed, Mention
from nongrata.db.models.events import json_list, json_sides
from nongrata.extractors.countries import country_table
from nongrata.extractors.sides import agency_side
from nongrata.watchlists.model import is_reason

_VERBS = {
    "expulsion": "expels",
    "arrest": "arrests",
    "charge": "charges",
    "conviction": "convicts",
    "recall": "recalls",
    "closure": "orders closure of",
}


@dataclass(frozen=True)
class Source:
    title: str | None
    url: str  # the canonical link: no tracking parameters
    host: str
    published: datetime | None
    language: str | None
    evidence: str | None = None  # the article's sentence that names the event, as written
    outlet: str = ""  # the feed that carried it (its title), else the host


@dataclass(frozen=True)
class MatchLine:
    watchlist: str
    entry_id: str
    entry: str
    text: str
    reason: str
    score: float
    tags: tuple[str, ...] = ()

    @property
    def is_reason(self) -> bool:
        """Whether this entry makes the event touch the user's watchlists (a countries entry
        only when watched: a catch-all countries list is no reason)."""
        return is_reason(self.watchlist, self.tags)


@dataclass(frozen=True)
class EventReport:
    id: int
    type: str
    actor: str | None
    actor_iso: str | None
    target: str | None
    target_iso: str | None
    persons: tuple[str, ...]
    agencies: tuple[str, ...]
    count: int | None
    event_date: date | None
    confidence: float
    new: bool
    first_seen_at: datetime
    sources: tuple[Source, ...]
    matches: tuple[MatchLine, ...]
    evidence: tuple[str, ...] = ()
    # Each agency's side as recorded ("actor", "target", None); an agency missing here
    # (recorded before sides were) gets its side from the agency table (``side_of``).
    agency_sides: Mapping[str, str | None] = field(default_factory=dict)

    def side_of(self, agency: str) -> str | None:
        """``"actor"``, ``"target"`` or None: whose service ``agency`` is in this event."""
        if agency in self.agency_sides:
            return self.agency_sides[agency]
        return agency_side(agency, self.actor_iso, self.target_iso)

    def sides(self) -> dict[str, str | None]:
        """Every agency with its side, as ``extract --json`` tells them."""
        return {a: self.side_of(a) for a in self.agencies}

    @property
    def reasons(self) -> tuple[MatchLine, ...]:
        """The watchlist entries that make this event relevant (``MatchLine.is_reason``)."""
        return tuple(m for m in self.matches if m.is_reason)


def country_name(iso: str | None, name: str | None) -> str | None:
    if name:
        return name
    if iso:
        found = pycountry.countries.get(alpha_2=iso.upper())
        return str(getattr(found, "common_name", None) or found.name) if found else iso
    return None


def _adjective(iso: str | None) -> str | None:
    """The adjective alerts use for a state's people ("Belarusian"); None → "of <state>"."""
    return country_table().adjective(iso) if iso else None


_SIDE_WORDS = {"actor": "acting", "target": "foreign"}


def agency_label(agency: str, report: EventReport) -> str:
    """'PST (Norway, acting)', 'SVR (Russia, foreign)': the agency, its state and whether
    it is the acting state's service or the target's; the name alone when it is neither."""
    side = report.side_of(agency)
    if side == "actor":
        whose = country_name(report.actor_iso, report.actor)
    elif side == "target":
        whose = country_name(report.target_iso, report.target)
    else:
        return agency
    words = _SIDE_WORDS[side]
    return f"{agency} ({whose}, {words})" if whose else f"{agency} ({words})"


def agencies_line(report: EventReport) -> str:
    """'PST (Norway, acting) · SVR (Russia, foreign)' — the acting state's first; plain."""
    order = {"actor": 0, "target": 1}
    agencies = sorted(report.agencies, key=lambda a: order.get(report.side_of(a) or "", 2))
    return " · ".join(agency_label(a, report) for a in agencies)


def headline(report: EventReport) -> str:
    """'Czech Republic expels Belarusian diplomat · 3 sources' — plain, unescaped (the
    agencies, with their sides, are a line of their own: :func:`agencies_line`)."""
    actor = country_name(report.actor_iso, report.actor) or "Unknown state"
    target_name = country_name(report.target_iso, report.target)
    adjective = _adjective(report.target_iso)
    plural = report.count is not None and report.count > 1
    number = f"{report.count} " if plural else ""
    if report.type == "expulsion":
        noun = "diplomats" if plural else "diplomat"
    elif report.type in {"arrest", "charge", "conviction"}:
        noun = "suspected spies" if plural else "suspected spy"
    elif report.type == "recall":
        noun = "diplomats" if plural else "ambassador"
    else:
        noun = "mission"
    if report.type == "recall":
        what = f"{number}{noun}" + (f" from {target_name}" if target_name else "")
    elif adjective and noun.startswith("suspected "):
        what = f"{number}suspected {adjective} {noun.removeprefix('suspected ')}"
    elif adjective:
        what = f"{number}{adjective} {noun}"
    elif target_name:
        what = f"{number}{noun} of {target_name}"
    else:
        what = f"{number}{noun}"
    if report.persons and report.type in {"arrest", "charge", "conviction"} and not plural:
        what = f"{', '.join(report.persons[:2])}, {what}"
    line = f"{actor} {_VERBS.get(report.type, report.type)} {what}"
    n = len(report.sources)
    return f"{line} · {n} source{'s' if n != 1 else ''}"


def host_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def outlets_of(session: Session, article_ids: Iterable[int]) -> dict[int, str]:
    """Each article's outlet: the title of the first feed that carried it, else its host."""
    rows = session.execute(
        select(ArticleFeed.article_id, Feed.title, Feed.url)
        .join(Feed, Feed.id == ArticleFeed.feed_id)
        .where(ArticleFeed.article_id.in_(list(article_ids)))
        .order_by(ArticleFeed.first_seen_at, ArticleFeed.feed_id)
    )
    outlets: dict[int, str] = {}
    for article_id, title, url in rows:
        outlets.setdefault(article_id, (title or "").strip() or host_of(url))
    return outlets


def load_event_reports(session: Session, event_ids: Sequence[int]) -> list[EventReport]:
    """The events with their sources (one per article, oldest first) and matches."""
    if not event_ids:
        return []
    events = list(session.scalars(select(Event).where(Event.id.in_(event_ids))))
    rows = session.execute(
        select(Mention.event_id, Mention.evidence, Article)
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.event_id.in_(event_ids))
        .order_by(Mention.id)
    ).all()
    outlets = outlets_of(session, {article.id for _, _, article in rows})
    sources: dict[int, list[Source]] = {}
    evidence: dict[int, list[str]] = {}
    seen: set[tuple[int, int]] = set()
    for event_id, sentence, article in rows:
        if sentence and sentence not in evidence.setdefault(event_id, []):
            evidence[event_id].append(sentence)
        if (event_id, article.id) in seen:
            continue
        seen.add((event_id, article.id))
        link = article.canonical_url or article.url
        sources.setdefault(event_id, []).append(
            Source(
                title=article.title,
                url=link,
                host=host_of(link),
                published=article.published,
                language=article.language,
                evidence=sentence or None,
                outlet=outlets.get(article.id) or host_of(link),
            )
        )
    matches: dict[int, list[MatchLine]] = {}
    for m in session.scalars(
        select(EventMatch).where(EventMatch.event_id.in_(event_ids)).order_by(EventMatch.id)
    ):
        matches.setdefault(m.event_id, []).append(
            MatchLine(
                watchlist=m.watchlist,
                entry_id=m.entry_id,
                entry=m.entry,
                text=m.text,
                reason=m.reason,
                score=m.score,
                tags=tuple(json_list(m.tags)),
            )
        )
    order = {event_id: i for i, event_id in enumerate(event_ids)}
    events.sort(key=lambda e: order[e.id])
    return [
        EventReport(
            id=e.id,
            type=e.type,
            actor=e.actor,
            actor_iso=e.actor_iso,
            target=e.target,
            target_iso=e.target_iso,
            persons=tuple(json_list(e.persons)),
            agencies=tuple(json_list(e.agencies)),
            agency_sides=json_sides(e.agency_sides),
            count=e.count,
            event_date=e.event_date,
            confidence=e.confidence,
            new=e.new,
            first_seen_at=e.first_seen_at,
            sources=tuple(sources.get(e.id, [])),
            matches=tuple(matches.get(e.id, [])),
            evidence=tuple(evidence.get(e.id, [])),
        )
        for e in events
    ]
