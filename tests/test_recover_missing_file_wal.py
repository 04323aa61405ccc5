"""A database file that is gone while its WAL is still beside it: the recovery keeps the WAL and says so.

Found in session 17: the desk offers a recovery for a missing file when one of its own files is left
beside it (``sqlite_file._was_here``: a -wal among them), but ``recovery.recover`` set nothing aside
without the file, and the restore wrote the backup into a new empty file beside the old WAL: SQLite
takes a WAL beside an empty database for a stale one and deletes it. The referrals written since the
last checkpoint — the WAL's, perhaps after the backup — were gone and the recovery said nothing.
"""

import shutil
import sqlite3

import pytest
from sqlalchemy import select

from dvdesk.cli import main
from dvdesk.domain.casework_models import Referral
from dvdesk.storage import backup, purge
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import MissingDatabase, MissingWithWrites
from dvdesk.storage.recovery import recover
from test_purge_every_copy import _holding, _marker, _record

INSERT = (
    "INSERT INTO referrals (case_ref, referred_on, counselor, channel, dv, status, updated_on, created_at, version)"
    " VALUES (?, '2025-06-01', '相談員A', 'phone', 1, 'referred', '2025-06-01', '2025-06-01 10:05:00', 1)"
)


@pytest.fixture
def gone(_mini_template, tmp_path):
    """R7-A backed up; then a referral written to the WAL only (the desk killed); then the file gone."""
    desk, left = tmp_path / "desk", tmp_path / "left"
    desk.mkdir()
    path = desk / "d.sqlite3"
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    _record(db, "R7-A", "市民課に連絡")
    db.close()
    backup.take(path, "manual")
    x = _marker()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute(INSERT, (x,))
    con.commit()
    shutil.copytree(desk, left)  # as the killed desk left the folder
    con.close()
    (left / "d.sqlite3").unlink()  # moved away, or quarantined: its WAL stays
    return left / "d.sqlite3", x


def test_the_wal_of_a_missing_file_is_kept_aside_and_said(gone):
    path, x = gone
    with pytest.raises(MissingDatabase):
        open_database(path)  # the desk offers the recovery
    result = recover(path)
    with result.db.read() as s:
        assert s.scalars(select(Referral.case_ref)).all() == ["R7-A"]
    result.db.close()
    assert _holding(path.parent, x) != []  # before: in no file
    [wal] = [p for p in result.left_beside if p.name.endswith("-wal")]
    assert x.encode() in wal.read_bytes()
    assert wal.name.startswith("d.damaged-") and wal.parent == path.parent
    warning = result.warning()
    assert "データベースのファイルはありませんでしたが、書き込み途中の記録のファイル（" in warning
    assert wal.name in warning and str(path.parent) in warning


def test_the_purge_names_the_kept_wal_it_cannot_read(gone, monkeypatch, capsys):
    path, x = gone
    recover(path).db.close()
    purged = purge.purge_deleted_referrals(path)
    [wal] = [p for p in purged.unopened if p.name.endswith("-wal")]
    assert not purged.complete and x.encode() in wal.read_bytes()
    monkeypatch.setenv("DVDESK_DB", str(path))
    main(["referrals", "purge-backups"])
    assert str(wal) in capsys.readouterr().err


def test_without_a_backup_the_start_refuses_and_the_recovery_keeps_the_wal(gone):
    """Before: no good backup, so the start made a new file and SQLite deleted the WAL beside it."""
    path, x = gone
    shutil.rmtree(path.parent / "backups")
    with pytest.raises(MissingWithWrites) as refused:
        open_database(path)
    assert "書き込み途中の記録のファイルが残っています" in refused.value.message
    assert sorted(p.name for p in path.parent.iterdir()) == ["d.sqlite3-shm", "d.sqlite3-wal"]  # nothing made
    result = recover(path)
    result.db.close()
    assert result.restored_from is None
    [wal] = [p for p in result.left_beside if p.name.endswith("-wal")]
    assert x.encode() in wal.read_bytes() and wal.name in result.warning()
