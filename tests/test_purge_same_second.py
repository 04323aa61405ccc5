"""Two referrals of one case made in the same second, one deleted: the purge finds the deleted one.

Found in session 17: a copy's referral was taken for one still in the log when a referral of its
creation time (to the second: ``referrals._now``) and case reference was there (the match that finds a
referral a recovery carried under a new id). The one left matched the deleted one too: the deleted
referral stayed in every backup, its note with it, and the purge said nothing was left to remove.
"""

import shutil
import sqlite3

from sqlalchemy import select

from dvdesk.cli import main
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.storage import backup, purge
from dvdesk.storage.db import open_database
from test_purge_every_copy import _holding, _marker, _record


def _twins(_mini_template, tmp_path):
    """R7-1 referred twice in one second (notes x and y), backed up, then x's deleted at the desk."""
    path = tmp_path / "d.sqlite3"
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    x, y = _marker(), _marker()
    x_id = _record(db, "R7-1", f"{x}メモ")
    y_id = _record(db, "R7-1", f"{y}メモ")
    with db.write() as s:  # the same second, whatever the clock did between the two
        s.get(Referral, y_id).created_at = s.get(Referral, x_id).created_at
    db.close()
    taken = backup.take(path, "manual")
    db = open_database(path, fill=False)
    with db.write() as s:
        referrals.delete_referral(s, x_id)
    db.forget_deleted()
    return path, db, taken, x, y


def test_the_deleted_one_of_two_made_in_the_same_second_is_purged_from_the_backup(
    _mini_template, tmp_path, monkeypatch, capsys
):
    path, db, taken, x, y = _twins(_mini_template, tmp_path)
    db.close()
    assert _holding(tmp_path, x) == [str(taken.relative_to(tmp_path))]
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["referrals", "purge-backups"]) == 0
    assert f"{taken.name}: 削除済みの紹介記録 1件 を消しました" in capsys.readouterr().out
    assert _holding(tmp_path, x) == []
    assert _holding(tmp_path, y) == sorted(["d.sqlite3", str(taken.relative_to(tmp_path))])


def test_a_referral_carried_under_a_new_id_is_still_matched_by_its_creation_time_and_case(_mini_template, tmp_path):
    """The match the rule above narrows: the log holds the referral under another id than the copy."""
    path, db, taken, x, y = _twins(_mini_template, tmp_path)
    with db.read() as s:
        y_id = s.scalar(select(Referral.id).where(Referral.case_ref == "R7-1"))
    db.close()
    assert purge.purge_deleted_referrals(path).removed == [(taken, 1)]
    con = sqlite3.connect(path)
    for table, column in (
        ("referral_events", "referral_id"),
        ("referral_needs", "referral_id"),
        ("referral_targets", "referral_id"),
        ("referrals", "id"),
    ):
        con.execute(f"UPDATE {table} SET {column} = 40 WHERE {column} = ?", (y_id,))  # as a recovery renumbers one
    con.commit()
    con.close()
    purged = purge.purge_deleted_referrals(path)
    assert purged.removed == [] and purged.complete
    assert _holding(tmp_path, y) == sorted(["d.sqlite3", str(taken.relative_to(tmp_path))])
