"""A restore or a recovery never gives a referral number again that this PC gave before.

Found in h18: a referral's number (``dvdesk referrals add`` prints it: 「記録しました: 2  R7-6」; the
counselor moves it by it: ``dvdesk referrals status 2 done``, ``queue move 2``) is kept above every
number the database gave (meta ``referrals.highest_id_given``, commit afdb25d). But that note is in
the file, and a restore put back the backup's: the referrals recorded after the backup left the log
(kept in the before-restore backup) and the next referral got the number R7-6 had. The counselor
holding R7-6's slip and number moved the new client's referral with ``status 2 done``, silently.
A recovery (``recover``, the window's 「バックアップから始める」) did the same from the damaged
file's numbers, and its renumbering of a referral whose id the backup gives to another one
(``salvage_merge._put``) took the next free id, which the damaged file had given to the next referral.
Now a restore keeps this PC's highest number given (the file's before and the backup's, the higher),
a recovery the damaged file's (its note, else the highest id read), and a renumbered referral goes
above them all.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from conftest import MINI
from dvdesk.app.referrals import Referrals
from dvdesk.cli import main
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.storage import backup
from dvdesk.storage.recovery import recover
from dvdesk.storage.salvage import Casework, TableRead
from dvdesk.storage.salvage_merge import carry
from test_recover_referrals import damaged_file


def _add(capsys, case: str) -> int:
    assert main(["referrals", "add", "--case", case, "--counselor", "相談員A", "--department", "test.center"]) == 0
    out = capsys.readouterr().out
    return int(out.split("記録しました:", 1)[1].split()[0])


def test_after_a_restore_a_new_referral_never_takes_the_number_of_one_taken_out(monkeypatch, capsys, tmp_path):
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    before = backup.take(db, "manual")
    given = [_add(capsys, "R7-5"), _add(capsys, "R7-6")]
    assert main(["restore", str(before)]) == 0
    capsys.readouterr()
    new = _add(capsys, "R8-1")
    assert new not in given and new > max(given)
    # The counselor holding R7-6's number moves it: never the new client's referral.
    assert main(["referrals", "status", str(given[1]), "done"]) != 0
    capsys.readouterr()
    assert main(["referrals", "list"]) == 0
    listed = capsys.readouterr().out
    assert "R8-1" in listed and "対応完了" not in listed


def test_the_way_back_keeps_the_numbers_given_since(monkeypatch, capsys, tmp_path):
    """Restoring the before-restore backup (the way back) brings R7-5 back: the referral recorded
    in between keeps its own number, and the next one goes above both."""
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    before = backup.take(db, "manual")
    first = _add(capsys, "R7-5")
    safety = backup.restore(before, db)
    between = _add(capsys, "R8-1")
    assert safety is not None and between > first
    backup.restore(safety, db)
    assert _add(capsys, "R8-2") > between


def test_a_restore_of_a_file_without_the_note_still_goes_above(monkeypatch, capsys, tmp_path):
    """A backup made before the note existed (no meta row), and a live file whose note is gone: the
    highest id still there counts."""
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    before = backup.take(db, "manual")
    given = _add(capsys, "R7-5")
    con = sqlite3.connect(db)
    with con:
        con.execute("DELETE FROM meta WHERE key = 'referrals.highest_id_given'")
    con.close()
    backup.restore(before, db)
    assert _add(capsys, "R8-1") > given


def test_a_recovery_never_gives_a_number_the_damaged_file_gave(_mini_template, tmp_path):
    """R7-0143 deleted after the backup: the damaged file's note says its number was given."""

    def delete_last(db):
        log = Referrals(db)
        last = max(log.list(), key=lambda r: r.id)
        log.delete(last.id)

    damaged = damaged_file(_mini_template, tmp_path, then=delete_last)
    result = recover(damaged)
    try:
        with result.db.read() as s:
            service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
            carried = s.scalars(select(Referral.id)).all()
        assert len(carried) == 1
        new = Referrals(result.db).record(
            case_ref="R8-1", counselor="相談員A", service_ids=[service], need_keys=["housing"]
        )
        assert new.id == max(carried) + 2  # not the deleted R7-0143's
    finally:
        result.db.close()


def _referral(conn, **values):
    columns = {c[1] for c in conn.exec_driver_sql("PRAGMA table_info(referrals)")}
    row = {
        "case_ref": "R7-0000", "referred_on": "2025-09-01", "counselor": "相談員A", "channel": "in_person",
        "dv": 1, "status": "referred", "updated_on": "2025-09-01", "version": 1, **values,
    }  # fmt: skip
    return {k: v for k, v in row.items() if k in columns}


def test_a_referral_renumbered_by_the_recovery_never_takes_the_next_ones_number(mini_db):
    """The backup's referral 1 and the damaged file's referral 1 are two (an old dvdesk gave a deleted
    id again; the damaged file's change counter unread, so the backup's is not known deleted). The
    damaged file's referral 2 keeps its number; its referral 1 gets one above every number given."""
    with mini_db.write() as s:
        conn = s.connection()
        conn.exec_driver_sql(
            "INSERT INTO referrals (id, case_ref, referred_on, counselor, channel, dv, status, updated_on, "
            "created_at, version) VALUES (1, 'R7-0001', '2025-09-01', '相談員A', 'in_person', 1, 'referred', "
            "'2025-09-01', '2025-09-01 09:00:00.000000', 1)"
        )
    with mini_db.write() as s:
        conn = s.connection()
        rows = [
            _referral(conn, id=1, case_ref="R7-0002", created_at="2025-09-02 09:00:00.000000"),
            _referral(conn, id=2, case_ref="R7-0003", created_at="2025-09-03 09:00:00.000000"),
        ]
        damaged = Casework(
            tables={"referrals": TableRead(columns=list(rows[0]), rows=rows)},
            keys={"organizations": None, "services": None},
        )
        carry(conn, damaged, same_file=True, later=None)
    with mini_db.read() as s:
        numbers = dict(s.execute(select(Referral.case_ref, Referral.id)).all())
    assert numbers == {"R7-0001": 1, "R7-0003": 2, "R7-0002": 3}
    with mini_db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
    new = Referrals(mini_db).record(case_ref="R8-1", counselor="相談員A", service_ids=[service], need_keys=["housing"])
    assert new.id == 4
