"""referral log and consultation tally

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-21

Tables of ``dvdesk.domain.casework_models``. No column holds a client's name, address, phone or
birth date: a referral is known by the counselor's case reference only.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_ref", sa.String(length=16), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("counselor", sa.String(length=30), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("dv", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referrals") as batch_op:
        batch_op.create_index("ix_referrals_case_ref", ["case_ref"])
        batch_op.create_index("ix_referrals_referred_on", ["referred_on"])

    op.create_table(
        "referral_needs",
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("need_key", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("referral_id", "need_key"),
    )
    op.create_table(
        "referral_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral_targets") as batch_op:
        batch_op.create_index("ix_referral_targets_referral_id", ["referral_id"])

    op.create_table(
        "referral_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral_events") as batch_op:
        batch_op.create_index("ix_referral_events_referral_id", ["referral_id"])

    op.create_table(
        "consultation_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=120), nullable=False),
        sa.Column("need_key", sa.String(length=60), nullable=False),
        sa.Column("need_label", sa.String(length=60), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("dv", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("month", "department", "need_key", "channel", "dv"),
    )
    with op.batch_alter_table("consultation_counts") as batch_op:
        batch_op.create_index("ix_consultation_counts_month", ["month"])


def downgrade() -> None:
    op.drop_table("consultation_counts")
    op.drop_table("referral_events")
    op.drop_table("referral_targets")
    op.drop_table("referral_needs")
    op.drop_table("referrals")
