"""No lost backups: awkward paths, verified copies, empty and read-only databases, a full disk,
retention that keeps the referral log, owner-only files, and deleted referrals really gone."""

import contextlib
import datetime as dt
import errno
import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from conftest import MINI
from dbscan import files_containing
from disk_support import small_tmpfs, unmount
from dvdesk import files
from dvdesk.cli import main
from dvdesk.domain import referrals
from dvdesk.domain.models import Service
from dvdesk.storage import backup, vocabulary
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database, quick_check
from dvdesk.storage.errors import (
    BackupFailed,
    CorruptDatabase,
    DatabaseGone,
    DatabaseInUse,
    DiskFull,
    EmptyDatabase,
    MissingDatabase,
    ReadOnly,
)
from dvdesk.storage.recovery import recover

AWKWARD = ["相談 #2", "50%41", "what?x=1", "with  spaces", "女性相談（本庁）", "a#b%20c?d"]


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


def make_mini_from_scratch(path):
    """The mini directory migrated and loaded at ``path`` itself: every step under an awkward path."""
    db = open_database(path, fill=False)
    load_into(db, MINI)
    with db.write() as session:  # its own synonyms kept: an open must not merge the shipped ones in (a write)
        vocabulary.remember(session, vocabulary.shipped()[0])
    return db


def add_referral(db, case_ref="R7-0142", note="市民課に連絡"):
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
    with db.write() as s:
        return referrals.record_referral(
            s, case_ref=case_ref, counselor="相談員A", service_ids=[service], need_keys=["housing"], note=note
        )


def referral_refs(path):
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT case_ref FROM referrals"))
    finally:
        con.close()


def listing(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("folder", AWKWARD)
def test_backup_and_restore_work_under_a_path_with_hash_percent_question_mark_and_japanese(
    tmp_path, monkeypatch, capsys, folder
):
    path = tmp_path / folder / "dvdesk.sqlite3"
    db = make_mini_from_scratch(path)
    add_referral(db, "R7-0001")
    db.close()
    monkeypatch.setenv("DVDESK_DB", str(path))
    assert main(["backup"]) == 0
    taken = backup.list_backups(path)
    assert len(taken) == 1 and backup.is_good(taken[0].path)
    assert referral_refs(taken[0].path) == ["R7-0001"]  # the backup holds the data, not an empty file
    db = open_database(path, fill=False)
    add_referral(db, "R7-0002")
    db.close()
    capsys.readouterr()
    assert main(["restore", "1"]) == 0, capsys.readouterr().err
    assert referral_refs(path) == ["R7-0001"]
    assert main(["backups"]) == 0
    assert "サービス 6" in capsys.readouterr().out
    assert not list((tmp_path / folder).rglob("*.partial"))


def test_a_backup_that_does_not_match_its_source_never_counts(tmp_path, monkeypatch):
    path = tmp_path / "d.sqlite3"
    make_mini(path).close()
    # What an unquoted '#' in the URI used to do: the backup read another, empty, file.
    monkeypatch.setattr(backup, "connect_ro", lambda p: sqlite3.connect(":memory:"))
    with pytest.raises(BackupFailed) as err:
        backup.take(path, "manual")
    assert "作りかけ" in err.value.message
    assert listing(path.parent / "backups") == []


def test_a_zero_byte_database_offers_the_newest_good_backup_and_is_not_refilled(tmp_path, monkeypatch, capsys):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    add_referral(db, "R7-0142")
    db.close()
    backup.take(path, "manual")
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"d.sqlite3{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"")
    with pytest.raises(EmptyDatabase) as err:
        open_database(path)  # fill=True: the bundle must not silently take the log's place
    assert isinstance(err.value, CorruptDatabase) and "空" in err.value.message
    assert path.stat().st_size == 0
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["info"]) == 1
    out = capsys.readouterr().err
    assert "空" in out and "dvdesk recover" in out and out.count("\n") == 1
    assert main(["recover"]) == 0
    assert "バックアップから復元しました" in capsys.readouterr().out
    assert referral_refs(path) == ["R7-0142"]
    assert quick_check(path) == "ok"


def test_a_deleted_database_offers_the_newest_good_backup_and_is_not_refilled(tmp_path, monkeypatch, capsys):
    # The file deleted (by hand, a cleaning tool, an antivirus quarantine) while its backups remain:
    # a new file filled from the bundle took its place and the referral log read empty, in silence.
    path = tmp_path / "dvdesk.sqlite3"  # the desk's own file
    db = make_mini(path)
    add_referral(db, "R7-0142")
    db.close()
    backup.take(path, "manual")
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"dvdesk.sqlite3{suffix}").unlink(missing_ok=True)
    with pytest.raises(MissingDatabase) as err:
        open_database(path)
    assert isinstance(err.value, CorruptDatabase) and "見つかりません" in err.value.message
    assert not path.exists()  # no empty file left in its place either
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    for argv in (["info"], ["referrals", "list"], ["search", "相談"]):
        assert main(argv) == 1
        out = capsys.readouterr().err
        assert "見つかりません" in out and "dvdesk recover" in out and out.count("\n") == 1, (argv, out)
        assert not path.exists()
    assert main(["recover"]) == 0
    assert "バックアップから復元しました" in capsys.readouterr().out
    assert referral_refs(path) == ["R7-0142"]


