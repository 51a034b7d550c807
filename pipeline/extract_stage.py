"""The extraction stage: stored articles that have not been through extraction are extracted
in batches and their events recorded; nothing is fetched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select

from nongrata import __version__
from nongrata.db import Article, Database
from nongrata.db.models import ArticleExtractionState
from nongrata.db.types import utcnow
from nongrata.extractors.extract import Extractor
from nongrata.extractors.types import ArticleExtraction, ArticleInput
from nongrata.matching import Watchlists
from nongrata.pipeline.record import record_extractions
from nongrata.settings import Settings


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
    extractor: Extractor, inputs: Sequence[ArticleInput]
) -> list[tuple[int, ArticleExtraction]]:
    """The NLP step alone (no database): it can run in another process or on a Dask worker."""
    results = extractor.extract(list(inputs))
    return [(int(item.id), result) for item, result in zip(inputs, results, strict=True)]


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
    recorded = record_extractions(db, settings, items, watchlists, run_id, now or utcnow())
    label = extractor_label(settings)
    with db.session() as session:
        for article_id, result in items:
            session.merge(
                ArticleExtractionState(
                    article_id=article_id,
                    run_id=run_id,
                    extracted_at=utcnow(),
                    extractor=label,
                    language=result.lang,
                    events=len(result.events),
                    alert=result.alert,
                    skipped=result.skipped,
                )
            )
    summary.articles = len(items)
    for _, result in items:
        summary.with_events += bool(result.events)
        summary.alerting += result.alert
        summary.skipped_by_prefilter += result.skipped is not None
        lang = result.lang or "unknown"
        summary.languages[lang] = summary.languages.get(lang, 0) + 1
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
) -> ExtractSummary:
    """Extract one batch of stored articles and record their events."""
    items = extract_inputs(extractor, load_inputs(db, article_ids))
    return record_batch(db, settings, watchlists, items, run_id, now)


def extract_pending(
    db: Database,
    settings: Settings,
    extractor: Extractor,
    watchlists: Watchlists,
    run_id: int | None,
    *,
    batch_size: int = 64,
    now: datetime | None = None,
) -> ExtractSummary:
    total = ExtractSummary()
    ids = pending_article_ids(db)
    for start in range(0, len(ids), batch_size):
        part = extract_batch(
            db, settings, extractor, watchlists, ids[start : start + batch_size], run_id, now
        )
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
