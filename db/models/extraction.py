"""Which stored articles have been through extraction, with which extractor, and the outcome.

A row means: this article's events (if any) are recorded. ``backfill`` deletes rows to have
articles extracted again after an extractor or model upgrade, without fetching anything.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nongrata.db.models.base import Base
from nongrata.db.types import UTCDateTime, utcnow


class ArticleExtractionState(Base):
    __tablename__ = "article_extractions"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    extracted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    extractor: Mapped[str] = mapped_column(String(64))  # extractor version and spaCy model
    language: Mapped[str | None] = mapped_column(String(16))
    events: Mapped[int] = mapped_column(Integer, default=0)
    alert: Mapped[bool] = mapped_column(Boolean, default=False)
    skipped: Mapped[str | None] = mapped_column(Text)  # why NLP did not run (prefilter), if so
