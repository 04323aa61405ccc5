"""A rollback journal left beside a database file by a write cut short, rolled back before a read-only
connection reads the file.

A large write (a national import, ``storage.large_write``) runs in SQLite's rollback-journal mode:
killed mid-way, it leaves ``<file>-journal`` holding the pages from before, and the file half
written. The first read-write connection rolls it back; a read-only one cannot ("attempt to write a
readonly database", SQLITE_READONLY_ROLLBACK), so the backups', the restore's and the recovery's
reads (``backup.connect_ro``) would find a good file unreadable — and a restore then took no safety
copy and counted nothing it took out.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from dvdesk.storage.uri import sqlite_uri

log = logging.getLogger(__name__)


def roll_back(path: Path) -> None:
    """Let SQLite roll back a journal left beside ``path`` (nothing to do when none is there, or when it
    is a running write's). Best effort: a file that cannot be written keeps it, and the read says why."""
    if not os.path.exists(f"{path}-journal"):
        return
    try:
        # never creates the file; a short wait: a journal is hot only when no one else holds the file
        con = sqlite3.connect(sqlite_uri(path) + "?mode=rw", uri=True, timeout=1.0)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls it back
        finally:
            con.close()
    except sqlite3.Error as exc:
        log.warning("a journal beside %s could not be rolled back: %s", Path(path).name, exc)
