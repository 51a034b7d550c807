"""The extraction stage: stored articles that have not been through extraction are extracted
in batches and their events recorded; nothing is fetched."""

from __future__ import annotations

import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, insert, select

from nongrata import __version__
from nongrata.db import Article, Database
from nongrata.db.models import ArticleExtractionState
from nongrata.db.types import utcnow
from nongrata.events.record import record_extractions
from nongrata.extractors.extract import Extractor
from nongrata.extractors.prefilter.article import extract_prefiltered
from nongrata.extractors.prefilter.names import WatchTerms
from nongrata.pipeline.nlp_workers import NlpWorkers, extract_shared
from nongrata.settings import Settings
from nongrata.types import NOT_READ, ArticleExtraction, ArticleInput
from nongrata.watchlists import Watchlists


@dataclass
class ExtractSummary:
    articles: int = 0
    with_events: int = 0
    alerting: int = 0
    skipped_by_prefilter: int = 0
    events_new: int = 0
    events_updated: int = 0
    alerts_queued: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    not_read: dict[str, int] = field(default_factory=dict)  # language no rules read → articles
    seconds: dict[str, float] = field(default_factory=dict)  # stage → time spent


# One WatchTerms per Watchlists object (built once, dropped with it).
_watch_terms: weakref.WeakKeyDictionary[Watchlists, WatchTerms] = weakref.WeakKeyDictionary()


def watch_terms_of(watchlists: Watchlists) -> WatchTerms:
    """Every name and alias of the watchlists as one cheap "any term present?" test."""
    terms = _watch_terms.get(watchlists)
    if terms is None:
        terms = WatchTerms.from_names(name for _, e in watchlists.entries for name in e.all_names)
        _watch_terms[watchlists] = terms
    return terms


def extractor_label(settings: Settings) -> str:
    return f"nongrata-{__version__}/{settings.spacy_model}"[:64]


def article_input(article: Article) -> ArticleInput:
    """What extraction sees of a stored article: its title, then its text."""
    title = (article.title or "").strip()
    text = (article.text or article.summary or "").strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return ArticleInput(
        id=str(article.id),
        text=text,
        published=article.published.date() if article.published else None,
        title=article.title,
        url=article.url,
        lang=article.language,
    )


def pending_article_ids(db: Database, limit: int | None = None) -> list[int]:
    """Articles with text (fetched, or the feed summary kept) and no extraction yet."""
    with db.session() as session:
        query = (
            select(Article.id)
            .outerjoin(ArticleExtractionState, ArticleExtractionState.article_id == Article.id)
            .where(ArticleExtractionState.article_id.is_(None))
            .where(Article.fetch_status != "pending")
            .order_by(Article.id)
        )
        if limit is not None:
            query = query.limit(limit)
        return list(session.scalars(query))


def load_inputs(db: Database, article_ids: Sequence[int]) -> list[ArticleInput]:
    """What extraction needs of these stored articles, in id order."""
    with db.session() as session:
        articles = list(session.scalars(select(Article).where(Article.id.in_(article_ids))))
    articles.sort(key=lambda a: a.id)
    return [article_input(a) for a in articles]


def extract_inputs(
    extractor: Extractor,
    inputs: Sequence[ArticleInput],
    *,
    prefilter: bool = True,
    seconds: dict[str, float] | None = None,
    workers: NlpWorkers | None = None,
) -> list[tuple[int, ArticleExtraction]]:
    """The NLP step alone (no database): it can run in another process or on a Dask worker.

    With ``prefilter`` (``settings.prefilter``), articles that cannot hold an event
    (``nongrata.extractors.prefilter.article``) skip NLP and come back with ``skipped`` set.
    ``seconds`` (if given) receives the time spent in "prefilter" and "nlp". With
    ``workers``, the NLP is shared with them (``nongrata.pipeline.nlp_workers``).
    """
    started = time.perf_counter()
    nlp_time = 0.0

    def timed_extract(articles: Sequence[ArticleInput]) -> list[ArticleExtraction]:
        nonlocal nlp_time
        begin = time.perf_counter()
        try:
            return extract_shared(extractor, workers, articles)
        finally:
            nlp_time += time.perf_counter() - begin

    if prefilter:
        watchlists = extractor.watchlists
        terms = watch_terms_of(watchlists) if isinstance(watchlists, Watchlists) else None
        results = extract_prefiltered(timed_extract, inputs, terms)
    else:
        results = timed_extract(inputs)
    if seconds is not None:
        _add_time(seconds, "nlp", nlp_time)
        _add_time(seconds, "prefilter", time.perf_counter() - started - nlp_time)
    return [(int(item.id), result) for item, result in zip(inputs, results, strict=True)]


