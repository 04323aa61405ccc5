"""The highest referral number this PC gave, kept through a restore and a recovery.

A referral's number (its id: ``dvdesk referrals add`` prints it, ``referrals status N`` and
``queue move N`` take it) is never given twice: ``referral_conflicts.new_id`` goes above every id
the database gave, noted in its meta table (``ID_GIVEN_KEY``). That note is in the file, and a
restore puts back the backup's (lower) one with the backup's log: the referrals recorded since left
the log (kept in the before-restore backup), and the next referral took the number of one of them —
the number the counselor holding its slip would move it by (h18). A restore therefore keeps the
higher of the file's note before and the backup's (``keep``); a recovery keeps the damaged file's
(``salvage.read`` reads it, ``salvage_merge.carry`` keeps it and numbers a referral it must renumber
above it). On a server the sequence gives the numbers; a dump sets it back, so the server's restore
(``dvdesk server-restore``, ``app.server_restore``) sets it above every number given.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# ``referral_conflicts.ID_GIVEN_KEY``, written out: a restore runs where SQLAlchemy is not imported
ID_GIVEN_KEY = "referrals.highest_id_given"

Run = Callable[[str, tuple[Any, ...]], Iterable[tuple[Any, ...]]]  # (sql, params) -> rows


def highest(run: Run) -> int:
    """The higher of the note and the highest referral id there (0 for a table or note missing or
    unreadable: nothing known of it)."""
    found = 0
    for sql, params in (
        ("SELECT value FROM meta WHERE key = ?", (ID_GIVEN_KEY,)),
        ("SELECT max(id) FROM referrals", ()),
    ):
        try:
            for (value,) in run(sql, params):
                if value is not None and str(value).strip().isdigit():
                    found = max(found, int(str(value).strip()))
        except (sqlite3.Error, ValueError) as exc:
            log.warning("the highest referral number could not be read: %s", type(exc).__name__)
    return found


def note(run: Run, given: int) -> None:
    """Note ``given`` as given, unless the database already knows a higher number (meta table)."""
    if given > highest(run):
        rows = list(run("SELECT count(*) FROM meta WHERE key = ?", (ID_GIVEN_KEY,)))
        if rows and rows[0][0]:
            run("UPDATE meta SET value = ? WHERE key = ?", (str(given), ID_GIVEN_KEY))
        else:
            run("INSERT INTO meta (key, value) VALUES (?, ?)", (ID_GIVEN_KEY, str(given)))


def of_file(path: Path, connect: Callable[[Path], sqlite3.Connection]) -> int:
    """``highest`` of the SQLite file ``path`` (0 when it cannot be opened)."""
    try:
        con = connect(path)
    except sqlite3.Error:
        return 0
    try:
        return highest(lambda sql, params: con.execute(sql, params).fetchall())
    finally:
        con.close()


def keep(db_path: Path, given: int) -> None:
    """After a restore into ``db_path``: the numbers given before it (``given``) stay given."""
    if given <= 0:
        return
    con = sqlite3.connect(db_path)
    try:
        with con:
            if con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'meta'").fetchone()[0]:
                note(lambda sql, params: con.execute(sql, params).fetchall(), given)
    finally:
        con.close()
