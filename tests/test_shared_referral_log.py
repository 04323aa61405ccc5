"""The referral log (the referring desk's window and ``dvdesk referrals status``) while other desks
change the same referral on a shared server.

The receiving desk's queue already refuses a move from a stale screen (test_referral_queue). The
log's own steps — a status, a note, a delete — did not carry what the screen showed: two desks at
the same moment gave the slower one 「予期しないエラー」 (SQLAlchemy's StaleDataError), and a screen
a few seconds old deleted or closed a referral another desk had just worked on, unseen."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from dvdesk.app import referral_queue as rq
from dvdesk.app.referrals import Referrals
from dvdesk.domain.casework_models import ReferralEvent, ReferralStatus
from dvdesk.domain.referrals import ReferralConflict, ReferralError

TODAY = dt.date(2025, 6, 30)
S = ReferralStatus


def refer(db, case_ref="R7-0001"):
    log = Referrals(db)
    [housing] = log.target_ids(["test.svc.housing"])
    return log.record(
        case_ref=case_ref, counselor="相談員A", service_ids=[housing], referred_on=dt.date(2025, 6, 1), today=TODAY
    )


def received_at_the_housing_desk(db, view):
    queue = rq.ReferralQueue(db)
    queue.move(view.id, S.RECEIVED, desk=queue.find_desk("test.housing"), note="受付しました", today=TODAY)


def events(db):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(ReferralEvent))


@pytest.fixture
def server_db(pg_cluster):
    """The mini directory on the server only: SQLite's write transaction is exclusive, so no other
    desk's step can land inside one (the two tests below need it to)."""
    import pg_support

    db, name = pg_support._server_copy(pg_cluster, "tpl_mini", pg_support._setup_mini)
    yield db
    db.close()
    pg_cluster.drop_database(name)


STEPS = {
    "contacted": lambda log, v: log.change_status(v.id, S.CONTACTED, today=TODAY),
    "failed": lambda log, v: log.change_status(v.id, S.FAILED, today=TODAY),
    "note": lambda log, v: log.add_note(v.id, "書類を確認", today=TODAY),
}


@pytest.mark.pg_quick("two server sessions updating one referral row at once (READ COMMITTED, row version)")
@pytest.mark.parametrize("pair", [("contacted", "failed"), ("note", "failed"), ("contacted", "note")])
def test_two_desks_stepping_one_referral_at_once_the_slower_is_told_in_words(any_mini_db, pair):
    log = Referrals(any_mini_db)
    tally = {"conflict": 0, "refused": 0, "saved": 0}
    for n in range(8):
        view = refer(any_mini_db, f"R7-{n + 1:04d}")
        start = threading.Barrier(2, timeout=60)
        outcomes: list[str] = []

        def step(name, view=view, start=start, outcomes=outcomes):
            start.wait()
            try:
                STEPS[name](log, view)
                outcomes.append("saved")
            except ReferralConflict as exc:
                assert "他の窓口" in exc.message and view.case_ref in exc.message
                outcomes.append("conflict")
            except ReferralError as exc:  # 不調 first: 連絡済み after it is refused by the transitions
                assert "変更できません" in exc.message
                outcomes.append("refused")

        threads = [threading.Thread(target=step, args=(name,), daemon=True) for name in pair]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
        assert "saved" in outcomes and len(outcomes) == 2, outcomes  # never an unexpected error
        for o in outcomes:
            tally[o] += 1
        now = log.get(view.id)
        assert len(now.events) == 1 + outcomes.count("saved")  # what was said saved is there, nothing else
    assert tally["saved"] >= 8


@pytest.mark.parametrize("step", ["failed", "note", "delete"])
def test_a_step_from_a_screen_older_than_another_desks_move_is_refused(any_mini_db, step):
    log = Referrals(any_mini_db)
    shown = refer(any_mini_db)  # what the referring counselor's log shows
    received_at_the_housing_desk(any_mini_db, shown)  # the housing desk receives it meanwhile
    before = events(any_mini_db)
    with pytest.raises(ReferralConflict, match="他の窓口で更新されています（現在「受付」）"):
        if step == "failed":
            log.change_status(shown.id, S.FAILED, today=TODAY, seen_version=shown.version)
        elif step == "note":
            log.add_note(shown.id, "書類を確認", today=TODAY, seen_version=shown.version)
        else:
            log.delete(shown.id, seen_version=shown.version)
    now = log.get(shown.id)  # the housing desk's step is intact, nothing was added
    assert now.status is S.RECEIVED and events(any_mini_db) == before
    fresh = log.get(shown.id)  # once she has seen it, the same step goes through
    if step == "delete":
        log.delete(fresh.id, seen_version=fresh.version)
        assert log.list() == []
    else:
        STEPS[step](log, fresh)


