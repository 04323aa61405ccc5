"""shared mode on PostgreSQL: a server's search tables (bigram tokens under GIN); who changed the directory

FTS5 is SQLite's; on a PostgreSQL server each search index of ``storage.search_index`` is a
table of (id, the item's normalized word runs, the array of its tokens) with a GIN index over the
tokens (``storage.pg_search``). Debian 12 has no pg_bigm, and pg_trgm needs three characters, so
the tokens are the same bigrams the SQLite index holds, filled by the same code.

``change_history.db_user``: who made each change as the database knows them. On a server a
trigger sets it to the login role (``session_user``), so an administrator cannot write another
name there; on SQLite dvdesk records the PC's OS user.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("search_pg_services", "search_pg_names", "search_pg_procedures", "search_pg_orgs")


_TRIGGER = """
CREATE FUNCTION dvdesk_change_history_db_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_user := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER change_history_db_user BEFORE INSERT OR UPDATE ON change_history
    FOR EACH ROW EXECUTE FUNCTION dvdesk_change_history_db_user();
"""


def upgrade() -> None:
    with op.batch_alter_table("change_history", recreate="never") as batch:
        batch.add_column(sa.Column("db_user", sa.String(100), nullable=False, server_default=""))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_TRIGGER)
    for table in TABLES:
        op.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, doc text NOT NULL, tokens text[] NOT NULL)")
        op.execute(f"CREATE INDEX ix_{table}_tokens ON {table} USING gin (tokens)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in reversed(TABLES):
            op.execute(f"DROP TABLE {table}")
        op.execute("DROP TRIGGER change_history_db_user ON change_history")
        op.execute("DROP FUNCTION dvdesk_change_history_db_user()")
    with op.batch_alter_table("change_history") as batch:
        batch.drop_column("db_user")
