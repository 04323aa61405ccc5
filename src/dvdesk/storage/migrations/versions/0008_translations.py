"""translations of directory records for the client copy (en, pt, easy, zh, vi)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("record_key", sa.String(length=80), nullable=False),
        sa.Column("source_hash", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("what_to_bring", sa.JSON(), nullable=False),
        sa.Column("caution", sa.Text(), nullable=False),
        sa.Column("hours", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lang", "record_key", name="uq_translation_lang_key"),
    )
    op.create_index("ix_translations_lang", "translations", ["lang"])


def downgrade() -> None:
    op.drop_index("ix_translations_lang", table_name="translations")
    op.drop_table("translations")
