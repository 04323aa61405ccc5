"""``dvdesk server-backup``'s check: the dump holds every row of every table, counted.

The dump (``pg_dump --snapshot``) and the counts are taken in one snapshot of the server, held open
by ``held_snapshot`` while pg_dump runs: a referral recorded by a desk meanwhile is in neither, so
the counts compare exactly. The dump's rows are counted from ``pg_restore --data-only`` (one line
per row between ``COPY … FROM stdin;`` and ``\\.``). Checked before: that the archive listed the
data of five tables, so a dump without the referral events, the templates or the counts was kept.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text

from dvdesk.domain import casework_models, change_log, translation_models  # noqa: F401  (their tables)
from dvdesk.domain.models import Base
from dvdesk.storage import db as storage_db
from dvdesk.storage import schema_revision, server

MIGRATIONS_TABLE = "alembic_version"


@dataclass
class Snapshot:
    id: str  # for ``pg_dump --snapshot``
    counts: dict[str, int] = field(default_factory=dict)  # every table's rows in that snapshot


def model_tables() -> set[str]:
    """Every table dvdesk's model has, and the migrations' revision table."""
    return {t.name for t in Base.metadata.sorted_tables} | {MIGRATIONS_TABLE}


@contextlib.contextmanager
def server_connection(url: str) -> Iterator[Connection]:
    """One REPEATABLE READ transaction on the server, whatever its dvdesk revision (the desks refuse
    an older or a newer one; the backup taken before ``server-setup`` updates it must not), its
    failures said as the desks say them (``storage.server.storage_error``)."""
    engine = server.make_engine(url)
    where = Path(server.display(url))
    try:
        with storage_db._server_errors(where), engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
    finally:
        engine.dispose()


@contextlib.contextmanager
def held_snapshot(url: str) -> Iterator[Snapshot]:
    """One snapshot of the server, exported and held for the block; its tables' rows counted in it.
    At the revision this dvdesk knows, a model table the server lacks is counted as -1 (no dump can
    hold its rows); a server at another revision is checked for the tables it has."""
    with server_connection(url) as conn:
        snap = Snapshot(str(conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()))
        present = {
            str(t) for (t,) in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        }
        revision = None
        if MIGRATIONS_TABLE in present:
            revision = conn.execute(text(f"SELECT max(version_num) FROM {MIGRATIONS_TABLE}")).scalar()
        expected = present | (model_tables() if revision == schema_revision.head_revision() else set())
        for table in sorted(expected):
            if table in present:
                snap.counts[table] = int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
            else:
                snap.counts[table] = -1
        yield snap


def dump_counts(lines: Iterable[str]) -> dict[str, int]:
    """Rows per table in ``pg_restore --data-only -f -`` output (a table with no COPY block: absent)."""
    counts: dict[str, int] = {}
    table: str | None = None
    for line in lines:
        if table is None:
            if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
                name = line[5:].split(" (", 1)[0].split(" ", 1)[0]
                table = name.rsplit(".", 1)[-1].strip('"')
                counts[table] = 0
        elif line.rstrip("\n") == "\\.":
            table = None
        else:
            counts[table] += 1
    return counts


def shortfalls(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    """Each table whose rows the dump does not hold as the server did, in one Japanese phrase each."""
    said = []
    for table, rows in sorted(expected.items()):
        if rows < 0:
            said.append(f"{table}（サーバーにこの表がありません）")
        elif table not in found:
            said.append(f"{table}（ダンプに行のデータがありません。サーバーは {rows:,} 行）")
        elif found[table] != rows:
            said.append(f"{table}（サーバー {rows:,} 行、ダンプ {found[table]:,} 行）")
    return said
