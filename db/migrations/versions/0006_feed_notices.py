"""operational notices: notices, feeds.dead_noticed_at, subscriptions.ops, deliveries.notice_id

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import nongrata.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = nongrata.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("feed_id", sa.Integer(), nullable=True),
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("feed_title", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("since", UTC_DATETIME, nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["feed_id"], ["feeds.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_feed_id"), ["feed_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_notices_subscription_id"), ["subscription_id"], unique=False
        )
    # Plain ADD COLUMN, never a batch (a copy of the table): on SQLite, dropping a parent
    # table deletes its children's rows by cascade (digests, alerts, deliveries).
    op.add_column("feeds", sa.Column("dead_noticed_at", UTC_DATETIME, nullable=True))
    op.add_column(
        "subscriptions", sa.Column("ops", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    # deliveries is no table's parent: copying it (SQLite's way to add a constraint) is safe.
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_deliveries_notice_id", "notices", ["notice_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_unique_constraint(
            "uq_deliveries_notice_target", ["notice_id", "target_hash"]
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("uq_deliveries_notice_target", type_="unique")
        batch_op.drop_constraint("fk_deliveries_notice_id", type_="foreignkey")
        batch_op.drop_column("notice_id")
    # Plain ALTER TABLE (SQLite 3.35+ too), not a batch: see upgrade().
    op.execute("ALTER TABLE subscriptions DROP COLUMN ops")
    op.execute("ALTER TABLE feeds DROP COLUMN dead_noticed_at")
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notices_subscription_id"))
        batch_op.drop_index(batch_op.f("ix_notices_feed_id"))
    op.drop_table("notices")
