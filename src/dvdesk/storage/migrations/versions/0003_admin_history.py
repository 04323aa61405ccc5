"""admin history: every change an administrator or an import makes to the directory

Revision ID: 0003
Revises: 0004 (assigned with 0001; re-chained after merging main)
Create Date: 2026-11-22

The administrator passphrase is not a table: its salted scrypt hash lives in ``meta``
(key ``admin_passphrase``), see dvdesk.admin.passphrase.

Written with IF NOT EXISTS so that it can run again: on an engine that lets the sqlite3 module
autocommit DDL (a plain pysqlite engine, as tools and tests use), a crash between this DDL and
Alembic's version stamp leaves the table without the stamp.
"""

from alembic import op

revision = "0003"
down_revision = "0004"  # re-chained onto main (0001→0002→0004→0003)
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PostgreSQL has no DATETIME, and its ids come from a sequence (SERIAL), as SQLAlchemy makes them.
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute(f"""
        CREATE TABLE IF NOT EXISTS change_history (
            id {"SERIAL" if postgresql else "INTEGER"} NOT NULL,
            edit_id VARCHAR(36) NOT NULL,
            at {"TIMESTAMP WITHOUT TIME ZONE" if postgresql else "DATETIME"} NOT NULL,
            admin VARCHAR(100) NOT NULL,
            action VARCHAR(20) NOT NULL,
            table_name VARCHAR(40) NOT NULL,
            record_key VARCHAR(120) NOT NULL,
            field VARCHAR(80) NOT NULL,
            old_value TEXT,
            new_value TEXT,
            note TEXT NOT NULL,
            undone_by VARCHAR(36) NOT NULL,
            PRIMARY KEY (id)
        )""")
    op.execute("CREATE INDEX IF NOT EXISTS ix_change_history_edit_id ON change_history (edit_id)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_change_history_record ON change_history (table_name, record_key)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_change_history_record")
    op.execute("DROP INDEX IF EXISTS ix_change_history_edit_id")
    op.execute("DROP TABLE IF EXISTS change_history")
