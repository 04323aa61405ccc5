"""Two desks whose files began as one copy: the other desk's file copied over this one looks, to the
recovery, exactly like "deleted after the backup, id reused" (hx-attack12). This desk's referrals
made after the split are dropped from the recovered log; the message must say where they still are,
in a file no backup thinning removes, and the damaged file is never deleted."""

import shutil
import sqlite3

import pytest
from sqlalchemy import select

from damage_support import overwrite_root_page
from dvdesk import paths
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.storage import backup
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import CorruptDatabase
from dvdesk.storage.recovery import recover


def _record(path, *refs, created=None):
    db = open_database(path, fill=False)
    try:
        with db.read() as s:
            service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
        for ref in refs:
            with db.write() as s:
                referrals.record_referral(
                    s, case_ref=ref, counselor="相談員A", service_ids=[service], need_keys=["housing"]
                )
        if created is not None:  # the other desk recorded its referral at another time
            with db.write() as s:
                s.connection().exec_driver_sql(
                    "UPDATE referrals SET created_at = ? WHERE case_ref = ?", (created, refs[-1])
                )
    finally:
        db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _damage(path):
    overwrite_root_page(path, "services")
    with pytest.raises(CorruptDatabase):
        open_database(path, fill=False)


def _case_refs(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT case_ref FROM referrals")}
    finally:
        con.close()


@pytest.fixture
def overwritten(_mini_template, tmp_path):
    """This desk's file (``d.sqlite3``), backed up after its own referral R7-0002; then the other desk's
    file, a copy of the same start with its own R7-0003 under the same id, copied over it, and damaged."""
    path, other = tmp_path / "d.sqlite3", tmp_path / "other" / "d.sqlite3"
    other.parent.mkdir()
    shutil.copy(_mini_template, path)
    _record(path, "R7-0001")
    shutil.copy(path, other)  # the split: both desks start from this copy
    _record(path, "R7-0002")
    backup.take(path, "manual")
    _record(other, "R7-0003", created="2020-01-01 09:00:00.000000")
    shutil.copy(other, path)
    _damage(path)
    return path


def test_the_message_names_where_the_dropped_referrals_still_are(overwritten):
    result = recover(overwritten)
    try:
        with result.db.read() as s:
            assert set(s.scalars(select(Referral.case_ref))) == {"R7-0001", "R7-0003"}  # R7-0002 taken as deleted
        assert result.carried is not None and result.carried.deleted["referrals"] == 1
        warning = result.warning()
        assert "バックアップの後に削除された紹介記録 1件" in warning
        assert result.deleted_kept is not None and str(result.deleted_kept) in warning
        for folder in (paths.backups_dir(overwritten),):  # every backup thinned away since
            shutil.rmtree(folder)
        assert "R7-0002" in _case_refs(result.deleted_kept)  # still there, for the administrator
        assert result.damaged_copy is not None and result.damaged_copy.exists()
        assert str(result.damaged_copy) in warning
    finally:
        result.db.close()


def test_when_no_copy_can_be_written_the_message_names_the_backup(overwritten, monkeypatch):
    """A full disk beside the damaged file: no copy, and the message still says where they are."""
    from dvdesk import files

    create = files.create_private

    def full(path):
        if path.name.endswith(".backup.sqlite3"):
            raise OSError(28, "No space left on device")
        create(path)

    monkeypatch.setattr(files, "create_private", full)
    result = recover(overwritten)
    try:
        assert result.deleted_kept is None and result.restored_from is not None
        warning = result.warning()
        assert str(result.restored_from) in warning and "R7-0002" in _case_refs(result.restored_from)
        assert not list(overwritten.parent.glob("*.backup.sqlite3"))  # nothing half-written left
    finally:
        result.db.close()
