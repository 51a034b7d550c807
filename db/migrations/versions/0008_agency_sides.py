"""events.agency_sides, mentions.agency_sides: whose service each agency is (issues 20, 21)

A JSON object, each of the row's agencies with its side: ``"actor"`` (the acting state's
service), ``"target"`` (the target state's: the foreign service a person worked for) or null
(neither). Rows recorded before stay NULL; readers work their sides out from the agency
table (``nongrata.extractors.sides``) as extraction does.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Columns added in place (no batch rebuild: events cascade to mentions and alerts).
    op.add_column("events", sa.Column("agency_sides", sa.JSON(), nullable=True))
    op.add_column("mentions", sa.Column("agency_sides", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("mentions", "agency_sides")
    op.drop_column("events", "agency_sides")
