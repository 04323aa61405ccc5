"""a service names the circumstances it is for (該当する事情), as a procedure does

A checklist listed every client service filed under a chosen need, so a client with no child took
home places only for children (母子家庭等自立支援給付金, 同伴児の一時預かり …): they are filed under
an adult need (生活費, 就労) as well as a child one. A service now names the child circumstances it
is for (``services.circumstances``, keys of ``record_kinds.SERVICE_CIRCUMSTANCES``), and such a place
is listed only on a paper that names a child. Every existing service gets an empty list: nothing
changes until a record names one (the bundled directory's do, from their sources).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# Added in place (recreate="never"): rebuilding services would trip the foreign keys other tables
# (referral targets, the need and measure links) hold on it.
def upgrade() -> None:
    with op.batch_alter_table("services", recreate="never") as batch:
        batch.add_column(sa.Column("circumstances", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("services", recreate="never") as batch:
        batch.drop_column("circumstances")
