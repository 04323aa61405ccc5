"""The purge rewrites a damaged file set aside with what SQLite keeps beside it, and leaves none of it.

Found in session 17: ``purge._rewrite_damaged`` copied the file and its WAL, not its rollback journal,
and removed the WAL and SHM after the rewrite, not the journal. A journal SQLite does not roll back
(its header zeroed: ``journal_mode=PERSIST``, as a tool an administrator inspects the file with
leaves it) still holds the old pages, a deleted referral's text among them: the purge said it was
removed and the text stayed on disk. A hot journal left beside the rewritten file is rolled back into
it at the next open: pages of another layout written over the rewrite (a stray WAL is applied the
same way). Now each side file is copied with the file, folded into the copy, and removed before the
rewrite takes the file's place.
"""

import os
import shutil
import sqlite3
from pathlib import Path

from damage_support import overwrite_root_page
from dvdesk.storage import backup, purge
from dvdesk.storage.db import open_database
from test_purge_every_copy import _holding, _marker, _record

INSERT = (
    "INSERT INTO referrals (case_ref, referred_on, counselor, channel, dv, status, updated_on, created_at, version)"
    " VALUES (?, '2025-06-01', '相談員A', 'phone', 1, 'referred', '2025-06-01', ?, 1)"
)


def _desk(_mini_template, tmp_path, x):
    """A desk with R7-B, then X and R7-W in rollback-journal mode; the damaged file's name beside it."""
    path = tmp_path / "d.sqlite3"
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    _record(db, "R7-B", "市民課に連絡")
    db.close()
    backup.take(path, "manual")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute(INSERT, (x, "2025-06-01 10:00:00.000000"))
    con.execute(INSERT, ("R7-W", "2025-06-01 10:05:00.000000"))
    return path, con, path.with_name("d.damaged-20250601-100000-000000.sqlite3")


def _deleted_at_the_desk(con, x):
    con.execute("PRAGMA secure_delete = ON")
    con.execute("DELETE FROM referrals WHERE case_ref = ?", (x,))
    con.execute("VACUUM")
    con.close()


def _read(aside):
    con = sqlite3.connect(aside)  # read-write: a journal left beside it would be rolled back now
    try:
        return con.execute("SELECT case_ref, counselor FROM referrals ORDER BY id").fetchall()
    finally:
        con.close()


def test_a_journal_sqlite_does_not_roll_back_loses_the_deleted_referral_too(_mini_template, tmp_path):
    x = _marker()
    path, con, aside = _desk(_mini_template, tmp_path, x)
    con.close()
    shutil.copy(path, aside)
    look = sqlite3.connect(aside, isolation_level=None)  # an administrator's look, in PERSIST mode
    look.execute("PRAGMA journal_mode = PERSIST")
    look.execute("UPDATE referrals SET version = version + 1 WHERE case_ref = ?", (x,))
    look.close()
    assert x.encode() in Path(f"{aside}-journal").read_bytes()  # the old page, header zeroed: not hot
    overwrite_root_page(aside, "organizations")
    con = sqlite3.connect(path, isolation_level=None)
    _deleted_at_the_desk(con, x)
    purge.note_carried(aside, [])
    purged = purge.purge_deleted_referrals(path)
    assert (aside, 1) in purged.removed and purged.complete
    assert _holding(tmp_path, x) == []  # before: in d.damaged-….sqlite3-journal
    assert not Path(f"{aside}-journal").exists()
    assert _read(aside) == [("R7-B", "相談員A"), ("R7-W", "相談員A")]


def test_a_hot_journal_is_rolled_back_into_the_copy_not_into_the_rewritten_file(_mini_template, tmp_path):
    """The file is whole only with its hot journal (a large write killed mid-way): the copy holds what
    was committed, never the half-written pages; and no journal is left to roll back into the rewrite."""
    x = _marker()
    path, con, aside = _desk(_mini_template, tmp_path, x)
    con.execute("PRAGMA cache_size = 2")  # the write spills into the file before its commit
    con.execute("BEGIN")
    con.execute("UPDATE services SET name = name || ''")
    con.execute("UPDATE referrals SET counselor = '書きかけ'")
    assert Path(f"{path}-journal").stat().st_size > 0
    shutil.copy(path, aside)  # killed here: the file half written, its journal hot
    shutil.copy(f"{path}-journal", f"{aside}-journal")
    con.execute("ROLLBACK")
    _deleted_at_the_desk(con, x)
    purge.note_carried(aside, [])
    # the purge's own read rolls a hot journal back first; the rewrite must hold even when it could not
    purge._rewrite_damaged(aside, [2], {1, 3}, 0)
    assert not Path(f"{aside}-journal").exists()
    assert _read(aside) == [("R7-B", "相談員A"), ("R7-W", "相談員A")]
    assert _holding(tmp_path, x) == []


def test_a_rewrite_that_cannot_take_the_files_place_leaves_the_file_with_its_wal(_mini_template, tmp_path, monkeypatch):
    """The WAL is folded into the copy; when the copy cannot replace the file (a file held open on
    Windows, a drive gone), the file keeps its WAL: the referrals only the WAL holds are not lost."""
    x = _marker()
    path, con, aside = _desk(_mini_template, tmp_path, x)
    con.close()
    live = sqlite3.connect(path)
    live.execute("PRAGMA journal_mode = WAL")
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute(INSERT, ("R7-Z", "2025-06-01 10:10:00.000000"))  # in the WAL only
    live.commit()
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(f"{path}{suffix}", f"{aside}{suffix}")
    live.close()
    con = sqlite3.connect(path, isolation_level=None)
    _deleted_at_the_desk(con, x)
    purge.note_carried(aside, [])
    real = os.replace

    def refused(src, dst):
        if Path(dst) == aside:
            raise PermissionError(13, "in use")
        return real(src, dst)

    monkeypatch.setattr(purge.os, "replace", refused)
    purged = purge.purge_deleted_referrals(path)
    assert [p for p, _ in purged.failed] == [aside]
    monkeypatch.undo()
    assert b"R7-Z" in Path(f"{aside}-wal").read_bytes()  # before: the WAL deleted, the copy removed
    assert [r[0] for r in _read(aside)] == ["R7-B", x, "R7-W", "R7-Z"]
