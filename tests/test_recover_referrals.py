"""Recovering a damaged database must not drop the referral log silently.

Seen by using it: referrals recorded after the last backup, a damaged page elsewhere in the file,
`dvdesk recover` → 「バックアップから復元しました」 and an empty referral log, without a word that
the three referrals (still readable in the file set aside) were not in the backup. `restore` says
so; `recover` and the window's 「バックアップから始める」 did not.
"""

import datetime as dt
import shutil

import pytest
from sqlalchemy import select

from damage_support import overwrite_root_page
from dvdesk.app.statistics import Statistics
from dvdesk.cli import main
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Channel, Referral
from dvdesk.domain.models import Service
from dvdesk.storage import backup
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import CorruptDatabase
from dvdesk.storage.recovery import recover


def damaged_file(template, folder, before=(), after=("R7-0142", "R7-0143"), then=None, backed_up=True):
    """A database with referrals ``before`` and ``after`` its only backup, and a damaged page of
    its services table (the file cannot be opened; the referral log can still be read). ``then(db)``
    runs after the backup (or without one, when not ``backed_up``)."""
    path = folder / "d.sqlite3"
    shutil.copy(template, path)
    db = open_database(path, fill=False)
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))

    def record(refs):
        for ref in refs:
            with db.write() as s:
                referrals.record_referral(
                    s, case_ref=ref, counselor="相談員A", service_ids=[service], need_keys=["housing"]
                )

    record(before)
    if backed_up:
        backup.take(path, "manual")
    record(after)
    if then is not None:
        then(db)
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    overwrite_root_page(path, "services")  # the file is damaged, the log is not
    with pytest.raises(CorruptDatabase):
        open_database(path, fill=False)
    return path


@pytest.fixture
def damaged(_mini_template, tmp_path):
    return damaged_file(_mini_template, tmp_path)


def test_recover_carries_the_referrals_the_backup_lacks(damaged):
    """They were left in the file set aside (and named); now they are read out of it (hx-fix14c)."""
    result = recover(damaged)
    try:
        assert result.restored_from is not None
        assert result.referrals_left_behind == 0
        with result.db.read() as s:
            assert set(s.scalars(select(Referral.case_ref))) == {"R7-0142", "R7-0143"}
        assert "読めた紹介記録 2件" in result.warning() and str(result.damaged_copy) in result.warning()
    finally:
        result.db.close()


def test_the_command_says_so(damaged, monkeypatch, capsys):
    monkeypatch.setenv("DVDESK_DB", str(damaged))
    assert main(["recover"]) == 0
    out, err = capsys.readouterr()
    assert "復元しました" in out
    assert "読めた紹介記録 2件" in err and "d.damaged-" in err


def test_nothing_is_said_when_the_backup_holds_the_whole_log(_mini_template, tmp_path):
    result = recover(damaged_file(_mini_template, tmp_path, before=("R7-0142",), after=()))
    try:
        assert result.referrals_left_behind == 0 and result.warning() == ""
    finally:
        result.db.close()


def test_an_unreadable_file_is_said_to_be_unknown_not_empty(_mini_template, tmp_path):
    path = tmp_path / "d.sqlite3"
    shutil.copy(_mini_template, path)
    backup.take(path, "manual")
    path.write_bytes(b"\0" * 8192)
    result = recover(path)
    try:
        assert result.referrals_left_behind is None and "分かりません" in result.warning()
    finally:
        result.db.close()


def started_from_the_backup(damaged, monkeypatch) -> list[str]:
    """The window's recovery offer answered 「バックアップから始める」: what its information box said."""
    from PySide6.QtWidgets import QMessageBox

    from dvdesk.gui.app import offer_recovery

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.defaultButton())  # バックアップから始める
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    with pytest.raises(CorruptDatabase) as refused:
        open_database(damaged, fill=False)
    db = offer_recovery(refused.value)
    assert db is not None
    db.close()
    return said


