"""feeds.country, feeds.language, feeds.kind, feeds.source: what a feed is (issue 22)

The bundled source list (and any OPML that says so) tags each feed with its state (ISO
3166-1 alpha-2), its language (ISO 639-1), its kind (agency, outlet, ministry, prosecutor,
service) and the page where its address was found. Feeds registered before stay untagged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Columns added in place: a batch rebuild of feeds on SQLite would cascade to the
    # articles' feed links.
    op.add_column("feeds", sa.Column("country", sa.String(length=2), nullable=True))
    op.add_column("feeds", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column("feeds", sa.Column("kind", sa.String(length=16), nullable=True))
    op.add_column("feeds", sa.Column("source", sa.Text(), nullable=True))


def downgrade() -> None:
    for column in ("source", "kind", "language", "country"):
        op.drop_column("feeds", column)
