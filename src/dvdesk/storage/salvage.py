"""Reading the casework (referral log, consultation counts) out of a damaged file, row by row.

A damaged page costs the rows on it, not the table: when a table cannot be read whole, each row is
looked up by its rowid, which reads only the pages on its own path. The rowids to look up come from
one of the table's indexes when one can be read (``SELECT rowid … INDEXED BY``: the index holds every
rowid, so the rows that fail are counted exactly); otherwise every rowid up to the highest is tried,
and how many rows could not be read is unknown (None), never 0. The index read, the widest that can
be, also gives the indexed columns of each row that fails (``unreadable_keys``: for a count, its
cell), so the recovery can tell whether the recovered database holds that row's cell.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from dvdesk.storage import backup, referral_numbers
from dvdesk.storage.backup import connect_ro

CASEWORK = ("referrals", "referral_needs", "referral_targets", "referral_events", "consultation_counts")
DIRECTORY = ("services", "organizations")  # their ids -> keys, to link the rows to the recovered directory
_PROBE_PAST_END = 200  # rowids tried past the highest read when no index and no max(rowid) answers
_PROBE_LIMIT = 1_000_000  # no more rowids tried without an index (a damaged max(rowid) can be anything)
# Past the rows read, a run of this many rowids that all fail ends the probing: past a lost last
# leaf every lookup fails, to the limit (a million failures, 5 s a table, each kept as a rowid). A
# lost interior page of a table holds some 300 leaves: a run this long is past any one of them.
PROBE_FAILED_RUN = 100_000


@dataclass
class TableRead:
    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)
    unreadable_ids: set[int] = field(default_factory=set)
    unreadable_keys: dict[int, dict[str, object]] = field(default_factory=dict)  # rowid -> its indexed columns
    exact: bool = True  # False: rows may be missing that no rowid list names (how many is unknown)

    @property
    def unreadable(self) -> int | None:
        return len(self.unreadable_ids) if self.exact else None


@dataclass
class Casework:
    """What could be read of one file: each casework table, and the directory's id -> key."""

    tables: dict[str, TableRead]
    keys: dict[str, dict[int, str] | None]  # None: that directory table could not be read at all
    given: int = 0  # the highest referral number the file noted as given (``referral_numbers``; 0: unread)

    def read(self, table: str) -> int:
        t = self.tables.get(table)
        return len(t.rows) if t else 0

    def unreadable(self, table: str) -> int | None:
        t = self.tables.get(table)
        return t.unreadable if t else 0


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that reads a file cut short: SQLite refuses every read of a file
    shorter than its header's page count ("malformed") unless the schema is writable — which a
    read-only connection cannot use to write. The pages still there are read; the others fail."""
    con = connect_ro(path)
    con.execute("PRAGMA writable_schema = ON")
    return con


def change_count(path: Path) -> str | None:
    """``backup.change_count`` of a damaged file (a file cut short too)."""
    return backup.change_count(path, connect)


def read(path: Path) -> Casework | None:
    """The readable casework of ``path``; None when the file cannot be opened or its schema read."""
    try:
        con = connect(path)
    except sqlite3.Error:
        return None
    try:
        present, listed = _present(con)
        tables = {name: _table(con, name) for name in CASEWORK if name in present}
        if not listed:  # a casework table not found may be on a lost page of the schema: unknown, not empty
            tables.update({name: TableRead([], exact=False) for name in CASEWORK if name not in present})
        keys = {name: _keys(con, name) if name in present else {} for name in DIRECTORY}
        given = referral_numbers.highest(lambda sql, params: con.execute(sql, params).fetchall())
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return Casework(tables, keys, given)


def _present(con: sqlite3.Connection) -> tuple[set[str], bool]:
    """The file's tables, and whether the schema listed them all; when a page of the schema is lost
    (naming other tables), ours are still found by name, from what of the schema could be read."""
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}, True
    except sqlite3.DatabaseError:
        pass
    return {n for n in (*CASEWORK, *DIRECTORY) if con.execute(f'PRAGMA table_info("{n}")').fetchall()}, False


def _keys(con: sqlite3.Connection, table: str) -> dict[int, str] | None:
    t = _table(con, table, ("id", "key"))
    if not t.rows and t.unreadable_ids:
        return None
    return {int(str(r["id"])): str(r["key"]) for r in t.rows}


def _table(con: sqlite3.Connection, name: str, wanted: tuple[str, ...] = ()) -> TableRead:
    columns = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')]
    columns = [c for c in columns if not wanted or c in wanted]
    listed = ", ".join(f'"{c}"' for c in columns)
    out = TableRead(columns)
    try:
        out.rows = [dict(zip(columns, r, strict=True)) for r in con.execute(f'SELECT {listed} FROM "{name}"')]
        return out
    except sqlite3.DatabaseError:
        pass
    indexed = _indexed(con, name)
    rowids = set(indexed) if indexed is not None else None
    out.exact = rowids is not None
    lookup = f'SELECT {listed} FROM "{name}" NOT INDEXED WHERE rowid = ?'
    misses, rowid, highest = 0, 0, max(rowids) if rowids else _highest(con, name)
    for rowid in sorted(rowids) if rowids is not None else range(1, min(highest, _PROBE_LIMIT) + 1):
        _look_up(con, lookup, rowid, columns, out)
    failed = 0  # rowids in a row that could not be read
    out.unreadable_keys = {i: indexed[i] for i in out.unreadable_ids if indexed and indexed[i]}
    while rowids is None and misses < _PROBE_PAST_END and rowid < _PROBE_LIMIT and failed < PROBE_FAILED_RUN:
        rowid += 1
        unread = len(out.unreadable_ids)
        misses = 0 if _look_up(con, lookup, rowid, columns, out) else misses + 1
        failed = failed + 1 if len(out.unreadable_ids) > unread else 0
    return out


def _look_up(con: sqlite3.Connection, query: str, rowid: int, columns: list[str], out: TableRead) -> bool:
    """One row by rowid into ``out``; True when there was one (or one that could not be read)."""
    try:
        row = con.execute(query, (rowid,)).fetchone()
    except sqlite3.DatabaseError:
        out.unreadable_ids.add(rowid)
        return True
    if row is not None:
        out.rows.append(dict(zip(columns, row, strict=True)))
    return row is not None


def _indexed(con: sqlite3.Connection, name: str) -> dict[int, dict[str, object]] | None:
    """Every rowid of the table with the columns its index holds, from the widest of its indexes that
    can be read whole (a covering read: the table's own pages are not touched); None if none can."""
    indexes = [r[1] for r in con.execute(f'PRAGMA index_list("{name}")')]
    widths = {i: [str(r[2]) for r in con.execute(f'PRAGMA index_info("{i}")') if r[2] is not None] for i in indexes}
    for index in sorted(indexes, key=lambda i: -len(widths[i])):
        cols = widths[index]
        listed = "".join(f', "{c}"' for c in cols)
        try:
            found = con.execute(f'SELECT rowid{listed} FROM "{name}" INDEXED BY "{index}"').fetchall()
        except sqlite3.DatabaseError:
            continue
        return {int(r[0]): dict(zip(cols, r[1:], strict=True)) for r in found}
    return None


def _highest(con: sqlite3.Connection, name: str) -> int:
    try:
        return int(con.execute(f'SELECT max(rowid) FROM "{name}"').fetchone()[0] or 0)
    except sqlite3.DatabaseError:
        return 0
