"""A national import (a package with its search index) is a large write (``storage.large_write``):
in SQLite's rollback-journal mode when nothing else has the file open, in WAL mode otherwise. What
is checked: the same database either way; the file in WAL mode after it, imported, failed or
crashed; a window holding the file keeps the WAL (and is not locked out); a failure or a crash
leaves the database as it was; a dvdesk opened while it runs is told the data is in use."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

import test_package_index as base
from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.storage import db as storage_db
from dvdesk.storage import large_write, start_open
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import DatabaseBusy
from test_large_write_attack import crash_mid_import
from test_package_index import state

fresh, shipped, whole, exporters_key, source = base.fresh, base.shipped, base.whole, base.exporters_key, base.source


def modes(monkeypatch) -> list[str]:
    """The journal mode each large write ran in."""
    seen: list[str] = []
    real = large_write.begin
    monkeypatch.setattr(large_write, "begin", lambda *a: seen.append(real(*a)) or seen[-1])
    return seen


def import_into(db, path: Path) -> str:
    return pk.apply_package(db, pk.read_package(path), "管理 花子", backup=None).plan.index


def journal_mode(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        con.close()


def test_an_import_alone_writes_with_the_rollback_journal_and_the_same_database(whole, fresh, monkeypatch):
    seen = modes(monkeypatch)
    alone, beside = fresh("alone"), fresh("beside")
    window = sqlite3.connect(beside.path)  # another connection holds "beside" open, as a window would
    window.execute("SELECT count(*) FROM services").fetchone()
    try:
        assert "検査して使いました" in import_into(alone, whole)
        assert "検査して使いました" in import_into(beside, whole)
        # The window read on while the import ran in WAL mode, and reads the import now.
        assert window.execute("SELECT count(*) FROM services").fetchone()[0] > 100
    finally:
        window.close()
    assert seen == ["delete", "wal"]
    assert state(alone) == state(beside)  # records, ids, history, every index table, searches
    for db in (alone, beside):
        assert journal_mode(db.path) == "wal"
        assert not Path(f"{db.path}-journal").exists()
        with db.write() as s:  # the pooled connection is an ordinary one again
            assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        db.close()


def test_a_failed_import_alone_changes_nothing_and_leaves_wal_mode(whole, fresh, monkeypatch):
    from dvdesk.storage import search_index_build

    def broken(session):  # type: ignore[no-untyped-def]
        raise pk.RecordError("手続きの索引に失敗（試験）")

    seen = modes(monkeypatch)
    monkeypatch.setattr(search_index_build, "index_procedures", broken)
    a = fresh("a")
    before = dump(a)
    with pytest.raises(pk.PackageError, match="何も変更していません"):
        import_into(a, whole)
    assert seen == ["delete"]
    assert dump(a) == before
    assert journal_mode(a.path) == "wal" and not Path(f"{a.path}-journal").exists()
    a.close()


def test_a_crash_mid_import_is_rolled_back_at_the_next_open(source):
    a = source  # a desk's database: the bundled directory, ready for the window's quick start
    before = dump(a)
    path = a.path
    a.close()
    crash_mid_import(path)  # killed mid-write in rollback-journal mode: a hot journal beside the file
    quick = start_open.open_quickly(path)  # the window's start is the first to read it again
    assert quick is not None and not Path(f"{path}-journal").exists()  # rolled back by that start
    quick.close()
    again = open_database(path, fill=False)
    assert dump(again) == before
    assert journal_mode(path) == "wal"
    again.close()


def test_a_dvdesk_opened_while_the_import_runs_is_told_the_data_is_in_use(fresh, monkeypatch):
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 300)
    a = fresh("a")
    path = a.path
    writing, done = threading.Event(), threading.Event()

    def import_running() -> None:
        with a.write(large=True) as s:
            s.execute(text("INSERT INTO meta(key, value) VALUES ('probe', 'x')"))
            s.flush()
            writing.set()
            done.wait(30)

    thread = threading.Thread(target=import_running)
    thread.start()
    try:
        assert writing.wait(30)
        with pytest.raises(DatabaseBusy) as caught:
            other = open_database(path, fill=False)
            with other.read() as s:
                s.execute(text("SELECT count(*) FROM services")).scalar_one()
        assert "別の dvdesk がデータベースを更新中です" in caught.value.message
    finally:
        done.set()
        thread.join(30)
    with a.read() as s:
        assert s.execute(text("SELECT value FROM meta WHERE key = 'probe'")).scalar_one() == "x"
    assert journal_mode(path) == "wal"
    a.close()


def test_dvdesk_import_on_the_command_line_runs_alone(whole, fresh, monkeypatch, capsys):
    """The usual way to load a national package: its one connection lets the import leave the WAL."""
    from dvdesk.admin.editing import Editor
    from dvdesk.cli import main

    seen = modes(monkeypatch)
    made = fresh("cli")
    made.close()
    db = open_database(made.path)  # the desk: the bundled directory, one service edited here
    editor = Editor(db, "管理 花子")
    key = db_first_service(db)
    editor.save("service", {**editor.load("service", key), "schedule": "毎月第2金曜日"})
    path = db.path
    db.close()
    assert main(["--db", str(path), "import", str(whole), "--admin", "管理 花子"]) == 0
    assert "変更 1件" in capsys.readouterr().out
    assert seen == ["delete"] and journal_mode(path) == "wal"


def db_first_service(db) -> str:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return str(s.execute(text("SELECT key FROM services ORDER BY id LIMIT 1")).scalar_one())