def _add_time(seconds: dict[str, float], stage: str, spent: float) -> None:
    seconds[stage] = round(seconds.get(stage, 0.0) + spent, 4)


def record_batch(
    db: Database,
    settings: Settings,
    watchlists: Watchlists,
    items: Sequence[tuple[int, ArticleExtraction]],
    run_id: int | None,
    now: datetime | None = None,
) -> ExtractSummary:
    """Record the events of extracted articles and mark them extracted. Runs in one process at
    a time per run (clustering compares against what is already stored)."""
    summary = ExtractSummary()
    if not items:
        return summary
    started = time.perf_counter()
    recorded = record_extractions(db, settings, items, watchlists, run_id, now or utcnow())
    label = extractor_label(settings)
    extracted_at = utcnow()
    states = [
        {
            "article_id": article_id,
            "run_id": run_id,
            "extracted_at": extracted_at,
            "extractor": label,
            "language": result.lang,
            "events": len(result.events),
            "alert": result.alert,
            "skipped": result.skipped,
        }
        for article_id, result in items
    ]
    with db.session() as session:
        # One statement each, not a row at a time: any earlier state of these articles is
        # replaced (an article extracted again).
        ids = [article_id for article_id, _ in items]
        session.execute(
            delete(ArticleExtractionState).where(ArticleExtractionState.article_id.in_(ids))
        )
        session.execute(insert(ArticleExtractionState), states)
    _add_time(summary.seconds, "match", recorded.match_seconds)
    _add_time(summary.seconds, "store", time.perf_counter() - started - recorded.match_seconds)
    summary.articles = len(items)
    for _, result in items:
        summary.with_events += bool(result.events)
        summary.alerting += result.alert
        summary.skipped_by_prefilter += result.skipped is not None
        lang = result.lang or "unknown"
        summary.languages[lang] = summary.languages.get(lang, 0) + 1
        if result.skipped is not None and result.skipped.startswith(f"{NOT_READ}:"):
            summary.not_read[lang] = summary.not_read.get(lang, 0) + 1
    summary.events_new = recorded.events_new
    summary.events_updated = recorded.events_updated
    summary.alerts_queued = recorded.alerts_queued
    return summary


def extract_batch(
    db: Database,
    settings: Settings,
    extractor: Extractor,
    watchlists: Watchlists,
    article_ids: Sequence[int],
    run_id: int | None,
    now: datetime | None = None,
    workers: NlpWorkers | None = None,
) -> ExtractSummary:
    """Extract one batch of stored articles (sharing the NLP with ``workers``) and record
    their events."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    inputs = load_inputs(db, article_ids)
    _add_time(seconds, "load", time.perf_counter() - started)
    items = extract_inputs(
        extractor, inputs, prefilter=settings.prefilter, seconds=seconds, workers=workers
    )
    summary = record_batch(db, settings, watchlists, items, run_id, now)
    for stage, spent in seconds.items():
        _add_time(summary.seconds, stage, spent)
    return summary


def extract_pending(
    db: Database,
    settings: Settings,
    extractor: Extractor,
    watchlists: Watchlists,
    run_id: int | None,
    ids: Sequence[int],
    *,
    batch_size: int,
    now: datetime | None = None,
    workers: NlpWorkers | None = None,
) -> ExtractSummary:
    """Extract the pending articles ``ids`` (``pending_article_ids``) batch by batch and
    record their events."""
    total = ExtractSummary()
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        part = extract_batch(db, settings, extractor, watchlists, batch, run_id, now, workers)
        add_summary(total, part)
    return total


def forget_extractions(db: Database, *, since: datetime | None = None) -> int:
    """Mark stored articles for extraction again (``backfill``); returns how many."""
    with db.session() as session:
        query = delete(ArticleExtractionState)
        if since is not None:
            query = query.where(ArticleExtractionState.extracted_at >= since)
        result = session.execute(query)
        return int(getattr(result, "rowcount", 0) or 0)


def add_summary(total: ExtractSummary, part: ExtractSummary) -> None:
    total.articles += part.articles
    total.with_events += part.with_events
    total.alerting += part.alerting
    total.skipped_by_prefilter += part.skipped_by_prefilter
    total.events_new += part.events_new
    total.events_updated += part.events_updated
    total.alerts_queued += part.alerts_queued
    for lang, n in part.languages.items():
        total.languages[lang] = total.languages.get(lang, 0) + n
    for lang, n in part.not_read.items():
        total.not_read[lang] = total.not_read.get(lang, 0) + n
    for stage, spent in part.seconds.items():
        _add_time(total.seconds, stage, spent)
