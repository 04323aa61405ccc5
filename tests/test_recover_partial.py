"""Recovering a file whose referral log is itself partly damaged.

Found last session: the window's recovery (and ``dvdesk recover``) read the damaged file's casework
all or nothing. With one page of the referrals table unreadable, ``SELECT count(*)`` still answered
(from an index) while ``SELECT id`` failed, so the referrals recorded after the backup were
reported as 0 left behind, nothing was said, and every one of them — readable or not — stayed in
the file set aside. Now every row that can be read is carried into the recovered database, and the
offer and the result say how many were read and how many could not be.
"""

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral, ReferralEvent
from dvdesk.domain.models import Service
from dvdesk.storage import backup
from dvdesk.storage.db import open_database
from dvdesk.storage.recovery import recover

BEFORE, AFTER = 5, 150  # referrals before the backup, and after it (each moved on once)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise AssertionError("unreachable")


def _rowids_on(page: bytes) -> list[int]:
    """The rowids of a table b-tree leaf page (type 0x0d), read from its cells."""
    assert page[0] == 0x0D
    cells = int.from_bytes(page[3:5], "big")
    ids = []
    for n in range(cells):
        at = int.from_bytes(page[8 + 2 * n : 10 + 2 * n], "big")
        _, at = _varint(page, at)  # payload size
        ids.append(_varint(page, at)[0])
    return ids


def _recorded(template, folder, done_after):
    """The file before any damage: BEFORE referrals in its only backup (``backups/`` beside it), AFTER
    more after it, each moved on once; ``done_after``: the backup's referrals closed after it."""
    path = folder / "d.sqlite3"
    shutil.copy(template, path)
    db = open_database(path, fill=False)
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))

    def record(first, n):
        with db.write() as s:
            for k in range(first, first + n):
                ref = referrals.record_referral(
                    s, case_ref=f"R7-{k:04d}", counselor="相談員A", service_ids=[service], need_keys=["housing"]
                )
                s.flush()
                referrals.change_status(s, ref.id, "contacted")

    record(1, BEFORE)
    backup.take(path, "manual")
    record(BEFORE + 1, AFTER)
    if done_after:
        with db.write() as s:
            for ref_id in range(1, BEFORE + 1):
                referrals.change_status(s, ref_id, "done")
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return folder


_RECORDED: dict[tuple[Path, bool], Path] = {}  # the module's undamaged files, recorded once each (speed)


