"""shared mode on PostgreSQL: the server's search tables keyed by rank position, as SQLite's index is

Index version 4 (``storage.search_index``) makes every search-index row's key a rank position
(``slot << 24 | id``, slots in (length of the name, name, id) order), so a lookup reads its
matches best first and stops at the page. The server's token tables of 0009 were keyed by id: here
they are remade keyed by ``rank`` (bigint, the primary key: ``ORDER BY rank LIMIT k`` walks it),
with the text of the columns a lookup may name on their own (``{name}``, ``{org}``), and the
tokens as a ``tsvector`` of exactly those words (no parsing: ``array_to_tsvector``), under GIN:
one index lookup answers a whole boolean expression, and testing one row is a binary search
of its sorted tokens instead of a scan of a text[] of 350 (see ``storage.pg_search``); the
server gets ``search_order`` and ``search_list`` (on SQLite ``search_index`` creates them).
The tables are filled by the next ``server-setup`` (the index version changed); nothing else
reads them. SQLite: nothing to do here.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("search_pg_services", "search_pg_names", "search_pg_procedures", "search_pg_orgs")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TABLE {table}")
        # Names and docs compare by code point, as SQLite's BINARY collation does.
        op.execute(
            f"CREATE TABLE {table} (rank bigint PRIMARY KEY, doc text NOT NULL, "
            "name_doc text NOT NULL, org_doc text NOT NULL, tokens tsvector NOT NULL)"
        )
        op.execute(f"CREATE INDEX ix_{table}_tokens ON {table} USING gin (tokens)")
    op.execute(
        "CREATE TABLE search_order (service_id integer PRIMARY KEY, len integer NOT NULL, "
        'name text COLLATE "C" NOT NULL, slot bigint NOT NULL)'
    )
    op.execute("CREATE INDEX ix_search_order_key ON search_order (len, name, service_id)")
    op.execute(
        'CREATE TABLE search_list (tag text COLLATE "C" NOT NULL, kind integer NOT NULL, '
        'name text COLLATE "C" NOT NULL, service_id integer NOT NULL, '
        "PRIMARY KEY (tag, kind, name, service_id))"
    )
    op.execute("CREATE INDEX ix_search_list_service ON search_list (service_id)")
    op.execute("DELETE FROM meta WHERE key = 'search_index_version'")  # server-setup re-indexes


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE search_list")
    op.execute("DROP TABLE search_order")
    for table in TABLES:
        op.execute(f"DROP TABLE {table}")
        op.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, doc text NOT NULL, tokens text[] NOT NULL)")
        op.execute(f"CREATE INDEX ix_{table}_tokens ON {table} USING gin (tokens)")
    op.execute("DELETE FROM meta WHERE key = 'search_index_version'")  # the older dvdesk re-indexes
