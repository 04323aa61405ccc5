"""A national import written with the rollback journal (``storage.large_write``), met by what a user
does next: a dvdesk started while it holds the file, and each step after a crash mid-import (a hot
journal beside the file) — a restore, a recovery, a backup. Each must give the data from before
the import with a true message: never "damaged" for a file in use, never a restore without its way
back, never a damaged copy kept without the journal that makes it whole."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from dvdesk.cli import main
from dvdesk.storage import backup, open_marker
from dvdesk.storage.db import open_database, quick_check
from dvdesk.storage.errors import CorruptDatabase, DatabaseBusy
from test_backup_safety import add_referral, make_mini, referral_refs


@pytest.fixture(autouse=True)
def _mini(_mini_template):  # test_backup_safety's make_mini reads the template it is handed
    import test_backup_safety

    test_backup_safety._MINI_TEMPLATE[:] = [_mini_template]


# A large write that fills more than its page cache: SQLite then takes the file's EXCLUSIVE lock
# before the commit (rollback-journal mode), as a national import does within seconds.
def _spill(session) -> None:  # type: ignore[no-untyped-def]
    session.execute(text("PRAGMA cache_size = 20"))
    session.execute(text("CREATE TABLE import_probe (x)"))
    session.execute(
        text(
            "INSERT INTO import_probe WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 600) "
            "SELECT zeroblob(4000) FROM c"
        )
    )
    session.execute(text("DELETE FROM meta WHERE key = 'change_count'"))  # a page of the file from before
    session.flush()


@contextlib.contextmanager
def import_holding(db) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """A large write in a thread, its cache spilled (its lock on the file), until the block ends; then
    given up (rolled back). Yields the journal mode it runs in."""
    writing, done = threading.Event(), threading.Event()
    mode: list[str] = []

    def import_running() -> None:
        with contextlib.suppress(LookupError), db.write(large=True) as s:
            _spill(s)
            mode.append(s.execute(text("PRAGMA journal_mode")).scalar_one())
            writing.set()
            done.wait(60)
            raise LookupError("the import given up (test): rolled back")

    thread = threading.Thread(target=import_running)
    thread.start()
    try:
        assert writing.wait(60)
        yield mode
    finally:
        done.set()
        thread.join(60)


def test_a_dvdesk_started_while_an_import_holds_the_file_is_told_it_is_in_use_not_damaged(tmp_path, monkeypatch):
    from dvdesk.storage import hot_journal, start_open

    monkeypatch.setattr(hot_journal, "WAIT_S", 0.3)
    db = make_mini(tmp_path / "dvdesk.sqlite3")
    path = db.path
    with import_holding(db) as mode:
        assert mode == ["delete"]
        with pytest.raises(DatabaseBusy) as caught:  # the command line's open checks the file first
            open_database(path, fill=False)
        assert not isinstance(caught.value, CorruptDatabase)
        assert "別の dvdesk がデータベースを更新中です" in caught.value.message
        with pytest.raises(DatabaseBusy):  # the window's quick start: said at once, not after each read's wait
            start_open.open_quickly(path)
    quick = start_open.open_quickly(path)  # the import over: the window starts as before
    assert quick is not None
    quick.close()
    again = open_database(path, fill=False)
    with again.read() as s:
        assert s.execute(text("SELECT count(*) FROM meta WHERE key = 'change_count'")).scalar_one() == 1
    again.close()
    db.close()


def test_the_windows_start_checks_during_an_import_in_another_process_find_no_damage(tmp_path, monkeypatch):
    """The desk started while an import holds the file: its background quick_check is kept out by the
    lock; that is no reason to mark the file damaged (the next start's recovery offer)."""
    from dvdesk.app import start_checks
    from dvdesk.storage import db as storage_db

    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 300)
    db = make_mini(tmp_path / "dvdesk.sqlite3")
    path = db.path
    with import_holding(db):
        desk = storage_db.Database(path, storage_db._make_engine(path), checked=False)  # the quick start's
        desk.marker = open_marker.mark_open(path)
        report = start_checks.run(desk, start_checks.StartReport(), lambda findings: None)
        assert report.damage == ""
        assert not desk.marker.keep  # the next start does not take the file for a damaged one
        desk.close()
    assert not open_marker.left_uncleanly(path)
    db.close()


CRASH = """
import os, sys
from sqlalchemy import text
from dvdesk.storage.db import open_database, quick_check
db = open_database(sys.argv[1], fill=False)
with db.write(large=True) as s:
    s.execute(text("PRAGMA cache_size = 20"))
    s.execute(text("CREATE TABLE import_probe (x)"))
    s.execute(text("INSERT INTO import_probe WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
                   "WHERE i < 600) SELECT zeroblob(4000) FROM c"))
    s.execute(text("DELETE FROM referrals"))
    s.execute(text("DELETE FROM meta"))
    s.flush()
    print(s.execute(text("PRAGMA journal_mode")).scalar_one(), flush=True)
    os._exit(9)  # the power goes mid-import: no rollback, no close
"""


