"""The data folder's own disk full (the PC's drive, a USB stick): the database cannot even be read
in WAL mode without room for its -shm. The command said 「データベースのファイルが壊れています。
dvdesk recover で保管・復元できます」 (quick_check's 'disk I/O error' taken for damage; a recovery on
a full disk sets a sound file aside) or 「データベースを開けませんでした」 under a 「--- Logging
error --- Traceback」 (the log file on the same disk). Each now says the disk is full, in one line."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import MINI
from disk_support import small_tmpfs, unmount
from dvdesk.cli import main
from dvdesk.storage import sqlite_file
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import CorruptDatabase, DatabaseUnavailable, DiskFull, DriveUnavailable


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def full_home(tmp_path, monkeypatch):
    """DVDESK_HOME on a tmpfs that the database fills but for a few KB, then filled to the last byte."""
    source = tmp_path / "source.sqlite3"
    db = open_database(source, fill=False)
    load_into(db, MINI)
    db.close()
    size = source.stat().st_size
    mount = small_tmpfs(tmp_path, "small", f"{size // 1024 + 256}k")
    try:
        home = mount / "home"
        (home / "data").mkdir(parents=True)
        shutil.copy(source, home / "data" / "dvdesk.sqlite3")
        with contextlib.suppress(OSError), (mount / "filler").open("wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
        monkeypatch.setenv("DVDESK_HOME", str(home))
        monkeypatch.delenv("DVDESK_DB", raising=False)
        yield home / "data" / "dvdesk.sqlite3", source, mount / "filler"
    finally:
        unmount(mount)


def run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def test_a_database_on_a_full_disk_is_not_called_damaged(full_home):
    path, source, filler = full_home
    with pytest.raises(DiskFull) as err:
        open_database(path)
    assert not isinstance(err.value, CorruptDatabase)
    filler.unlink()  # room again: the file reads as before
    assert dump(path) == dump(source)


@pytest.mark.parametrize(
    "argv",
    [
        ["backup"],
        ["info"],
        ["referrals", "add", "--case", "R8-0001", "--counselor", "山田", "--service", "test.svc.law"],
        ["referrals", "list"],
    ],
    ids=["backup", "info", "referrals-add", "referrals-list"],
)
def test_each_command_on_a_full_data_disk_says_so_in_one_line(full_home, argv):
    path, source, filler = full_home
    code, err = run(argv)
    assert code == 1
    assert "ディスクの空きがありません" in err, err
    assert "壊れ" not in err and "recover" not in err, err
    assert "Traceback" not in err and "Logging error" not in err and err.count("\n") == 1, err
    filler.unlink()
    assert dump(path) == dump(source)


def test_an_io_error_that_is_not_a_full_disk_is_not_called_damaged(tmp_path, monkeypatch):
    # A USB stick pulled out, a network drive gone: SQLite says 'disk I/O error'. The file is not
    # known to be damaged: recovery (setting it aside) is not what to offer.
    path = tmp_path / "d.sqlite3"
    db = open_database(path, fill=False)
    load_into(db, MINI)
    db.close()
    real = sqlite3.connect

    def failing(database, *args, **kwargs):
        if str(path.name) not in str(database):  # SQLite's own checks in memory
            return real(database, *args, **kwargs)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite_file.sqlite3, "connect", failing)
    with pytest.raises(DatabaseUnavailable) as err:
        sqlite_file.prepare(path)
    assert not isinstance(err.value, CorruptDatabase)
    assert "読み書きできません" in err.value.message


def test_the_window_started_on_a_full_data_disk_says_so_and_offers_no_recovery(full_home, qapp):
    from dvdesk.gui import app as gui_app
    from test_gui_app import answer_dialogs

    path, source, filler = full_home
    seen: list[str] = []
    timer = answer_dialogs(seen, press="バックアップから始める")  # pressed if it were (wrongly) offered
    assert gui_app.run([]) == 1
    timer.stop()
    assert len(seen) == 1 and "ディスクの空きがありません" in seen[0], seen
    assert "壊れ" not in seen[0]
    filler.unlink()
    assert dump(path) == dump(source)


@pytest.mark.parametrize("number", [errno.EIO, errno.ENODEV, errno.ENXIO])
def test_a_backup_or_folder_on_a_drive_that_went_away_is_named_so(tmp_path, number):
    # A backup's copy, the data folder's creation: an OSError of a drive gone said only
    # データベースを開けませんでした (DatabaseUnavailable, the system's words in the log).
    from dvdesk.storage import backup

    found = backup.storage_error(tmp_path / "dvdesk.sqlite3", OSError(number, os.strerror(number)))
    assert isinstance(found, DriveUnavailable) and "USB メモリ" in found.message