@pytest.mark.parametrize("how", ["deleted", "moved"])
def test_a_referral_after_the_file_was_deleted_under_the_open_window_is_refused_not_lost(tmp_path, how):
    # The window open, its file deleted (or moved) under it: on Linux SQLite went on writing into
    # the unlinked file, every save said 記録しました, and all of it was gone at the window's close.
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    add_referral(db, "R7-0001")
    backup.take(path, "manual")
    if how == "deleted":
        path.unlink()
    else:
        path.rename(tmp_path / "elsewhere.sqlite3")
    with pytest.raises(DatabaseGone) as err:
        add_referral(db, "R7-0002")
    assert "見つかりません" in err.value.message and "保存されていません" in err.value.message
    with db.read() as s:  # what the open window shows is still there to read
        assert s.scalar(select(Service.id).where(Service.key == "test.svc.housing")) is not None
    db.close()
    assert not path.exists()
    with pytest.raises(MissingDatabase):  # the next start offers the backup
        open_database(path)


def test_a_file_damaged_under_the_open_window_refuses_the_save_says_what_next_and_is_checked_at_the_next_start(
    tmp_path,
):
    # Overwritten in place while open (another program, a failing drive): the form said only
    # 「データベースのファイルが壊れています。」 and, the window closing cleanly, the next start did not
    # check the file first: the recovery was offered only a start later.
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    add_referral(db, "R7-0001")
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
    backup.take(path, "manual")
    db.forget_deleted()  # every page in the file itself (none left in the WAL)
    db.engine.dispose()  # nor in a connection's cache
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(4096)
        f.write(os.urandom(size - 4096))
    with pytest.raises(CorruptDatabase) as err, db.write() as s:
        referrals.record_referral(s, case_ref="R7-0002", counselor="相談員A", service_ids=[service], need_keys=[])
    assert "保存されていません" in err.value.message and "バックアップ" in err.value.message
    with pytest.raises(CorruptDatabase) as err, db.read() as s:  # a read says what next too, and no "not saved"
        s.execute(text("SELECT count(*) FROM services")).all()
    assert "保存されていません" not in err.value.message and "バックアップ" in err.value.message
    db.close()
    with pytest.raises(CorruptDatabase):  # checked before use, so the recovery is offered now
        open_database(path, check_only_after_unclean_end=True)


def test_a_recovery_that_fails_half_way_puts_the_damaged_file_back(tmp_path, monkeypatch):
    # `dvdesk recover` on a full disk: the damaged file was set aside, the restore failed, and a 0-byte
    # dvdesk.sqlite3 was left in its place. The next recovery then set aside that empty file and carried
    # nothing over: the referrals written since the backup stayed only in the first file set aside.
    path = tmp_path / "dvdesk.sqlite3"
    db = make_mini(path)
    add_referral(db, "R7-0001")
    db.close()
    backup.take(path, "manual")
    with path.open("r+b") as f:
        f.seek(8192)
        f.write(b"\xff" * 4096)
    damaged = path.read_bytes()

    def full(_backup, target):
        target.write_bytes(b"")  # what a restore cut short by the disk leaves: a file and its hot journal
        Path(f"{target}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(1016))
        raise DiskFull(target, "database or disk is full")

    monkeypatch.setattr(backup, "restore", full)
    with pytest.raises(DiskFull):
        recover(path)
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []
    assert not Path(f"{path}-journal").exists()  # it would be played into the damaged file at the next open


def test_recover_refuses_while_another_dvdesk_has_the_file_open(tmp_path):
    # `dvdesk recover` run beside the open window set the file aside from under it (the window went on
    # with a file nobody would read again) and restored a backup: it must wait for the window to close.
    path = tmp_path / "dvdesk.sqlite3"
    db = make_mini(path)
    add_referral(db, "R7-0001")
    db.close()
    backup.take(path, "manual")
    with held_open(path):
        before = path.read_bytes()
        with pytest.raises(DatabaseInUse) as err:
            recover(path)
        assert "ほかの dvdesk" in err.value.message and "閉じてから" in err.value.message
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir() if "damaged" in p.name] == []
    recover(path).db.close()  # once it is closed, the recovery goes ahead