def partly_damaged(template, folder, table="referrals", indexes_too=False, page=None, done_after=False):
    """A copy of the recorded file (``_recorded``: its backup beside it) with one leaf page in the middle
    of ``table`` overwritten (and, ``indexes_too``, the root page of each of its indexes, so no list of
    its rowids can be read); ``page``: which leaf instead (0 the first). Returns (file, rowids lost)."""
    key = (Path(template), done_after)
    if key not in _RECORDED:
        _RECORDED[key] = _recorded(template, Path(tempfile.mkdtemp(prefix="recorded-", dir=folder.parent)), done_after)
    shutil.copytree(_RECORDED[key], folder, dirs_exist_ok=True)
    path = folder / "d.sqlite3"
    con = sqlite3.connect(path)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
    roots = [
        r[0] for r in con.execute("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,))
    ]
    con.close()
    assert len(leaves) >= 2 and roots
    damaged_page = sorted(leaves)[len(leaves) // 2 if page is None else page]
    with open(path, "r+b") as f:
        f.seek((damaged_page - 1) * size)
        lost = _rowids_on(f.read(size))
        for page in [damaged_page, *(roots if indexes_too else [])]:
            f.seek((page - 1) * size)
            f.write(b"\xff" * size)
    return path, lost


def case_refs(db):
    with db.read() as s:
        return set(s.scalars(select(Referral.case_ref)))


def test_every_readable_referral_is_in_the_recovered_database_and_the_rest_are_counted(_mini_template, tmp_path):
    path, lost = partly_damaged(_mini_template, tmp_path)
    assert lost and all(i > BEFORE for i in lost)  # the damaged page holds referrals newer than the backup
    result = recover(path)
    try:
        refs = case_refs(result.db)
        assert len(refs) == BEFORE + AFTER - len(lost)
        with result.db.read() as s:
            moved = s.scalar(select(Referral).where(Referral.case_ref == f"R7-{BEFORE + 1:04d}"))
            if moved is not None:
                assert moved.status == "contacted"
            events = s.scalars(select(ReferralEvent)).all()
        assert len(events) == 2 * (BEFORE + AFTER - len(lost))  # recorded and moved on, each
        warning = result.warning()
        assert f"紹介記録 {BEFORE + AFTER - len(lost)}件" in warning  # read and carried
        assert f"読めなかった紹介記録 {len(lost)}件" in warning
        assert f"紹介の状況の変更 {2 * len(lost)}件" in warning  # their events: nowhere to go
        assert str(result.damaged_copy) in warning
    finally:
        result.db.close()


def test_the_window_says_before_and_after_how_many_were_read(_mini_template, tmp_path, qapp, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from dvdesk.gui.app import offer_recovery
    from dvdesk.storage.errors import CorruptDatabase

    path, lost = partly_damaged(_mini_template, tmp_path)
    readable = BEFORE + AFTER - len(lost)
    offered: list[str] = []
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: offered.append(self.informativeText()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.defaultButton())  # バックアップから始める
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    with pytest.raises(CorruptDatabase) as refused:
        open_database(path, fill=False)
    db = offer_recovery(refused.value)
    assert db is not None
    try:
        every = {f"R7-{k:04d}" for k in range(1, BEFORE + AFTER + 1)}
        assert case_refs(db) == every - {f"R7-{i:04d}" for i in lost}  # ids follow the case numbers here
    finally:
        db.close()
    [offer] = offered
    assert f"読める紹介記録 {readable}件、紹介の状況の変更 {2 * (BEFORE + AFTER)}件" in offer
    assert f"読めないもの: 紹介記録 {len(lost)}件、読めない紹介記録に付いた紹介の状況の変更 {2 * len(lost)}件" in offer
    [result] = said
    assert f"読めた紹介記録 {readable}件" in result and f"読めなかった紹介記録 {len(lost)}件" in result


def test_status_moves_on_a_damaged_page_are_counted_and_the_rest_carried(_mini_template, tmp_path):
    path, lost = partly_damaged(_mini_template, tmp_path, table="referral_events")
    result = recover(path)
    try:
        with result.db.read() as s:
            events = set(s.scalars(select(ReferralEvent.id)))
            assert len(set(s.scalars(select(Referral.id)))) == BEFORE + AFTER  # every referral
        assert events.isdisjoint(lost) and len(events) == 2 * (BEFORE + AFTER) - len(lost)
        assert f"読めなかった紹介の状況の変更 {len(lost)}件" in result.warning()
    finally:
        result.db.close()


def test_without_a_readable_index_the_rows_are_still_carried_and_the_loss_is_unknown(_mini_template, tmp_path):
    """No index gives the list of rowids: each one up to the highest is tried; how many rows the damaged
    page held is not known, and the warning says so instead of a number (never 0)."""
    path, lost = partly_damaged(_mini_template, tmp_path, indexes_too=True)
    result = recover(path)
    try:
        assert len(case_refs(result.db)) == BEFORE + AFTER - len(lost)
        assert result.referrals_left_behind is None
        assert "読めなかった紹介記録（件数は分かりません）" in result.warning()
    finally:
        result.db.close()


def test_a_row_the_recovered_database_refuses_is_counted_and_the_others_go_in(_mini_template, tmp_path, monkeypatch):
    from dvdesk.storage import salvage_merge

    path, lost = partly_damaged(_mini_template, tmp_path)
    put = salvage_merge._put

    def refuse_one(conn, table, values):
        if table == "referrals" and values.get("case_ref") == f"R7-{BEFORE + 1:04d}":
            raise ValueError("a value the database will not take")
        return put(conn, table, values)

    monkeypatch.setattr(salvage_merge, "_put", refuse_one)
    result = recover(path)
    try:
        assert len(case_refs(result.db)) == BEFORE + AFTER - len(lost) - 1
        warning = result.warning()
        assert "読めたが入れられなかった紹介記録 1件" in warning
        assert f"読めない・入れられない紹介記録に付いていた紹介の状況の変更 {2 * len(lost) + 2}件" in warning
    finally:
        result.db.close()


def test_a_referral_of_the_backup_whose_row_is_unreadable_takes_the_status_of_its_moves(_mini_template, tmp_path):
    """Its row unreadable, the backup's copy (連絡済み) comes back; its 対応完了, read among the status
    moves, goes in, and the referral says 対応完了 as its moves do — not 連絡済み beside a 対応完了 event."""
    path, lost = partly_damaged(_mini_template, tmp_path, page=0, done_after=True)
    assert set(range(1, BEFORE + 1)) <= set(lost)
    result = recover(path)
    try:
        with result.db.read() as s:
            backed_up = s.scalars(select(Referral).where(Referral.id <= BEFORE)).all()
            assert [r.status for r in backed_up] == ["done"] * BEFORE
        assert f"読めなかった紹介記録 {len(lost) - BEFORE}件" in result.warning()  # the backup holds the others
    finally:
        result.db.close()


def test_the_departments_of_referrals_on_a_damaged_page_are_named(_mini_template, tmp_path):
    """A referral whose 紹介先 could not be read counts under no department in the report: said."""
    path, lost = partly_damaged(_mini_template, tmp_path, table="referral_targets")
    result = recover(path)
    try:
        assert f"読めなかった紹介記録の紹介先 {len(lost)}件" in result.warning()
        assert len(case_refs(result.db)) == BEFORE + AFTER
    finally:
        result.db.close()


def test_the_numbers_said_put_in_are_the_rows_the_recovered_database_holds(_mini_template, tmp_path, monkeypatch):
    """Seen: 「読めた紹介記録 113件、紹介の状況の変更 310件 は、復元したデータに入れました」 over a database
    holding 112 and 224: the refused referral and the 86 moves of unreadable referrals were counted as put in
    (and again as not there). Put in = read − refused − stranded, and each number is the database's."""
    from dvdesk.storage import salvage_merge

    path, lost = partly_damaged(_mini_template, tmp_path)
    put = salvage_merge._put

    def refuse_one(conn, table, values):
        if table == "referrals" and values.get("case_ref") == f"R7-{BEFORE + 1:04d}":
            raise ValueError("a value the database will not take")
        return put(conn, table, values)

    monkeypatch.setattr(salvage_merge, "_put", refuse_one)
    result = recover(path)
    try:
        with result.db.read() as s:
            refs = len(s.scalars(select(Referral.id)).all())
            moves = len(s.scalars(select(ReferralEvent.id)).all())
        warning = result.warning()
        assert f"読めた紹介記録 {refs}件、紹介の状況の変更 {moves}件 は、復元したデータに入れました" in warning
        stranded = 2 * len(lost) + 2  # the moves of the unreadable referrals and of the refused one
        assert refs + 1 + len(lost) == BEFORE + AFTER and moves + stranded == 2 * (BEFORE + AFTER)
        assert (
            f"読めたが入れられなかった紹介記録 1件、読めない・入れられない紹介記録に付いていた紹介の状況の変更 {stranded}件"
            in warning
        )
    finally:
        result.db.close()


def test_a_need_on_a_damaged_page_the_backup_holds_is_not_reported_lost(_mini_template, tmp_path):
    """The first page of referral_needs holds the needs of the backup's referrals: those the recovered
    database holds (from the backup) are not lost; only the needs of later referrals are."""
    path, lost = partly_damaged(_mini_template, tmp_path, table="referral_needs", page=0)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    by_rowid = dict(
        con.execute("SELECT rowid, referral_id FROM referral_needs INDEXED BY sqlite_autoindex_referral_needs_1")
    )
    con.close()
    backed_up = [r for r in lost if by_rowid[r] <= BEFORE]
    assert backed_up and len(backed_up) < len(lost)
    result = recover(path)
    try:
        with result.db.read() as s:
            missing = (
                s.connection()
                .exec_driver_sql(
                    "SELECT count(*) FROM referrals r WHERE NOT EXISTS (SELECT 1 FROM referral_needs n WHERE n.referral_id = r.id)"
                )
                .scalar()
            )
        assert missing == len(lost) - len(backed_up)  # one need each: the referrals without theirs
        assert result.carried.lost["referral_needs"] == missing
        assert f"読めなかった紹介記録のニーズ分類 {missing}件" in result.warning()
    finally:
        result.db.close()
