"""Markers: facts recorded once about the database itself, one row each (by name).

``default-feeds-seeded``: the bundled feeds were registered (``nongrata.ingest.registry``);
a run never registers them again, even after the user removed some or all of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nongrata.db.models.base import Base
from nongrata.db.types import UTCDateTime, utcnow


class Marker(Base):
    __tablename__ = "markers"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    detail: Mapped[str | None] = mapped_column(Text)


__all__ = ["Marker"]
