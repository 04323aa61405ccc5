"""shared mode on PostgreSQL: the search tables of a server (bigram tokens under a GIN index)

FTS5 is SQLite's; on a PostgreSQL server each search index of ``storage.search_index`` is a
table of (id, the item's normalized word runs, the array of its tokens) with a GIN index over the
tokens (``storage.pg_search``). Debian 12 has no pg_bigm, and pg_trgm needs three characters, so
the tokens are the same bigrams the SQLite index holds, filled by the same code.
Nothing changes on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("search_pg_services", "search_pg_names", "search_pg_procedures", "search_pg_orgs")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, doc text NOT NULL, tokens text[] NOT NULL)")
        op.execute(f"CREATE INDEX ix_{table}_tokens ON {table} USING gin (tokens)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