HOLD_OPEN = """
import sys
from dvdesk.storage.db import open_database
db = open_database(sys.argv[1], fill=False)
print("open", flush=True)
sys.stdin.readline()
db.close()
"""


@contextlib.contextmanager
def held_open(path):
    """Another dvdesk (a child process) has ``path`` open for the block."""
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.communicate("\n", timeout=60)


def test_a_missing_database_without_any_backup_is_a_first_start(tmp_path):
    path = tmp_path / "d.sqlite3"
    open_database(path, fill=False).close()
    assert quick_check(path) == "ok"


def test_a_new_file_named_in_a_folder_with_another_databases_backups_is_a_first_start(tmp_path):
    # The backups folder is the folder's: an administrator's `--db trial.sqlite3` beside the desk's
    # database is a new file, not a lost one (nothing of its own is left beside it).
    desk = tmp_path / "dvdesk.sqlite3"
    make_mini(desk).close()
    backup.take(desk, "manual")
    trial = tmp_path / "trial.sqlite3"
    open_database(trial).close()
    assert quick_check(trial) == "ok"
    trial.unlink()  # this one gone in turn, its scan verdict left beside it: lost, not new
    (tmp_path / "trial.sqlite3.findings").write_text("{}", encoding="utf-8")
    with pytest.raises(MissingDatabase):
        open_database(trial)


def test_a_database_with_tables_but_nothing_in_them_is_also_empty(tmp_path):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    add_referral(db)
    db.close()
    backup.take(path, "manual")
    open_database(tmp_path / "fresh.sqlite3", fill=False).close()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"d.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "fresh.sqlite3", path)
    with pytest.raises(EmptyDatabase):
        open_database(path)
    assert recover(path).restored_from is not None
    assert referral_refs(path) == ["R7-0142"]


def test_a_zero_byte_database_without_any_backup_is_a_first_start(tmp_path):
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"")
    db = open_database(path, fill=False)
    db.close()
    assert quick_check(path) == "ok"


def test_a_read_only_folder_is_named_as_such_and_recover_says_so_too(tmp_path, monkeypatch, capsys):
    mount = small_tmpfs(tmp_path, "ro", "8m")
    try:
        path = mount / "d.sqlite3"
        make_mini(path).close()
        backup.take(path, "manual")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        with pytest.raises(ReadOnly) as err:
            open_database(path, fill=False)
        assert "フォルダ" in err.value.message and "読み取り専用" in err.value.message
        monkeypatch.setenv("DVDESK_DB", str(path))
        capsys.readouterr()
        for command in (["info"], ["recover"], ["backup"], ["restore", "1"]):
            assert main(command) == 1
            message = capsys.readouterr().err
            assert "読み取り専用" in message and "予期しない" not in message, (command, message)
            assert "壊れ" not in message
        assert quick_check(path) == "ok"
    finally:
        unmount(mount)


def test_a_read_only_database_file_is_named_as_such(tmp_path, monkeypatch):
    path = tmp_path / "d.sqlite3"
    make_mini(path).close()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if str(p) == str(path) and mode == os.W_OK else real_access(p, mode)
    )  # root ignores chmod; this is what a user sees
    with pytest.raises(ReadOnly) as err:
        open_database(path, fill=False)
    assert "ファイルが読み取り専用" in err.value.message and "壊れていません" in err.value.message