def test_the_window_says_so_after_starting_from_the_backup(damaged, qapp, monkeypatch):
    said = started_from_the_backup(damaged, monkeypatch)
    assert len(said) == 1 and "読めた紹介記録 2件" in said[0] and "d.damaged-" in said[0]


def moved_and_counted(db):
    """After the backup: the first referral moved on, and a month of counts entered."""
    with db.write() as s:
        referrals.change_status(s, s.scalar(select(Referral.id).order_by(Referral.id)), "contacted")
    Statistics(db).save_month_counts(dt.date.today().replace(day=1), "住宅課", True, {("housing", Channel.PHONE): 4})


def test_the_window_names_status_moves_and_counts_the_backup_lacks(_mini_template, tmp_path, qapp, monkeypatch):
    """A referral in the backup moved on after it, and a month of counts entered after it: the window's
    「バックアップから始める」 said nothing of them (only whole referrals); now they are carried over and named."""
    damaged = damaged_file(_mini_template, tmp_path, before=("R7-0142",), after=(), then=moved_and_counted)
    said = started_from_the_backup(damaged, monkeypatch)
    assert len(said) == 1
    assert "うちバックアップより新しいもの: 紹介記録 1件、紹介の状況の変更 1件、相談件数の記録 1件" in said[0]
    assert "d.damaged-" in said[0] and "復元したデータにありません" not in said[0]
    db = open_database(damaged)
    try:
        with db.read() as s:
            assert s.scalar(select(Referral.status)) == "contacted"
        month = dt.date.today().replace(day=1)
        assert Statistics(db).month_counts(month, "住宅課", True) == {("housing", Channel.PHONE): 4}
    finally:
        db.close()


def test_without_a_backup_the_counts_of_the_damaged_file_are_named(_mini_template, tmp_path):
    damaged = damaged_file(_mini_template, tmp_path, after=("R7-0142",), then=moved_and_counted, backed_up=False)
    result = recover(damaged)
    try:
        assert result.restored_from is None
        warning = result.warning()
        assert "読めた紹介記録 1件、紹介の状況の変更 2件、相談件数の記録 1件 は、復元したデータに入れました" in warning
        assert "バックアップより新しい" not in warning and "ありません" not in warning  # no backup to compare with
    finally:
        result.db.close()


def test_a_month_entered_again_after_the_backup_replaces_the_backups_entry(_mini_template, tmp_path):
    """The grid saves a month, department and DV/other whole: moved from 住まい to 法律 after the
    backup, the recovered report must count the 4 consultations once, under 法律 — not 8."""
    month = dt.date.today().replace(day=1)

    def entered_then_corrected(db):
        stats = Statistics(db)
        stats.save_month_counts(month, "住宅課", True, {("housing", Channel.PHONE): 4})
        backup.take(db.path, "manual")
        stats.save_month_counts(month, "住宅課", True, {("legal", Channel.PHONE): 4})

    damaged = damaged_file(_mini_template, tmp_path, after=(), then=entered_then_corrected, backed_up=False)
    result = recover(damaged)
    try:
        assert result.restored_from is not None
        assert Statistics(result.db).month_counts(month, "住宅課", True) == {("legal", Channel.PHONE): 4}
    finally:
        result.db.close()


def test_a_referral_deleted_after_the_backup_stays_deleted(_mini_template, tmp_path):
    """Entered by mistake and deleted after the backup: the damaged file lists every referral it holds
    (read whole here), so the backup's copy of the deleted one does not come back into the log."""

    def deleted(db):
        with db.write() as s:
            referrals.delete_referral(s, s.scalar(select(Referral.id).where(Referral.case_ref == "R7-0142")))

    damaged = damaged_file(_mini_template, tmp_path, before=("R7-0142", "R7-0143"), after=(), then=deleted)
    result = recover(damaged)
    try:
        with result.db.read() as s:
            assert set(s.scalars(select(Referral.case_ref))) == {"R7-0143"}
        assert "バックアップの後に削除された紹介記録 1件" in result.warning()
    finally:
        result.db.close()
