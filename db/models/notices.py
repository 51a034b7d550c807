"""Operational notices: a feed is dead (failing for ``feed_dead_after_days``, or disabled),
or it recovered. For each change of a feed's state, one row per subscription that asks for
notices (``ops``), delivered through the outbox to its targets — or one row without a
subscription when none asks (the change is recorded). See ``nongrata.alerts.notices``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nongrata.db.models.base import Base
from nongrata.db.types import UTCDateTime, utcnow


class Notice(Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # feed-dead | feed-recovered
    # Whose: removing the subscription removes its notices and their undelivered messages.
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    feed_id: Mapped[int | None] = mapped_column(
        ForeignKey("feeds.id", ondelete="SET NULL"), index=True
    )
    feed_url: Mapped[str] = mapped_column(Text)  # kept when the feed is removed
    feed_title: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)  # the last error, or why it was disabled
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last success, if any
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = ["Notice"]
