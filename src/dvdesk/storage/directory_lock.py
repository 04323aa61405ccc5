"""One change of the directory at a time on a shared server, as SQLite's write lock gives.

An import reads the directory (its plan; a package's stamp of what its preview saw), then writes
it. On SQLite a write transaction begins with the write lock (``BEGIN IMMEDIATE``): a second
import starts after the first one's commit, sees it, and refuses to overwrite what its preview did
not show. PostgreSQL's writers run side by side: a sheet imported while another administrator's
import committed wrote the sheet's values over that import's change, both told 「取り込みました」,
and a change made between the plan and the write met the row version as 「予期しないエラー」.

Every transaction that changes the directory on a server (an import, its rehearsal, a save in the
administration window) first takes a transaction-level advisory lock. It waits for the lock as long
as SQLite waits for its own (``BUSY_TIMEOUT_MS``), then raises ``DirectoryBusy``: one line, nothing
changed. Referral and count writes never take it: a desk is never held up by an import.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from dvdesk.storage.errors import DirectoryBusy

LOCK_KEY = 0x64766469  # "dvdi": the directory (statistics.COUNTS_LOCK is "dvct")
WAIT_S = 10.0  # as SQLite's busy timeout (storage.db.BUSY_TIMEOUT_MS)
_POLL_S = 0.1


def take(session: Session, wait_s: float | None = None) -> None:
    """Hold the directory lock to the end of ``session``'s transaction (a server only; SQLite's write
    transaction holds the file's lock already). Raises ``DirectoryBusy`` after ``wait_s``."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + (WAIT_S if wait_s is None else wait_s)
    while not session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": LOCK_KEY}):
        if time.monotonic() >= deadline:
            from dvdesk.storage.server import display

            raise DirectoryBusy(Path(display(bind.engine.url.render_as_string(hide_password=True))), "directory lock")
        time.sleep(_POLL_S)
