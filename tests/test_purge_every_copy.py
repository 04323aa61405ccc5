"""``dvdesk referrals purge-backups`` reaches every file dvdesk made that can hold a referral.

Found in session 12: the purge rewrote the backups only. A recovery keeps two more files beside the
database: the damaged file it set aside (``d.damaged-<stamp>.sqlite3``, with its WAL) and, when it
left referrals out as deleted after the backup, a copy of that backup
(``d.damaged-<stamp>.backup.sqlite3``). A referral the counselor deleted stayed in both. Now each is
rewritten without it, and a file that cannot be opened or rewritten is named and counted.
"""

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from damage_support import overwrite_root_page
from dvdesk.cli import main
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.storage import backup, purge
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import CorruptDatabase
from dvdesk.storage.recovery import recover


def _marker() -> str:
    return "M" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])  # found nowhere else; no digits


def _record(db, case_ref, note):
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
    with db.write() as s:
        view = referrals.record_referral(
            s, case_ref="R7-0001", counselor="相談員A", service_ids=[service], need_keys=["housing"]
        )
        s.flush()
        referrals.change_status(s, view.id, "contacted", note=note)
        s.get(Referral, view.id).case_ref = case_ref
    return view.id


def _every_file(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def _holding(folder, *needles):
    return sorted(
        {str(p.relative_to(folder)) for p in _every_file(folder) for n in needles if n.encode() in p.read_bytes()}
    )


@pytest.fixture
def recovered(_mini_template, tmp_path):
    """A desk: referrals X, A and B; a backup; X deleted (on purpose); the file damaged; recovered
    (X left out as deleted after the backup, so a copy of the backup is kept beside the damaged file)."""
    return _recovered_at(_mini_template, tmp_path / "d.sqlite3")


def _recovered_at(_mini_template, path):
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    x, a = _marker(), _marker()
    x_id = _record(db, "R7-X", f"{x}メモ")
    _record(db, "R7-A", f"{a}メモ")
    _record(db, "R7-B", "市民課に連絡")
    db.close()
    backup.take(path, "manual")
    db = open_database(path, fill=False)
    with db.write() as s:
        referrals.delete_referral(s, x_id)
    db.forget_deleted()
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    overwrite_root_page(path, "services")
    with pytest.raises(CorruptDatabase):
        open_database(path, fill=False)
    result = recover(path)
    assert result.carried is not None and result.carried.deleted["referrals"] == 1
    assert result.deleted_kept is not None and result.damaged_copy is not None
    return path, result, x, a


def test_a_deleted_referral_is_gone_from_the_recovery_copies_and_the_damaged_file_too(recovered, monkeypatch, capsys):
    path, result, x, a = recovered
    db = result.db
    with db.read() as s:
        a_id = s.scalar(select(Referral.id).where(Referral.case_ref == "R7-A"))
    with db.write() as s:
        referrals.delete_referral(s, a_id)  # A deleted after the recovery
    db.forget_deleted()
    db.close()
    folder = path.parent
    held = _holding(folder, x, a)
    assert result.deleted_kept.name in held and result.damaged_copy.name in held  # before: the copies keep them
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["referrals", "purge-backups"]) == 0
    out = capsys.readouterr().out
    assert _holding(folder, x, a) == []  # X and A are in no file dvdesk made
    assert f"{result.damaged_copy.name}: 削除済みの紹介記録 1件 を消しました" in out
    assert f"{result.deleted_kept.name}: 削除済みの紹介記録 2件 を消しました" in out
    # What is left still reads: R7-B in the damaged file, the copy whole and checked
    con = sqlite3.connect(f"file:{result.damaged_copy}?mode=ro", uri=True)
    assert [r[0] for r in con.execute("SELECT case_ref FROM referrals")] == ["R7-B"]
    con.close()
    assert backup.is_good(result.deleted_kept)
    assert main(["referrals", "purge-backups"]) == 0
    assert "ありません" in capsys.readouterr().out


def test_a_file_set_aside_that_cannot_be_opened_is_named_and_counted(recovered, monkeypatch, capsys):
    path, result, _x, _a = recovered
    result.db.close()
    unreadable = path.with_name("d.damaged-20260101-000000-000000.sqlite3")
    unreadable.write_bytes(b"\xff" * 8192)  # not a database any more
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["referrals", "purge-backups"]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "開けなかったファイル 1件" in text and unreadable.name in text
    assert "Traceback" not in text


def test_the_files_that_can_hold_referrals_are_every_backup_and_every_recovery_file(recovered):
    path, result, _x, _a = recovered
    result.db.close()
    found = {p.name for p, _kind in purge.copies(path)}
    assert {b.path.name for b in backup.list_backups(path)} <= found
    assert {result.damaged_copy.name, result.deleted_kept.name} <= found
    assert path.name not in found and not any(n.endswith(("-wal", "-shm")) for n in found)