def test_the_log_window_sends_what_it_showed_and_shows_what_the_other_desk_did(qtbot, any_mini_db):
    from dvdesk.gui.referrals import ReferralLogWindow

    shown = refer(any_mini_db)
    window = ReferralLogWindow(any_mini_db, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.table.selectRow(0)
    received_at_the_housing_desk(any_mini_db, shown)
    window.note.insert("連絡がつかない")
    qtbot.mouseClick(window.status_buttons[S.FAILED], Qt.MouseButton.LeftButton)
    assert window.message.kind == "error" and "他の窓口で更新されています（現在「受付」）" in window.message.text()
    assert Referrals(any_mini_db).get(shown.id).status is S.RECEIVED  # not closed on top of the housing desk
    assert window.selected() is not None and window.selected().status is S.RECEIVED  # the screen now shows it
    assert window.note.text() == "連絡がつかない"  # kept for her second try


def test_a_slips_correction_meeting_another_desks_step_is_refused_in_words(server_db):
    """The slip's 相談方法 corrected (``Referrals.correct_slip``) while the receiving desk moves the
    referral: refused with the sentence, never SQLAlchemy's StaleDataError (the slip panel shows an
    InputError's message; anything else escaped it)."""
    from dvdesk.domain import slip_referrals
    from dvdesk.domain.casework_models import Referral

    view = refer(server_db)
    with pytest.raises(ReferralConflict, match="他の窓口"), server_db.write() as s:
        held = s.get(Referral, view.id)  # the correction has read the referral …
        received_at_the_housing_desk(server_db, view)  # … the housing desk's step commits meanwhile …
        slip_referrals.correct_slip(s, held.id, "phone", False)  # … and the correction is written
    now = Referrals(server_db).get(view.id)
    assert now.status is S.RECEIVED and now.channel.value == "in_person"  # the housing desk's step, whole


def test_the_slips_correction_is_made_again_after_another_desks_step(server_db, monkeypatch):
    """Setting 相談方法 and DV does not depend on what the receiving desk did: its step at the same
    moment is not a conflict for the correction, which is made again on the referral as it is now (the
    slip panel forgets a slip whose correction failed, and would log it anew when printed again)."""
    from dvdesk.domain import slip_referrals
    from dvdesk.domain.casework_models import Referral

    view = refer(server_db)
    real = slip_referrals.correct_slip
    calls: list[int] = []

    def another_desk_steps_in(session, referral_id, channel, dv):
        calls.append(referral_id)
        if len(calls) == 1:
            held = session.get(Referral, referral_id)  # read by the correction …
            received_at_the_housing_desk(server_db, view)  # … the housing desk's step commits meanwhile
            return real(session, held.id, channel, dv)
        return real(session, referral_id, channel, dv)

    monkeypatch.setattr(slip_referrals, "correct_slip", another_desk_steps_in)
    corrected = Referrals(server_db).correct_slip(view.id, "phone", False)
    now = Referrals(server_db).get(view.id)
    assert (now.channel.value, now.dv, now.status) == ("phone", False, S.RECEIVED)  # both desks' changes
    assert corrected.channel.value == "phone"
    assert len(calls) == 2


def test_the_form_offers_the_counselor_of_this_desk_not_of_another_desk(server_db, pg_cluster):
    """The form starts with the name of the counselor who recorded last, so that a shared desk PC's
    counselor need not type it each time. On a city's server the last referral is often another
    desk's: desk A's form offered desk B's counselor, and a referral saved as offered was logged under
    the wrong name."""
    from dvdesk.storage.db import open_database

    desk_b = open_database(server_db.url)
    try:
        a, b = Referrals(server_db), Referrals(desk_b)
        assert a.form_data().last_counselor == ""  # nothing recorded at this desk yet
        [housing] = a.target_ids(["test.svc.housing"])
        a.record(case_ref="R7-0001", counselor="相談員A", service_ids=[housing], today=TODAY)
        b.record(case_ref="R7-0002", counselor="相談員B", service_ids=[housing], today=TODAY)  # the other desk, later
        assert a.form_data().last_counselor == "相談員A"
        assert b.form_data().last_counselor == "相談員B"
        assert Referrals(server_db).form_data().last_counselor == "相談員A"  # a new form at desk A, same window
    finally:
        desk_b.close()
