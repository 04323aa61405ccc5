"""admin history: every change an administrator or an import makes to the directory

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22

The administrator passphrase is not a table: its salted scrypt hash lives in ``meta``
(key ``admin_passphrase``), see dvdesk.admin.passphrase.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edit_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("admin", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_key", sa.String(length=120), nullable=False),
        sa.Column("field", sa.String(length=80), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("undone_by", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_history", schema=None) as batch_op:
        batch_op.create_index("ix_change_history_edit_id", ["edit_id"], unique=False)
        batch_op.create_index("ix_change_history_record", ["table_name", "record_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change_history", schema=None) as batch_op:
        batch_op.drop_index("ix_change_history_record")
        batch_op.drop_index("ix_change_history_edit_id")
    op.drop_table("change_history")
