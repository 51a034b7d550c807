"""Run locks: one row per held lock, in nongrata's own database (see ``nongrata.pipeline.locks``).

A lock is taken by inserting its row (the name is the primary key, so only one insert wins)
or by a conditional update of a row whose holder is gone (expired, or a dead process on this
machine); the holder renews ``expires_at`` while it works and deletes the row when done.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from nongrata.db.models.base import Base
from nongrata.db.types import UTCDateTime


class Lock(Base):
    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    # "pid@node#token": node says which machine (and process namespace) the pid lives in.
    holder: Mapped[str] = mapped_column(String(256))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


__all__ = ["Lock"]
