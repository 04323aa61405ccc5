"""A restore that fails half-way (a full disk) leaves nothing written — the note of the referrals
restores took out of the log included. The note was written before the copy and left when the
copy failed: it named referrals still in the log as taken out by a restore, so that once the
counselor deleted one, ``referrals purge-backups`` kept it in every backup (as a restore's way
back) and the thinning of backups kept old files for it."""

import contextlib
import io
import sqlite3

import pytest

from conftest import MINI
from disk_support import small_tmpfs, unmount
from dvdesk.cli import main
from dvdesk.storage import backup, purge
from dvdesk.storage.restore_note import note_path, taken_out_by_restore


def _quiet(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def _log(db) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return sorted(con.execute("SELECT id, case_ref, created_at FROM referrals"))
    finally:
        con.close()


class _FullOnCopy:
    """The backup's connection, whose page copy fails as on a full disk."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def backup(self, *_args, **_kwargs) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_restore_failing_on_the_copy_notes_nothing_taken_out(monkeypatch, tmp_path):
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert _quiet(["load", "--dir", str(MINI)])[0] == 0
    empty_log = backup.take(db, "manual")
    assert _quiet(["referrals", "add", "--case", "R8-0001", "--counselor", "A", "--department", "test.center"])[0] == 0
    before = _log(db)
    real = backup.connect_ro
    monkeypatch.setattr(backup, "connect_ro", lambda path: _FullOnCopy(real(path)) if path == empty_log else real(path))

    code, err = _quiet(["restore", str(empty_log)])
    assert code == 1 and "ディスクの空きがありません" in err and "Traceback" not in err
    assert _log(db) == before
    assert not note_path(db).exists() and taken_out_by_restore(db) == set()

    # deleted now, the referral leaves every backup: nothing claims a restore took it out
    monkeypatch.setattr(backup, "connect_ro", real)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM referral_events")
    con.execute("DELETE FROM referral_targets")
    con.execute("DELETE FROM referrals")
    con.commit()
    con.close()
    purged = purge.purge_deleted_referrals(db)
    assert purged.kept_restored == []


def test_a_failed_restore_puts_an_earlier_note_back_as_it_was(monkeypatch, tmp_path):
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert _quiet(["load", "--dir", str(MINI)])[0] == 0
    empty_log = backup.take(db, "manual")
    note = note_path(db)
    note.write_text('[[7, "2026-01-01 00:00:00.000000"]]', encoding="utf-8")
    assert _quiet(["referrals", "add", "--case", "R8-0001", "--counselor", "A", "--department", "test.center"])[0] == 0
    real = backup.connect_ro
    monkeypatch.setattr(backup, "connect_ro", lambda path: _FullOnCopy(real(path)) if path == empty_log else real(path))
    assert _quiet(["restore", str(empty_log)])[0] == 1
    assert taken_out_by_restore(db) == {(7, "2026-01-01 00:00:00.000000")}


def test_a_restore_on_a_really_full_disk_leaves_the_log_and_the_note_as_they_were(tmp_path, monkeypatch):
    """The same on a tmpfs: a small database, a bigger backup, room for the safety copy only."""
    source = tmp_path / "big.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(source))
    assert _quiet(["load", "--dir", str(MINI)])[0] == 0
    con = sqlite3.connect(source)
    con.execute("CREATE TABLE ballast (b BLOB)")
    con.executemany("INSERT INTO ballast VALUES (randomblob(4096))", [()] * 400)  # ~1.6 MB
    con.commit()
    con.close()
    big = backup.take(source, "manual")
    mount = small_tmpfs(tmp_path, "small", "1600k")
    try:
        db = mount / "desk.sqlite3"
        monkeypatch.setenv("DVDESK_DB", str(db))
        assert _quiet(["load", "--dir", str(MINI)])[0] == 0
        assert (
            _quiet(["referrals", "add", "--case", "R8-0001", "--counselor", "A", "--department", "test.center"])[0] == 0
        )
        before = _log(db)
        code, err = _quiet(["restore", str(big)])
        if code == 0:
            pytest.skip("the tmpfs had room for the whole backup")
        assert "ディスクの空きがありません" in err and "Traceback" not in err
        assert _log(db) == before
        assert taken_out_by_restore(db) == set()
    finally:
        unmount(mount)
