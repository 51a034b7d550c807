"""The database side of fetching pages: which articles are pending, what a fetch changes.

Synchronous functions, each run in one session (one transaction per batch); the async
stage in :mod:`nongrata.ingest.ingest` hands them plain outcome objects. The article
statuses and the ``drops`` rows are those of :mod:`nongrata.ingest.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import select

from nongrata.db import Article, Database
from nongrata.extractors.language import detect_language
from nongrata.ingest.clean import CleanedPage, content_hash
from nongrata.ingest.store import (
    FAILED,
    FETCHED,
    PENDING,
    PREFILTERED,
    REFUSED,
    SUMMARY,
    drop,
)


@dataclass(frozen=True)
class PendingPage:
    id: int
    url: str
    # Whether the page's metadata is read: only when the feed entry lacks a title or a
    # date, which the page's then fill in (``nongrata.ingest.clean.clean_page``).
    metadata: bool = True


@dataclass(frozen=True)
class PageOutcome:
    """A page fetch: ``page`` when it was fetched and cleaned, ``prefiltered`` (why not) when
    it was fetched and not cleaned, else the failure's ``reason``/``detail``."""

    article_id: int
    url: str
    page: CleanedPage | None = None
    reason: str | None = None
    detail: str | None = None
    prefiltered: str | None = None


def load_pending_pages(db: Database, limit: int | None) -> list[PendingPage]:
    with db.session() as session:
        query = select(Article.id, Article.url, Article.title, Article.published).where(
            Article.fetch_status == PENDING
        )
        query = query.order_by(Article.id)
        if limit is not None:
            query = query.limit(limit)
        return [
            PendingPage(article_id, url, metadata=not title or published is None)
            for article_id, url, title, published in session.execute(query)
        ]


def keep_summaries_of_pending(db: Database, *, run_id: int | None, now: datetime) -> int:
    """Page fetching is off: pending articles get their feed summary as the text."""
    with db.session() as session:
        articles = list(session.scalars(select(Article).where(Article.fetch_status == PENDING)))
        for article in articles:
            _keep_summary(article)
            article.fetch_status = SUMMARY if article.summary else FAILED
            if not article.summary:
                article.fetch_error = "no-text: page fetching is off and there is no summary"
                session.add(
                    drop(
                        run_id=run_id,
                        stage="fetch",
                        reason="no-text",
                        detail="page fetching is off and there is no summary",
                        url=article.url,
                        article_id=article.id,
                        now=now,
                    )
                )
        return len(articles)


def store_page_outcomes(
    db: Database, outcomes: Sequence[PageOutcome], *, run_id: int | None, now: datetime
) -> None:
    """Cleaned pages become the articles' text; prefiltered pages and failures keep the
    summary and say why, failures with a drop. The batch's articles are read in one query."""
    with db.session() as session:
        ids = sorted({outcome.article_id for outcome in outcomes})
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
        for outcome in outcomes:
            article = articles.get(outcome.article_id)
            if article is None:  # removed while its page was fetched
                continue
            article.fetched_at = now
            if outcome.page is not None:
                _apply_page(article, outcome.page)
                continue
            _keep_summary(article)
            if outcome.prefiltered is not None:
                article.fetch_status = FETCHED
                article.fetch_error = f"{PREFILTERED}: {outcome.prefiltered}"
                continue
            reason = outcome.reason or "fetch-error"
            if reason == "refused-address":
                article.fetch_status = REFUSED
            else:
                article.fetch_status = SUMMARY if article.summary else FAILED
            article.fetch_error = f"{reason}: {outcome.detail}" if outcome.detail else reason
            session.add(
                drop(
                    run_id=run_id,
                    stage="fetch",
                    reason=reason,
                    detail=outcome.detail,
                    url=outcome.url,
                    feed_id=article.feed_id,
                    article_id=article.id,
                    now=now,
                )
            )


def _keep_summary(article: Article) -> None:
    article.text = article.summary
    article.language = detect_language(article.summary)
    article.content_hash = content_hash(article.summary) if article.summary else None


def _apply_page(article: Article, page: CleanedPage) -> None:
    article.text = page.text
    article.fetch_status = FETCHED
    article.fetch_error = None
    # the cleaning workers leave the language to this process (``clean_page_job``)
    article.language = page.language or detect_language(page.text)
    article.content_hash = page.content_hash
    if not article.title and page.title:
        article.title = page.title
    if not article.author and page.author:
        article.author = page.author
    if article.published is None and page.published is not None:
        article.published = datetime.combine(page.published, time(0, 0), tzinfo=UTC)