def test_a_damaged_file_set_aside_with_its_wal_loses_the_deleted_referral_from_both(_mini_template, tmp_path):
    """A desk that stopped mid-work leaves its last writes in the WAL; a recovery moves the WAL aside
    with the file. The purge folds it into the rewritten file: the referral is in neither."""
    path = tmp_path / "d.sqlite3"
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    _record(db, "R7-B", "市民課に連絡")
    db.close()
    backup.take(path, "manual")
    x = _marker()
    live = sqlite3.connect(path)  # a desk still running: its last write is in the WAL only
    live.execute("PRAGMA journal_mode = WAL")
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute(
        "INSERT INTO referrals (case_ref, referred_on, counselor, channel, dv, status, updated_on, created_at, version)"
        " VALUES (?, '2025-06-01', '相談員A', 'phone', 1, 'referred', '2025-06-01', '2025-06-01 10:00:00.000000', 1)",
        (x,),
    )
    live.execute(
        "INSERT INTO referrals (case_ref, referred_on, counselor, channel, dv, status, updated_on, created_at, version)"
        " VALUES ('R7-W', '2025-06-01', '相談員A', 'phone', 1, 'referred', '2025-06-01', '2025-06-01 10:05:00.000000', 1)"
    )  # kept: in the WAL only too, and never deleted
    live.commit()
    aside = path.with_name("d.damaged-20250601-100000-000000.sqlite3")
    for suffix in ("", "-wal", "-shm"):  # as recovery.set_aside moves them, while the desk had them open
        shutil.copy(f"{path}{suffix}", f"{aside}{suffix}")
    live.execute("PRAGMA secure_delete = ON")
    live.execute("DELETE FROM referrals WHERE case_ref = ?", (x,))  # then deleted at the desk
    live.commit()
    live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    live.close()
    purge.note_carried(aside, [])  # as a recovery leaves it: its referrals carried into the log
    assert x.encode() in Path(f"{aside}-wal").read_bytes() and x.encode() not in aside.read_bytes()
    purged = purge.purge_deleted_referrals(path)
    assert (aside, 1) in purged.removed and purged.complete
    assert _holding(tmp_path, x) == []
    assert not Path(f"{aside}-wal").exists()
    con = sqlite3.connect(f"file:{aside}?mode=ro", uri=True)
    assert [r[0] for r in con.execute("SELECT case_ref FROM referrals ORDER BY id")] == ["R7-B", "R7-W"]
    con.close()


def test_a_referral_the_recovery_could_not_put_in_is_never_taken_for_a_deleted_one(
    _mini_template, tmp_path, monkeypatch, capsys
):
    """The damaged file is the only place of a referral the recovered database refused (said, counted):
    absent from the log, it is not deleted. The purge leaves it there and says so."""
    from dvdesk.storage import salvage_merge

    path = tmp_path / "d.sqlite3"
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    _record(db, "R7-B", "市民課に連絡")
    db.close()
    backup.take(path, "manual")
    db = open_database(path, fill=False)
    a = _marker()
    _record(db, "R7-A", f"{a}メモ")
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    overwrite_root_page(path, "services")
    put = salvage_merge._put

    def refuse_a(conn, table, values):
        if table == "referrals" and values.get("case_ref") == "R7-A":
            raise ValueError("a value the database will not take")
        return put(conn, table, values)

    monkeypatch.setattr(salvage_merge, "_put", refuse_a)
    result = recover(path)
    monkeypatch.setattr(salvage_merge, "_put", put)
    assert "読めたが入れられなかった紹介記録 1件" in result.warning()
    result.db.close()
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["referrals", "purge-backups"]) == 0
    out = capsys.readouterr().out
    assert result.damaged_copy.name in _holding(tmp_path, a)  # still there, for the administrator
    assert (
        f"{result.damaged_copy.name}: 復元で入れられなかった紹介記録 1件 は、削除したものではないため残しました" in out
    )


def test_a_damaged_file_no_recovery_of_this_version_carried_is_left_whole_and_said(recovered, monkeypatch, capsys):
    """An earlier version's recovery kept a file's referrals there, never carrying them: not in the log
    does not mean deleted. The purge leaves the file and says so."""
    path, result, x, a = recovered
    db = result.db
    with db.read() as s:
        a_id = s.scalar(select(Referral.id).where(Referral.case_ref == "R7-A"))
    with db.write() as s:
        referrals.delete_referral(s, a_id)
    db.forget_deleted()
    db.close()
    Path(f"{result.damaged_copy}{purge.CARRIED}").unlink()  # as an earlier version left it
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["referrals", "purge-backups"]) == 0
    out = capsys.readouterr()
    assert result.damaged_copy.name in _holding(path.parent, a)
    assert "紹介記録を復元で読み出していない壊れたファイル 1件" in out.err and str(result.damaged_copy) in out.err
    assert f"{result.deleted_kept.name}: 削除済みの紹介記録 2件 を消しました" in out.out  # the others are reached


def test_the_recovery_copy_of_a_database_named_without_a_suffix_is_reached_too(_mini_template, tmp_path):
    """A database named without a suffix (dvdesk --db /data/desk): the backup the recovery kept beside the
    damaged file was named desk.backup.damaged-… (the stamp taken for a suffix), which the purge does not
    look for: the referral deleted before the damage stayed in it after 「削除済みの紹介記録」 was purged."""
    path, result, x, _a = _recovered_at(_mini_template, tmp_path / "d")
    result.db.close()
    assert result.deleted_kept is not None
    assert (result.deleted_kept, purge.RECOVERY_COPY) in purge.copies(path)
    done = purge.purge_deleted_referrals(path)
    assert done.complete
    assert _holding(tmp_path, x) == []
