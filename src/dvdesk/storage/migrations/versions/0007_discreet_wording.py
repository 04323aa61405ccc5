"""discreet wording per procedure and service; procedures whose department is still to be confirmed

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# Added in place (recreate="never"): rebuilding procedures or services would trip the foreign
# keys other tables hold on them.
def upgrade() -> None:
    with op.batch_alter_table("procedures", recreate="never") as batch:
        batch.add_column(sa.Column("department_unconfirmed", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("discreet_name", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("discreet_line", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("services", recreate="never") as batch:
        batch.add_column(sa.Column("discreet_line", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("services", recreate="never") as batch:
        batch.drop_column("discreet_line")
    with op.batch_alter_table("procedures", recreate="never") as batch:
        batch.drop_column("discreet_line")
        batch.drop_column("discreet_name")
        batch.drop_column("department_unconfirmed")
