"""markers (facts recorded once, e.g. the bundled feeds seeded) and feeds.retry_after_until

A database that already recorded a run had its chance to be seeded under the old rule (the
bundled feeds were registered into an empty registry at a run): it is marked seeded, so that
an upgrade never brings back bundled feeds its user removed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import nongrata.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    markers = op.create_table(
        "markers",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", nongrata.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(
            sa.Column(
                "retry_after_until", nongrata.db.types.UTCDateTime(timezone=True), nullable=True
            )
        )
    runs = op.get_bind().execute(sa.text("SELECT count(*) FROM runs")).scalar()
    if runs:
        op.bulk_insert(
            markers,
            [
                {
                    "name": "default-feeds-seeded",
                    "recorded_at": datetime.now(UTC),
                    "detail": "before this version (the database had recorded runs)",
                }
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("retry_after_until")
    op.drop_table("markers")