def crash_mid_import(path: Path) -> None:
    run = subprocess.run([sys.executable, "-c", CRASH, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 9 and run.stdout.strip() == "delete", run.stderr
    assert Path(f"{path}-journal").exists()  # a hot journal: the file holds half an import


def desk_with_an_older_backup(tmp_path: Path) -> Path:
    """A desk's file: R7-0001 in an older backup, R7-0002 entered after it, then an import crashed."""
    db = make_mini(tmp_path / "dvdesk.sqlite3")
    add_referral(db, "R7-0001")
    backup.take(db.path, "manual")
    add_referral(db, "R7-0002")
    path = db.path
    db.close()
    crash_mid_import(path)
    return path


def test_a_restore_after_a_crash_mid_import_keeps_its_way_back_and_names_what_it_takes_out(
    tmp_path, monkeypatch, capsys
):
    path = desk_with_an_older_backup(tmp_path)
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["restore", "1"]) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    assert referral_refs(path) == ["R7-0001"]
    assert "紹介記録 1件" in out.err  # R7-0002 leaves the log: said so
    safety = [b for b in backup.list_backups(path) if b.reason == "before-restore"]
    assert len(safety) == 1 and referral_refs(safety[0].path) == ["R7-0001", "R7-0002"]  # and kept


def test_a_backup_read_of_the_file_after_a_crash_mid_import_sees_the_data_from_before(tmp_path):
    path = desk_with_an_older_backup(tmp_path)
    assert backup.referral_count(path) == 2  # the start backup's reads: rolled back, not "unreadable"
    assert backup.changed_since_last_backup(path)
    taken = backup.take(path, "start")
    assert referral_refs(taken) == ["R7-0001", "R7-0002"]
    assert not Path(f"{path}-journal").exists()


def test_recover_after_a_crash_mid_import_finds_the_file_whole_and_loses_nothing(tmp_path, monkeypatch, capsys):
    """The crash's journal is rolled back by the check: the file is the desk's from before the import,
    so ``dvdesk recover`` refuses (an older backup in its place would take R7-0002 out)."""
    path = desk_with_an_older_backup(tmp_path)
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["recover"]) == 1
    assert "壊れていません" in capsys.readouterr().err
    assert referral_refs(path) == ["R7-0001", "R7-0002"]
    assert not Path(f"{path}-journal").exists()
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]


def test_a_recovery_after_a_crash_mid_import_keeps_the_damaged_copy_with_its_journal(tmp_path):
    """The window's recovery (offered for a damaged file) moves the journal aside with the file."""
    from dvdesk.storage.recovery import recover

    path = desk_with_an_older_backup(tmp_path)
    result = recover(path)
    result.db.close()
    assert referral_refs(path) == ["R7-0001", "R7-0002"]  # the backup's, and the one carried from the file
    assert not Path(f"{path}-journal").exists()  # no journal of another file beside the new one
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and p.suffix == ".sqlite3"]
    assert len(kept) == 1
    copy = tmp_path / "copy.sqlite3"  # the copy kept for inspection reads as the file was before the import
    shutil.copy(kept[0], copy)
    if Path(f"{kept[0]}-journal").exists():
        shutil.copy(f"{kept[0]}-journal", f"{copy}-journal")
    con = sqlite3.connect(copy)
    try:
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'import_probe'").fetchone()[0] == 0
        assert sorted(r[0] for r in con.execute("SELECT case_ref FROM referrals")) == ["R7-0001", "R7-0002"]
    finally:
        con.close()


@pytest.mark.parametrize("room", [1_200_000, 20_000])  # room for the journal but not the import; hardly any
def test_a_full_disk_mid_import_changes_nothing_and_the_desk_goes_on(tmp_path, monkeypatch, room):
    from disk_support import small_tmpfs, unmount
    from dvdesk.storage.errors import DiskFull
    from test_large_write import journal_mode, modes

    seen = modes(monkeypatch)

    mount = small_tmpfs(tmp_path, "disk", "2m")
    try:
        db = make_mini(mount / "dvdesk.sqlite3")
        add_referral(db, "R7-0001")
        before = referral_refs(db.path)
        with db.read() as s:
            services = s.execute(text("SELECT count(*) FROM services")).scalar_one()
        filler = mount / "filler"
        free = shutil.disk_usage(mount).free
        filler.write_bytes(b"\0" * max(0, free - room))
        with pytest.raises(DiskFull) as caught:
            with db.write(large=True) as s:
                _spill(s)
        assert "空き" in caught.value.message or "容量" in caught.value.message
        filler.unlink()
        assert seen == ["delete"]
        assert referral_refs(db.path) == before
        assert not Path(f"{db.path}-journal").exists()
        assert journal_mode(db.path) == "wal"
        with db.read() as s:  # the desk reads and writes on as before
            assert s.execute(text("SELECT count(*) FROM services")).scalar_one() == services
            assert s.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'import_probe'")).scalar_one() == 0
        add_referral(db, "R7-0002")
        db.close()
        assert quick_check(db.path) == "ok"
        assert referral_refs(db.path) == ["R7-0001", "R7-0002"]
    finally:
        unmount(mount)


