"""shared desks: version columns for optimistic locking, the receiving desk on referral events

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

VERSIONED = ("organizations", "contact_points", "services", "procedures", "referrals")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("referral_events") as batch:
        batch.add_column(sa.Column("desk", sa.String(length=120), nullable=False, server_default=""))
    # The receiving department's queue looks referrals up by target department.
    op.create_index("ix_referral_targets_organization_id", "referral_targets", ["organization_id"])


def downgrade() -> None:
    op.drop_index("ix_referral_targets_organization_id", table_name="referral_targets")
    # A plain DROP COLUMN (SQLite >= 3.35): batch mode would copy and drop each table, which the
    # foreign keys of a filled directory refuse.
    for table, column in [("referral_events", "desk"), *((t, "version") for t in VERSIONED)]:
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
