"""Data safety: backups, restore, damaged files, full disk, read-only data, a second instance."""

import shutil
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import func, select, text, update

from dvdesk.cli import main
from dvdesk.domain.models import Service
from dvdesk.storage import backup
from dvdesk.storage.db import open_database, quick_check
from dvdesk.storage.errors import CorruptDatabase, DatabaseBusy, DatabaseUnavailable, DiskFull, ReadOnly
from dvdesk.storage.recovery import recover


def service_names(db):
    with db.read() as s:
        return sorted(s.scalars(select(Service.name)))


_MINI_TEMPLATE: list = []


@pytest.fixture(autouse=True)
def _mini_file(_mini_template):
    _MINI_TEMPLATE[:] = [_mini_template]


def make_mini(path):
    """The mini directory in a new file at ``path``: a copy of the session's template, which was made
    exactly so (migrated, loaded, its own synonyms kept) once per worker, closed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(_MINI_TEMPLATE[0], path)
    return open_database(path, fill=False)


def test_a_start_after_a_change_keeps_a_backup_and_an_unchanged_start_does_not(tmp_path):
    path = tmp_path / "d.sqlite3"
    make_mini(path).close()
    open_database(path, fill=False, backup_if_changed=True).close()
    assert len(backup.list_backups(path)) == 1
    open_database(path, fill=False, backup_if_changed=True).close()
    assert len(backup.list_backups(path)) == 1  # nothing changed since
    db = open_database(path, fill=False)
    with db.write() as s:
        s.execute(update(Service).values(staff_note="changed"))
    db.close()
    open_database(path, fill=False, backup_if_changed=True).close()
    assert len(backup.list_backups(path)) == 2


def test_restore_brings_back_the_old_contents_and_keeps_the_current_state(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    before = service_names(db)
    snap = backup.take(path, "manual")
    with db.write() as s:
        s.execute(update(Service).values(name="上書き"))
    safety = backup.restore(snap, path)
    assert service_names(db) == before  # the open connection sees the restored data
    assert safety is not None and backup.is_good(safety)
    con = sqlite3.connect(safety)
    assert {r[0] for r in con.execute("SELECT name FROM services")} == {"上書き"}
    con.close()


def test_backups_are_thinned_to_the_retention(tmp_path, monkeypatch):
    path = tmp_path / "d.sqlite3"
    make_mini(path).close()
    monkeypatch.setattr(backup, "KEEP_RECENT", 3)
    for _ in range(6):
        backup.take(path, "manual")
    # 3 most recent, all taken today (the day's newest is among them)
    assert len(backup.list_backups(path)) == 3


def test_backups_command_lists_dates_and_contents(tmp_path, monkeypatch, capsys):
    path = tmp_path / "d.sqlite3"
    make_mini(path).close()
    backup.take(path, "manual")
    monkeypatch.setenv("DVDESK_DB", str(path))
    assert main(["backups"]) == 0
    out = capsys.readouterr().out
    assert "manual" in out and "サービス 6" in out


def damage(path, how):
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "zeroed":
        path.write_bytes(b"\0" * len(data))
    elif how == "garbage":
        path.write_bytes(bytes(range(256)) * (len(data) // 256 + 1))
    elif how == "header-only":
        path.write_bytes(data[:100])
    elif how == "page-damage":
        path.write_bytes(data[:4096] + b"\xff" * 8192 + data[4096 + 8192 :])


@pytest.mark.parametrize("how", ["truncated", "zeroed", "garbage", "header-only", "page-damage"])
def test_a_damaged_database_is_refused_then_recovered_from_the_newest_good_backup(tmp_path, how):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    expected = service_names(db)
    db.close()
    backup.take(path, "manual")
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"d.sqlite3{suffix}").unlink(missing_ok=True)
    damage(path, how)
    with pytest.raises((CorruptDatabase, DatabaseUnavailable)):
        open_database(path, fill=False)
    result = recover(path)
    assert result.damaged_copy is not None and result.damaged_copy.exists()
    assert result.restored_from is not None
    assert quick_check(path) == "ok"
    assert service_names(result.db) == expected


def test_missing_data_folder_is_created(tmp_path):
    path = tmp_path / "not" / "yet" / "there.sqlite3"
    open_database(path, fill=False).close()
    assert path.exists()


def test_a_folder_where_the_database_should_be_gives_a_clear_error(tmp_path):
    path = tmp_path / "dir.sqlite3"
    path.mkdir()
    with pytest.raises(DatabaseUnavailable) as err:
        open_database(path, fill=False)
    assert "開けません" in err.value.message


def test_a_full_disk_gives_a_clear_message_and_keeps_the_data(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    before = service_names(db)

    @__import__("sqlalchemy").event.listens_for(db.engine, "connect")
    def _tiny(dbapi_conn, _):  # SQLite reports SQLITE_FULL exactly as for a full disk
        dbapi_conn.execute("PRAGMA max_page_count = 1")

    db.engine.dispose()
    with pytest.raises(DiskFull) as err, db.write() as s:
        s.execute(update(Service).values(description="x" * 200_000))
    assert "空き" in err.value.message
    db.engine.dispose()
    db2 = open_database(path, fill=False)
    assert service_names(db2) == before


def test_a_read_only_database_gives_a_clear_message(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)

    @__import__("sqlalchemy").event.listens_for(db.engine, "connect")
    def _ro(dbapi_conn, _):
        dbapi_conn.execute("PRAGMA query_only = 1")

    db.engine.dispose()
    with pytest.raises(ReadOnly), db.write() as s:
        s.execute(update(Service).values(name="x"))


HOLD_LOCK = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE services SET staff_note = 'other instance'")
print("locked", flush=True)
sys.stdin.readline()  # holds the lock until the test closes its stdin (no wall-clock sleep)
con.execute("COMMIT")
"""


def test_a_second_instance_can_read_while_one_writes_and_a_blocked_write_gets_a_message(tmp_path, monkeypatch):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert len(service_names(db)) == 6  # WAL: readers are not blocked by the writer
        monkeypatch.setattr("dvdesk.storage.db.BUSY_TIMEOUT_MS", 200)
        db2 = open_database(path, fill=False)
        with db2.write() as s:
            pass
    except DatabaseBusy as exc:
        assert "別の dvdesk" in exc.message
    else:
        pytest.fail("a write blocked by another instance must raise DatabaseBusy")
    finally:
        holder.stdin.close()  # the other instance commits now
        holder.wait(timeout=20)
        holder.stdout.close()
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Service).where(Service.staff_note == "other instance")) == 6


def test_every_change_is_one_transaction(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    before = service_names(db)
    with pytest.raises(RuntimeError), db.write() as s:
        s.execute(update(Service).values(name="途中"))
        s.execute(text("SELECT 1"))
        raise RuntimeError("failure half-way")
    assert service_names(db) == before


def test_an_sqlite_that_is_too_old_is_refused_with_a_message():
    from dvdesk.storage.db import SqliteTooOld, check_sqlite

    check_sqlite()  # the SQLite running the tests is supported
    with pytest.raises(SqliteTooOld) as err:
        check_sqlite((3, 22, 0))
    assert "SQLite" in err.value.message