def test_an_import_whose_switch_back_to_wal_fails_leaves_a_file_every_next_step_reads(tmp_path, monkeypatch):
    """Another process reads the file just as the import commits: WAL mode cannot be set back then."""
    from dvdesk.storage import db as storage_db
    from dvdesk.storage import large_write
    from test_large_write import journal_mode

    db = make_mini(tmp_path / "dvdesk.sqlite3")
    add_referral(db, "R7-0001")
    path = db.path
    real_end = large_write.end
    reader = sqlite3.connect(path, isolation_level=None)

    def end_while_read(con, info):  # type: ignore[no-untyped-def]
        if large_write.MARK not in info:
            return real_end(con, info)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM referrals").fetchone()
        try:
            return real_end(con, info)
        finally:
            reader.execute("COMMIT")

    monkeypatch.setattr(large_write, "end", end_while_read)
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 300)
    with db.write(large=True) as s:
        s.execute(text("CREATE TABLE import_probe (x)"))
        s.execute(text("INSERT INTO import_probe VALUES (1)"))
    reader.close()
    assert journal_mode(path) == "delete"  # left so: the case under test
    add_referral(db, "R7-0002")  # the desk writes on, on that connection
    with db.write() as s:
        s.execute(text("DELETE FROM referral_events"))
        s.execute(text("DELETE FROM referrals WHERE case_ref = 'R7-0001'"))
    db.forget_deleted()
    taken = backup.take(path, "manual")
    assert referral_refs(taken) == ["R7-0002"]
    db.close()
    again = open_database(path, fill=False)  # the next open sets WAL mode again
    with again.read() as s:
        assert s.execute(text("SELECT count(*) FROM import_probe")).scalar_one() == 1
    again.close()
    assert journal_mode(path) == "wal" and referral_refs(path) == ["R7-0002"]
    assert not Path(f"{path}-journal").exists()


POINTS = """
import os, sys
from sqlalchemy import text
from dvdesk.storage import large_write
from dvdesk.storage.db import open_database
point = sys.argv[2]
if point == "committed":  # the commit made, the switch back to WAL not yet
    real_end = large_write.end
    large_write.end = lambda con, info: os._exit(9) if large_write.MARK in info else real_end(con, info)
db = open_database(sys.argv[1], fill=False)
with db.write(large=True) as s:
    if point == "switched":
        os._exit(9)
    s.execute(text("PRAGMA cache_size = 20"))
    s.execute(text("CREATE TABLE import_probe (x)"))
    s.execute(text("INSERT INTO import_probe WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
                   "WHERE i < 600) SELECT zeroblob(4000) FROM c"))
    s.execute(text("UPDATE referrals SET case_ref = 'R9-' || case_ref"))
    s.flush()
    if point == "mid":
        os._exit(9)
os._exit(3)
"""


STEPS = ["window", "search", "backup", "referrals", "start-backup"]


# mid-way: a hot journal, met by each step; before any write or after the commit: no journal, the file
# left in rollback-journal mode, met by the window and a backup
@pytest.mark.parametrize(
    ("point", "step"), [("mid", s) for s in STEPS] + [(p, s) for p in ("switched", "committed") for s in STEPS[::2]]
)
def test_each_first_step_after_a_crash_in_a_large_write_reads_the_data_before_or_after_it_whole(
    tmp_path, monkeypatch, capsys, point, step
):
    from dvdesk.storage import start_open

    db = make_mini(tmp_path / "dvdesk.sqlite3")
    add_referral(db, "R7-0001")
    path = db.path
    db.close()
    run = subprocess.run([sys.executable, "-c", POINTS, str(path), point], capture_output=True, text=True, timeout=120)
    assert run.returncode == 9, run.stderr
    expected = ["R9-R7-0001"] if point == "committed" else ["R7-0001"]
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    if step == "window":
        quick = start_open.open_quickly(path)
        assert quick is not None
        with quick.reading() as con:
            assert [r[0] for r in con.execute("SELECT case_ref FROM referrals")] == expected
        quick.close()
    elif step == "search":
        assert main(["search", "住まい"]) == 0, capsys.readouterr().err
    elif step == "backup":
        assert main(["backup"]) == 0, capsys.readouterr().err
        assert referral_refs(backup.list_backups(path)[0].path) == expected
    elif step == "referrals":
        assert main(["referrals", "list"]) == 0, capsys.readouterr().err
        assert expected[0] in capsys.readouterr().out
    else:  # the window's start backup, before anything else opened the file
        assert backup.changed_since_last_backup(path)
        assert referral_refs(backup.take(path, "start")) == expected
    assert not Path(f"{path}-journal").exists()
    assert referral_refs(path) == expected
    again = open_database(path, fill=False)
    with again.read() as s:
        probe = s.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'import_probe'")).scalar_one()
    again.close()
    assert probe == (1 if point == "committed" else 0)