def test_a_full_disk_during_a_backup_leaves_no_partial_file_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "d.sqlite3"
    make_mini(path).close()

    def no_space(_path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_fsync", no_space)
    with pytest.raises(DiskFull) as err:
        backup.take(path, "manual")
    assert "空き" in err.value.message and "書きかけ" in err.value.message
    assert listing(path.parent / "backups") == []


def test_a_really_full_disk_during_a_backup(tmp_path, monkeypatch, capsys):
    mount = small_tmpfs(tmp_path, "small", "1200k")
    try:
        path = mount / "d.sqlite3"
        make_mini(path).close()
        size = sum(p.stat().st_size for p in mount.iterdir() if p.is_file())
        filler = mount / "filler"
        free = shutil.disk_usage(mount).free
        filler.write_bytes(b"x" * max(0, free - size // 2))  # room for less than one copy
        monkeypatch.setenv("DVDESK_DB", str(path))
        capsys.readouterr()
        assert main(["backup"]) == 1
        message = capsys.readouterr().err
        assert "ディスクの空き" in message and "予期しない" not in message
        assert listing(mount / "backups") == []
        assert quick_check(path) == "ok"
    finally:
        unmount(mount)


def _age(path, days):
    """Rename a backup as if it had been taken ``days`` ago."""
    info = backup.list_backups(path)[0]
    old = (dt.datetime.now() - dt.timedelta(days=days)).strftime(backup.STAMP)
    target = info.path.with_name(f"dvdesk-{old}-manual.sqlite3")
    info.path.rename(target)
    return target


def test_retention_keeps_the_newest_backup_with_referrals_while_the_database_has_none(tmp_path, monkeypatch):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    add_referral(db, "R7-0142")
    db.close()
    backup.take(path, "manual")
    with_log = _age(path, 40)  # older than the 30 days and …
    monkeypatch.setattr(backup, "KEEP_RECENT", 2)
    db = open_database(path, fill=False)
    with db.write() as s:  # … the log is emptied (a refill, a careless restore)
        for r in referrals.list_referrals(s):
            referrals.delete_referral(s, r.id)
    db.close()
    for _ in range(4):  # … more than KEEP_RECENT newer backups follow
        backup.take(path, "manual")
    names = [b.path for b in backup.list_backups(path)]
    assert with_log in names and len(names) == 3
    # Once the database holds referrals again, the old one ages out as usual.
    db = open_database(path, fill=False)
    add_referral(db, "R7-0200")
    db.close()
    backup.take(path, "manual")
    assert with_log not in [b.path for b in backup.list_backups(path)]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_database_its_wal_and_every_backup_are_readable_by_the_user_only(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "data" / "d.sqlite3"
        db = make_mini(path)
        add_referral(db)
        made = [path, path.with_name("d.sqlite3-wal"), path.with_name("d.sqlite3-shm")]
        assert all(p.exists() for p in made)
        backup.take(path, "manual")
        made += [b.path for b in backup.list_backups(path)]
        db.close()
        for p in made:
            if p.exists():
                assert oct(p.stat().st_mode & 0o777) == oct(0o600), p
        assert oct(backup.list_backups(path)[0].path.parent.stat().st_mode & 0o777) == oct(0o700)
    finally:
        os.umask(old)


def test_secure_delete_is_on_for_every_connection(mini_db):
    with mini_db.read() as s:
        assert s.connection().exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_a_deleted_referral_is_gone_from_the_database_files_at_once_and_from_backups_on_request(
    tmp_path, monkeypatch, capsys
):
    path = tmp_path / "d.sqlite3"
    db = make_mini(path)
    marker = f"H{uuid.uuid4().int % 90 + 10}-{uuid.uuid4().int % 900000 + 100000}"  # bytes found nowhere else
    note = "住宅課に同行"  # a note typed once: shows whether the free space was wiped
    view = add_referral(db, marker, note)
    add_referral(db, "R7-0300", "市民課に連絡")
    db.close()
    backup.take(path, "manual")
    db = open_database(path, fill=False)
    with db.write() as s:
        referrals.delete_referral(s, view.id)
    db.forget_deleted()
    assert files_containing(path, marker) == []
    assert files_containing(path, note) == []
    db.close()
    held = [b.path for b in backup.list_backups(path) if marker.encode() in b.path.read_bytes()]
    assert held  # backups keep it until they age out …
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["referrals", "purge-backups"]) == 0  # … unless an administrator removes it
    out = capsys.readouterr().out
    assert "1件" in out
    for b in backup.list_backups(path):
        assert marker.encode() not in b.path.read_bytes() and note.encode() not in b.path.read_bytes()
        assert backup.is_good(b.path) and referral_refs(b.path) == ["R7-0300"]
    assert referral_refs(path) == ["R7-0300"]
    assert main(["referrals", "purge-backups"]) == 0
    assert "ありません" in capsys.readouterr().out


def test_atomic_write_leaves_nothing_behind_on_a_full_disk(tmp_path, monkeypatch):
    target = tmp_path / "report.csv"

    def fill(f):
        f.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(files.WriteFailed) as err:
        files.atomic_write_with(target, fill)
    assert err.value.disk_full and "空き" in err.value.message
    assert listing(tmp_path) == []


def test_restore_from_the_command_line_refuses_while_another_dvdesk_has_the_file_open(tmp_path, monkeypatch, capsys):
    # `dvdesk restore` beside the open window wrote the backup into the live file: the window went on
    # showing the log as it was (referrals the restore took out still listed, edited into nothing).
    path = tmp_path / "dvdesk.sqlite3"
    db = make_mini(path)
    add_referral(db, "R7-0001")
    db.close()
    backup.take(path, "manual")
    db = open_database(path, fill=False)
    add_referral(db, "R7-0002")
    db.close()
    monkeypatch.setenv("DVDESK_DB", str(path))
    with held_open(path):
        capsys.readouterr()
        assert main(["restore", "1"]) == 1
        err = capsys.readouterr().err
        assert "ほかの dvdesk" in err and "閉じてから" in err and err.count("\n") == 1, err
        assert referral_refs(path) == ["R7-0001", "R7-0002"]
    assert main(["restore", "1"]) == 0  # once it is closed, the restore goes ahead
    assert referral_refs(path) == ["R7-0001"]
