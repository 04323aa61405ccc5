"""A large write's WAL checkpoint run behind it, on a connection of its own.

SQLite copies the WAL into the database file at the commit that takes the WAL past
``wal_autocheckpoint`` pages — inside the commit. After a national import (a 3–4 GB WAL) that copy
is ≈ 15 s of the import's wall clock (docs/performance.md, "Session 13"). ``large_write.begin`` lets
that one transaction commit without it (the WAL is written and synced at commit, as always: the import is
durable when the commit returns); ``start`` then runs the checkpoint in a background thread on its
own connection, while readers go on reading (WAL mode: they read the new pages from the WAL).
``settle`` waits for it: ``Database.close`` and ``Database.forget_deleted`` call it (a deleted
row's pages must leave the WAL and the file together). A checkpoint that fails or is cut short
loses nothing: the committed pages stay in the WAL and the next commit's automatic checkpoint, or
the last connection's close, copies them. SQLite files only.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

AUTO = 1000  # SQLite's default ``wal_autocheckpoint`` (pages), set back at check-in (``large_write.end``)
_running: dict[Path, threading.Thread] = {}
_lock = threading.Lock()
log = logging.getLogger(__name__)


def start(path: Path, busy_timeout_ms: int) -> None:
    """Copy ``path``'s WAL into it in a background thread (after a commit ``large_write.begin`` deferred)."""
    key = Path(path).resolve()
    settle(key)
    thread = threading.Thread(target=_checkpoint, args=(key, busy_timeout_ms), name="dvdesk-checkpoint", daemon=True)
    with _lock:
        _running[key] = thread
    thread.start()


def settle(path: Path) -> None:
    """Wait for ``path``'s background checkpoint, if one is running."""
    with _lock:
        thread = _running.pop(Path(path).resolve(), None)
    if thread is not None:
        thread.join()


def _checkpoint(path: Path, busy_timeout_ms: int) -> None:
    try:
        con = sqlite3.connect(path)
        try:
            con.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            con.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            con.close()
    except sqlite3.Error as exc:  # nothing lost: the pages stay in the WAL for the next checkpoint
        log.warning("background checkpoint of %s did not finish: %s", path, exc)
