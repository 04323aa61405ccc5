"""A referral's number is never given again: a screen still showing a deleted referral cannot step
on the next one recorded.

Found in session 17: SQLite gives the highest id again once that row is deleted, and every new
referral starts at version 1. A log (or queue) window that had not looked since — closed and kept,
its change fingerprint (count, sum of ids, sum of versions) the same after the delete and the new
referral — showed the deleted R7-5 under the new referral's id and version: its 削除 deleted R7-6,
its status move moved R7-6, and ``check_seen`` (the version the screen showed) let both through.
Now a deleted referral's id is refused as gone (``ReferralGone``), and the fingerprint changes.
"""

import pytest
from sqlalchemy import select

from dvdesk.app import referral_queue
from dvdesk.app.referrals import Referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.domain.referrals import ReferralGone


def _record(log, db, case_ref):
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
    return log.record(case_ref=case_ref, counselor="相談員A", service_ids=[service], need_keys=["housing"])


def test_a_screen_showing_a_deleted_referral_cannot_delete_or_move_the_next_one(mini_db):
    log = Referrals(mini_db)
    _record(log, mini_db, "R7-1")
    shown = _record(log, mini_db, "R7-5")  # what the closed window still shows
    with mini_db.read() as s:
        before = referral_queue.fingerprint(s)
    log.delete(shown.id, seen_version=shown.version)  # deleted elsewhere (the command line, another window)
    new = _record(log, mini_db, "R7-6")
    assert new.id != shown.id
    with mini_db.read() as s:
        assert referral_queue.fingerprint(s) != before  # the window looks again when shown
    with pytest.raises(ReferralGone):
        log.change_status(shown.id, "contacted", seen_version=shown.version)
    with pytest.raises(ReferralGone):
        log.delete(shown.id, seen_version=shown.version)
    with mini_db.read() as s:
        assert s.scalars(select(Referral.case_ref).order_by(Referral.id)).all() == ["R7-1", "R7-6"]
        assert s.get(Referral, new.id).status == "referred"


def test_the_numbers_go_on_after_the_highest_ones_are_deleted(mini_db):
    log = Referrals(mini_db)
    first = _record(log, mini_db, "R7-1")
    second = _record(log, mini_db, "R7-2")
    log.delete(second.id)
    log.delete(first.id)  # the log empty
    third = _record(log, mini_db, "R7-3")
    assert third.id == second.id + 1
