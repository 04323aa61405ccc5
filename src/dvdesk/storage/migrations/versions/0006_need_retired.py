"""need categories can be retired: hidden from counselors, kept in history, restorable

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Both directions alter needs in place: rebuilding the table (batch mode's default here) would
# trip the foreign keys that services, procedures and referrals hold on it.
def upgrade() -> None:
    with op.batch_alter_table("needs", recreate="never") as batch:
        batch.add_column(sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place.
    with op.batch_alter_table("needs", recreate="never") as batch:
        batch.drop_column("retired")
