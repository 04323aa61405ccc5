"""A window the counselor opens and closes all day does not stay in memory each time.

Each window is opened and closed N times through the desk's own menus, as she does; then what was
deleted is let go (deferred deletions, the collector) and the widgets of its class still alive in
the application are counted against the count before: no more for what is made anew at each use
(the checklist, the about dialog, the administration login and window), one more for what the desk
keeps and brings back (the referral log, the statistics), one kept dialog at most in a window that
stays open all day.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from dvdesk.gui.app import Desk
from test_gui_desk_shows import opened_desk

N = 4  # a few rounds: a leak grows by one window each
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _earlier_objects_left_out_of_collections():
    """Each ``gc.collect`` here walks only what was made since the test began (speed: over a worker's
    whole heap it was ~0.1 s idle, 24 times in this file). Garbage from before is counted the same
    before and after, so a window kept by the test's own rounds still shows as one more."""
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture
def desk(qtbot, desk_db):
    yield from opened_desk(qtbot, desk_db)


def let_deleted_go() -> None:
    """What a closed window asked to delete is deleted (the event loop would, a moment later)."""
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QApplication.processEvents()
    gc.collect()


def alive(cls: type) -> int:
    """Widgets of ``cls`` still in the application, by their Qt class name: one whose Python wrapper
    was let go while Qt kept the widget comes back from ``allWidgets`` as a plain QDialog."""
    let_deleted_go()
    return sum(w.metaObject().className() == cls.__name__ for w in QApplication.allWidgets())


def trigger(desk: Desk, name: str) -> None:
    action = desk.window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


def test_a_closed_checklist_is_freed(desk):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    before = alive(ChecklistDialog)
    for _ in range(N):
        dialog = desk.window.open_checklist()
        assert isinstance(dialog, ChecklistDialog) and dialog.isVisible()
        dialog.close()
    assert alive(ChecklistDialog) == before
    assert desk.window.open_checklist_dialog() is None  # "add to checklist" then opens a new one


@pytest.mark.parametrize(
    ("action", "name", "module", "cls"),
    [
        ("referralLogAction", "referralLog", "dvdesk.gui.referrals.log_window", "ReferralLogWindow"),
        ("statisticsAction", "statistics", "dvdesk.gui.referrals.stats_window", "StatisticsWindow"),
    ],
)
def test_the_referral_log_and_the_statistics_are_kept_once(desk, action, name, module, cls):
    import importlib

    window_class = getattr(importlib.import_module(module), cls)
    before = alive(window_class)
    for _ in range(N):
        trigger(desk, action)
        window = desk.window.findChild(QWidget, name)
        assert window.isVisible()
        window.close()
    assert alive(window_class) == before + 1  # the same window each time, not one more per opening


def test_a_closed_about_dialog_is_freed(desk):
    """(PySide already let it go after exec() while nothing held it in a cycle; the desk now asks
    for its deletion, so a lambda capturing it in a later change does not keep one per opening.)"""
    from dvdesk.gui.about_dialog import AboutDialog

    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    before = alive(AboutDialog)
    for _ in range(N):
        QTimer.singleShot(0, close_it)
        trigger(desk, "aboutAction")  # exec(): returns once closed
    assert seen == ["dvdesk について"] * N
    assert alive(AboutDialog) == before


def enter_admin(desk: Desk):
    trigger(desk, "adminAction")
    login = [d for d in desk.window.findChildren(QDialog, "adminLogin") if d.isVisible()][-1]
    login.name.setText("テスト管理者")
    login.secret.setText(PASSPHRASE)
    login.confirm.setText(PASSPHRASE)  # asked on first use only
    login.try_enter()
    assert login.admin_window is not None, login.error.text()
    return login.admin_window


def test_a_closed_administration_window_and_its_login_are_freed(desk):
    from dvdesk.gui.admin.login import AdminLoginDialog
    from dvdesk.gui.admin.window import AdminWindow

    before = alive(AdminWindow), alive(AdminLoginDialog)
    for _ in range(N):
        admin = enter_admin(desk)
        assert admin.isVisible() and admin.editor.admin == "テスト管理者"
        admin.close()
    trigger(desk, "adminAction")  # and a login she cancels
    [login] = [d for d in desk.window.findChildren(QDialog, "adminLogin") if d.isVisible()]
    login.reject()
    assert (alive(AdminWindow), alive(AdminLoginDialog)) == before


def test_an_open_administration_window_stays_while_the_desk_forgets_it(desk):
    """Deleting the login once entered must not take the administration window with it."""
    from dvdesk.gui.admin.window import AdminWindow

    before = alive(AdminWindow)
    admin = enter_admin(desk)
    let_deleted_go()
    assert alive(AdminWindow) == before + 1 and admin.isVisible()
    admin.close()
    assert alive(AdminWindow) == before


def test_windows_open_all_day_keep_one_dialog_at_most(qtbot, desk):
    from dvdesk.gui.admin.record_dialog import RecordDialog
    from dvdesk.gui.referrals.count_entry_dialog import CountEntryDialog
    from dvdesk.gui.referrals.referral_dialog import NewReferralDialog

    before = alive(NewReferralDialog), alive(CountEntryDialog), alive(RecordDialog)
    trigger(desk, "referralLogAction")
    log = desk.window.findChild(QWidget, "referralLog")
    trigger(desk, "statisticsAction")
    stats = desk.window.findChild(QWidget, "statistics")
    admin = enter_admin(desk)
    qtbot.addWidget(admin)
    admin.show_kind("service")
    for _ in range(N):
        log.open_new_referral().reject()
        stats.open_count_entry().reject()
        admin.add_record()
        admin.dialog.reject()
    kept = log.dialog
    assert (alive(NewReferralDialog), alive(CountEntryDialog), alive(RecordDialog)) == tuple(n + 1 for n in before)
    assert kept.windowTitle()  # the last one is still there to read
