"""department towns: a count cell is one department's, not one name's

Monthly counts were kept one cell per department NAME (unique month, department, need, channel,
DV), so two departments of one name in two towns (子育て支援課 of 高岡市 and of 国立市, on a shared
server or in a national directory) shared a cell: saving one town's month replaced the other's. The
cell is now the department's: its directory id, with the town kept beside the name
(``municipality``), filled here from the directory for every row whose department still exists;
referral targets keep their department's town the same way. No count changes: only a column is
added and the uniqueness rule widened (a test compares every row before and after).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD_CELL = ["month", "department", "need_key", "channel", "dv"]
NEW_CELL = ["month", "organization_id", "municipality", "department", "need_key", "channel", "dv"]
# SQLite keeps 0004's rule unnamed: batch mode reflects it under this name so it can be dropped.
UNNAMED = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
UNNAMED_OLD = "uq_consultation_counts_month"

TOWN_OF = (
    "COALESCE((SELECT m.name FROM organizations o JOIN municipalities m ON m.id = o.municipality_id "
    "WHERE o.id = {table}.organization_id), '')"
)


def _unique_named(columns: list[str]) -> str | None:
    for uc in sa.inspect(op.get_bind()).get_unique_constraints("consultation_counts"):
        if list(uc["column_names"]) == columns:
            return uc["name"] or UNNAMED_OLD
    return None


def upgrade() -> None:
    old = _unique_named(OLD_CELL)
    with op.batch_alter_table("consultation_counts", naming_convention=UNNAMED) as batch:
        batch.add_column(sa.Column("municipality", sa.String(length=50), nullable=False, server_default=""))
        if old:
            batch.drop_constraint(old, type_="unique")
        batch.create_unique_constraint("uq_count_cell", NEW_CELL)
    with op.batch_alter_table("referral_targets") as batch:
        batch.add_column(sa.Column("municipality", sa.String(length=50), nullable=False, server_default=""))
    for table in ("consultation_counts", "referral_targets"):
        op.execute(f"UPDATE {table} SET municipality = {TOWN_OF.format(table=table)} WHERE organization_id IS NOT NULL")


def downgrade() -> None:
    """Back to one cell per name. Refused while two departments of one name hold the same cell
    (the older dvdesk could not keep both): the rule's creation fails and nothing changes."""
    with op.batch_alter_table("consultation_counts") as batch:
        batch.drop_constraint("uq_count_cell", type_="unique")
        batch.drop_column("municipality")
        batch.create_unique_constraint("consultation_counts_cell_by_name", OLD_CELL)
    op.execute("ALTER TABLE referral_targets DROP COLUMN municipality")
