"""A write of gigabytes (a national import: the records, their history and the shipped search
index) in SQLite's rollback-journal mode when nothing else has the file open.

In WAL mode each page of such a write is written twice — into the WAL during the transaction, then
into the file at the checkpoint — and the transaction's reads of its own pages go through the WAL's
index. In rollback-journal mode the new pages go straight into the file (pages past the file's old
end are not journaled: the rollback truncates them), and only the few pages the import changes from
before are copied to the journal. Copying the national index's 2.8 GB of rows: 5.2 s + 1.3 s commit
against 8–11 s + 2.5 s and a checkpoint of ≈ 13 s after (docs/performance.md, session 16).

SQLite switches a file out of WAL mode only when no other connection has it open, in any process:
a window (or an idle pooled connection) keeps the import in WAL mode, with its checkpoint run
behind it (``checkpoint_behind``). A dvdesk that starts while the import runs waits for it (every
connection sets WAL mode on open, ``storage.db``, which needs the import's lock), and says the data
is in use after ``BUSY_TIMEOUT_MS``, as for any long write.

The switch back to WAL happens when the pool takes the connection back, committed or rolled back.
A crash mid-import leaves a hot journal beside the file: the next connection that reads it rolls it
back (SQLite's own recovery; every open does so first, and so does every read-only read of the live
file, which SQLite alone would refuse: ``hot_journal``; ``recovery`` moves a journal aside with the
file it belongs to). An open meanwhile says the data is in use after one wait (``hot_journal``). If the
switch back cannot be made (another process opened the file just then), the next connection to
open it sets WAL mode. SQLite files only.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from dvdesk.storage import checkpoint_behind

MARK = "dvdesk_large_write"  # a pooled connection that began a large write: its journal mode
ROLLBACK_JOURNAL, WAL = "delete", "wal"
log = logging.getLogger(__name__)


def begin(dbapi_connection: Any, info: dict[Any, Any], busy_timeout_ms: int) -> str:
    """Before the large write's ``BEGIN``: the rollback journal if the file is this connection's
    alone, else WAL with the automatic checkpoint off (run behind the commit instead). Returns the
    mode the write runs in."""
    dbapi_connection.execute("PRAGMA busy_timeout = 0")  # another connection: WAL at once, no wait
    try:
        row = dbapi_connection.execute(f"PRAGMA journal_mode = {ROLLBACK_JOURNAL}").fetchone()
        mode = str(row[0]).lower() if row else WAL
    except sqlite3.OperationalError:  # "database is locked": another connection has it open
        mode = WAL
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    if mode != ROLLBACK_JOURNAL:
        mode = WAL
        dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")
    info[MARK] = mode
    log.info("large write in %s mode", mode)
    return mode


def end(dbapi_connection: Any, info: dict[Any, Any]) -> str | None:
    """At check-in (``storage.db``), the transaction over: WAL mode back, or the automatic
    checkpoint back on. Returns the mode the write ran in (None: no large write)."""
    mode = info.pop(MARK, None)
    if mode == ROLLBACK_JOURNAL:
        try:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:  # the next connection to open the file sets it
            log.warning("journal mode not set back to WAL after a large write: %s", exc)
    elif mode == WAL:
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {checkpoint_behind.AUTO}")
    return mode
