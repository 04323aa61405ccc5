"""A rollback journal beside a database file: left by a write cut short, rolled back before a
read-only connection reads the file; held by a large write running elsewhere, said at an open at once.

A large write (a national import, ``storage.large_write``) runs in SQLite's rollback-journal mode:
killed mid-way, it leaves ``<file>-journal`` holding the pages from before, and the file half
written. The first read-write connection rolls it back; a read-only one cannot ("attempt to write a
readonly database", SQLITE_READONLY_ROLLBACK), so the backups', the restore's and the recovery's
reads (``backup.connect_ro``) would find a good file unreadable — and a restore then took no safety
copy and counted nothing it took out. While such a write runs (minutes, its EXCLUSIVE lock taken
as soon as its page cache spills) no other connection reads the file: a desk started meanwhile waited
for each of its start's reads in turn (42 s) before saying the data was in use.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from dvdesk.storage.errors import DatabaseBusy
from dvdesk.storage.uri import sqlite_uri

log = logging.getLogger(__name__)
WAIT_S = 10.0  # as storage.db's BUSY_TIMEOUT_MS: how long an open waits for another's write


def roll_back(path: Path, wait_s: float = 1.0) -> bool:
    """Let SQLite roll back a journal left beside ``path`` (nothing to do when none is there, or when it
    is a running write's). Best effort: a file that cannot be written keeps it, and the read says why.
    False when another connection's write keeps it from being read for ``wait_s`` (a journal is hot
    only when nobody holds the file: a running large write's is not)."""
    if not os.path.exists(f"{path}-journal"):
        return True
    try:
        con = sqlite3.connect(sqlite_uri(path) + "?mode=rw", uri=True, timeout=wait_s)  # never creates the file
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls it back
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return False
        log.warning("a journal beside %s could not be rolled back: %s", Path(path).name, exc)
    except sqlite3.Error as exc:
        log.warning("a journal beside %s could not be rolled back: %s", Path(path).name, exc)
    return True


def refuse_while_written(path: Path) -> None:
    """Before an open's own reads (``sqlite_file.prepare``): a journal left by a crash is rolled back;
    a large write running in another connection (its journal beside the file, its lock on it) is said
    at once, after one wait of ``WAIT_S``, not after every read of the start has waited its own."""
    if not roll_back(path, WAIT_S):
        raise DatabaseBusy(path, "a write in rollback-journal mode holds the file (storage.large_write)")
