"""search at national scale: kind tags, a one-character prefix index, a names-only index; indexes

The search index gains a ``kind<kind>`` tag token per row (so the kind filter is part of the
full-text lookup, not a join over every match) and ``prefix='1'`` (so a one-character query
reads one doclist instead of merging every bigram that starts with it). ``search_fts_names``
holds names and tags only, so finding name matches does not read every description that
contains the words. The index is copied token for token in SQL, so this revision does not
depend on the indexer's current code.

contact_points.organization_id and organizations.municipality_id get indexes: the phone check
of every search hit and every department list looked them up by scanning the whole table.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-21
"""

from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

_TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"


def _copy_index(options: str, tags_sql: str) -> None:
    op.execute(f"CREATE VIRTUAL TABLE search_fts_copy USING fts5(name, org, body, tags, {options})")
    op.execute(
        "INSERT INTO search_fts_copy(rowid, name, org, body, tags) "
        f"SELECT f.rowid, f.name, f.org, f.body, {tags_sql} "
        "FROM search_fts f JOIN services s ON s.id = f.rowid"
    )
    op.execute("DROP TABLE search_fts")
    op.execute("ALTER TABLE search_fts_copy RENAME TO search_fts")


def upgrade() -> None:
    op.create_index("ix_contact_points_organization_id", "contact_points", ["organization_id"])
    op.create_index("ix_organizations_municipality_id", "organizations", ["municipality_id"])
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; a PostgreSQL server's search tables come with 0009
    _copy_index(f"{_TOKENIZE}, prefix='1'", "f.tags || ' kind' || s.kind")
    op.execute(f"CREATE VIRTUAL TABLE search_fts_names USING fts5(name, tags, {_TOKENIZE}, prefix='1')")
    op.execute("INSERT INTO search_fts_names(rowid, name, tags) SELECT rowid, name, tags FROM search_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts_names")
        _copy_index(_TOKENIZE, "rtrim(substr(f.tags, 1, instr(f.tags || ' kind', ' kind') - 1))")
    op.drop_index("ix_organizations_municipality_id", "organizations")
    op.drop_index("ix_contact_points_organization_id", "contact_points")
