"""Looking for a string anywhere in a database: every text cell of every table, and the raw files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dvdesk.storage.uri import sqlite_uri


def cells_containing(path: Path, needle: str) -> list[tuple[str, str]]:
    """(table, value) for every text cell that contains ``needle``."""
    con = sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        hits = []
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                hits += [(table, v) for v in row if isinstance(v, str) and needle in v]
        return hits
    finally:
        con.close()


def files_containing(path: Path, needle: str) -> list[Path]:
    """The database, WAL and journal files whose bytes contain ``needle`` (UTF-8)."""
    data = needle.encode("utf-8")
    candidates = [path, *(path.with_name(path.name + s) for s in ("-wal", "-journal"))]
    return [p for p in candidates if p.exists() and data in p.read_bytes()]
