"""The form to record a referral opens on the desk's municipality (found by h13-admin in session 13).

Opened without one (the log window on its own, or from a desk showing 全市区町村) it offered the
directory's first municipality by code, 国立市, to a desk set up for 高岡市: a counselor who did not
look recorded a referral for the wrong town, among the wrong town's services and departments. Now it
starts where the desk does: the counselor's current choice on the desk, else this PC's municipality
(first-run setup), else the first.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from dvdesk.gui import app as gui_app
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.referrals import ReferralLogWindow
from dvdesk.gui.referrals.referral_dialog import NewReferralDialog
from dvdesk.gui.settings import Settings
from gui_support import KUNITACHI, TAKAOKA

TODAY = dt.date(2026, 5, 15)


def set_desk_municipality(db, code: str) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO meta(key, value) VALUES ('desk_municipality', :c)"), {"c": code})


def departments(dialog: NewReferralDialog) -> list[str]:
    return [dialog.department_model.item(i).text() for i in range(dialog.department_model.rowCount())]


def test_opened_without_a_municipality_it_starts_on_this_pcs(desk_db, qtbot):
    set_desk_municipality(desk_db, TAKAOKA)
    dialog = NewReferralDialog(desk_db, None, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.municipality.currentData() == TAKAOKA and dialog.municipality.currentText() == "高岡市"
    assert not [d for d in departments(dialog) if "国立市" in d]


def test_the_log_window_on_its_own_opens_the_form_on_this_pcs_municipality(desk_db, qtbot):
    set_desk_municipality(desk_db, TAKAOKA)
    window = ReferralLogWindow(desk_db, clock=lambda: TODAY)
    qtbot.addWidget(window)
    assert window.open_new_referral().municipality.currentData() == TAKAOKA


def test_a_municipality_given_still_wins_and_a_desk_not_set_up_starts_on_the_first(desk_db, qtbot):
    given = NewReferralDialog(desk_db, KUNITACHI, TODAY)
    first = NewReferralDialog(desk_db, None, TODAY)
    for d in (given, first):
        qtbot.addWidget(d)
    assert given.municipality.currentData() == KUNITACHI
    assert first.municipality.currentIndex() == 0


@pytest.fixture
def desk(qtbot, desk_db, monkeypatch):
    monkeypatch.setattr(gui_app, "TASKS_AFTER_PAINT_MS", 0)
    font = QApplication.font()
    translators = Translators()
    translators.install("ja")
    set_desk_municipality(desk_db, TAKAOKA)
    made = Desk(desk_db, Settings(), translators)
    made.show()
    qtbot.waitExposed(made.window)
    qtbot.waitUntil(lambda: made.window.start_tasks_done, timeout=20_000)
    yield made.window
    made.window.close()
    translators.uninstall()
    QApplication.setFont(font)


def _log(window) -> ReferralLogWindow:
    window.findChild(QAction, "referralLogAction").trigger()
    log = window.findChild(ReferralLogWindow, "referralLog")
    assert log is not None
    log.clock = lambda: TODAY
    return log


def test_from_the_desk_the_form_follows_the_counselors_current_choice(desk):
    choose = lambda code: desk.municipality.setCurrentIndex(desk.municipality.findData(code))  # noqa: E731
    choose("")  # 全市区町村 when she opens the log
    log = _log(desk)
    assert log.open_new_referral().municipality.currentData() == TAKAOKA  # this PC's
    choose(KUNITACHI)  # the log window stays open; she changes the desk's town
    assert log.open_new_referral().municipality.currentData() == KUNITACHI
