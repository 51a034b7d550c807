"""mentions.further_person, mentions.persons_reliable: what extraction marks on an event

``further_person``: the report tells of one more person than an earlier event ("a second
suspect"); ``persons_reliable``: its persons may tell it apart from another event (the
English parser's, not a capitalised run of words in another language). Clustering reads
both (issue 20). Rows recorded before stay NULL: a reader works ``further_person`` out from
the mention's evidence with every language's cues, as clustering did before, and takes
their persons as reliable, as it did before.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 19:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Columns added in place (no batch rebuild: events cascade to mentions and alerts).
    op.add_column("mentions", sa.Column("further_person", sa.Boolean(), nullable=True))
    op.add_column("mentions", sa.Column("persons_reliable", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("mentions", "persons_reliable")
    op.drop_column("mentions", "further_person")
