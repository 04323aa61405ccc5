"""Closing the administrator's record dialog or a new referral with changed fields asks first (Esc,
Ctrl+W, キャンセル, the title bar all come to ``reject``); with nothing changed it closes at once, as
キャンセル always did. Every administration dialog, the referral dialog and the first-run window
close with Ctrl+W and Ctrl+F4 (the first-run window with Esc too), as every window of the desk."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy import func, select

from db_support import dump
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.gui.admin.window import AdminWindow
from dvdesk.gui.referrals import ReferralLogWindow

TODAY = dt.date(2025, 6, 30)
HOWS = ["Esc", "Ctrl+W", "Ctrl+F4", "キャンセル", "title bar"]


@pytest.fixture
def admin(qtbot, mini_db):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def log(qtbot, mini_db):
    w = ReferralLogWindow(mini_db, clock=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def shown(qtbot, dialog: QWidget) -> QWidget:
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def close(qtbot, dialog: QDialog, how: str) -> None:
    target = QApplication.focusWidget() or dialog
    if how == "Esc":
        QTest.keyClick(target, Qt.Key.Key_Escape)
    elif how == "Ctrl+W":
        QTest.keyClick(target, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    elif how == "Ctrl+F4":
        QTest.keyClick(target, Qt.Key.Key_F4, Qt.KeyboardModifier.ControlModifier)
    elif how == "キャンセル":
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    else:
        dialog.close()


def questions(dialog: QDialog) -> list[QMessageBox]:
    return [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]


def answer(qtbot, dialog, label: str) -> None:
    qtbot.waitUntil(lambda: bool(questions(dialog)), timeout=2000)
    [box] = questions(dialog)
    assert box.defaultButton().text() == "戻る" and box.escapeButton().text() == "戻る"
    assert box.windowModality() == Qt.WindowModality.WindowModal
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == label), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not questions(dialog))


# --- the record dialog ---------------------------------------------------------------------


def edit_law(qtbot, admin: AdminWindow):
    admin.show_kind("service")
    admin.select_key("test.svc.law")
    admin.edit_selected()
    return shown(qtbot, admin.dialog)


@pytest.mark.parametrize("how", ["Esc", "Ctrl+W", "キャンセル"])
def test_an_unchanged_record_closes_at_once(qtbot, admin, mini_db, how):
    before = dump(mini_db)
    dialog = edit_law(qtbot, admin)
    close(qtbot, dialog, how)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not questions(dialog) and dump(mini_db) == before


@pytest.mark.parametrize("how", HOWS)
def test_closing_a_changed_record_asks_and_going_back_keeps_the_edit(qtbot, admin, mini_db, how):
    dialog = edit_law(qtbot, admin)
    dialog.form.editors["cost"].widget.setPlainText("有料")
    close(qtbot, dialog, how)
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible() and dialog.form.values()["cost"] == "有料"
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert admin.editor.load("service", "test.svc.law")["cost"] == "有料"


def test_discarding_a_changed_record_closes_and_writes_nothing(qtbot, admin, mini_db):
    before = dump(mini_db)
    dialog = edit_law(qtbot, admin)
    dialog.form.editors["cost"].widget.setPlainText("有料")
    close(qtbot, dialog, "キャンセル")
    answer(qtbot, dialog, "閉じる（変更を捨てる）")
    assert not dialog.isVisible() and dump(mini_db) == before


def test_a_new_record_with_a_name_typed_asks(qtbot, admin):
    admin.show_kind("service")
    admin.add_record()
    dialog = shown(qtbot, admin.dialog)
    close(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())  # nothing typed yet
    admin.add_record()
    dialog = shown(qtbot, admin.dialog)
    dialog.form.editors["name"].widget.setText("新しい相談窓口")
    close(qtbot, dialog, "Esc")
    answer(qtbot, dialog, "閉じる（変更を捨てる）")
    assert not dialog.isVisible()


# --- the referral dialog -------------------------------------------------------------------


def referrals_stored(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Referral))


def housing_service(db) -> int:
    with db.read() as session:
        return session.scalar(select(Service.id).where(Service.key == "test.svc.housing"))


@pytest.mark.parametrize("how", ["Esc", "Ctrl+W", "キャンセル"])
def test_an_untouched_referral_closes_at_once(qtbot, log, how):
    dialog = shown(qtbot, log.open_new_referral())
    close(qtbot, dialog, how)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not questions(dialog)


@pytest.mark.parametrize("how", HOWS)
def test_closing_a_typed_referral_asks_and_going_back_keeps_it(qtbot, log, mini_db, how):
    dialog = shown(qtbot, log.open_new_referral())
    dialog.counselor.setText("相談員A")
    dialog.case_ref.insert("R3-0142")
    dialog.check(dialog.need_model, "housing")
    dialog.check(dialog.service_model, housing_service(mini_db))
    close(qtbot, dialog, how)
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible() and dialog.case_ref.text() == "R3-0142"
    assert dialog.checked_services() == [housing_service(mini_db)]
    with qtbot.waitSignal(dialog.recorded):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert referrals_stored(mini_db) == 1


@pytest.mark.parametrize("change", ["note", "need"])
def test_discarding_a_typed_referral_closes_and_records_nothing(qtbot, log, mini_db, change):
    dialog = shown(qtbot, log.open_new_referral())
    if change == "note":
        dialog.note.insert("窓口に同行")
    else:
        dialog.check(dialog.need_model, "housing")
    close(qtbot, dialog, "Esc")
    answer(qtbot, dialog, "閉じる（入力を捨てる）")
    assert not dialog.isVisible() and referrals_stored(mini_db) == 0


# --- Ctrl+W everywhere ---------------------------------------------------------------------


def _contact(admin):
    from dvdesk.gui.admin.record_dialog import ContactDialog

    return ContactDialog(None, admin)


def _history(admin):
    admin.show_kind("service")
    admin.select_key("test.svc.law")
    admin.history_of_selected()
    return admin.dialog


def _report(admin):
    admin.show_report()
    return admin.dialog


def _key(admin):
    admin.show_package_key()
    return admin.dialog


def _case_pattern(admin):
    from dvdesk.gui.admin.case_pattern import CasePatternDialog

    return CasePatternDialog(admin.db, admin)


def _hsds(admin):
    from dvdesk.gui.admin.hsds_source import HsdsSourceDialog

    return HsdsSourceDialog(admin._scopes(), [], admin)


DIALOGS = {"連絡先": _contact, "変更履歴": _history, "確認状況": _report, "鍵": _key, "事例番号の形": _case_pattern}
DIALOGS["HSDS"] = _hsds


@pytest.mark.parametrize("keys", ["Ctrl+W", "Ctrl+F4"])
@pytest.mark.parametrize("which", list(DIALOGS))
def test_administration_dialogs_close_with_ctrl_w(qtbot, admin, which, keys):
    dialog = DIALOGS[which](admin)
    dialog.show()
    close(qtbot, shown(qtbot, dialog), keys)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


@pytest.mark.parametrize("keys", ["Esc", "Ctrl+W", "Ctrl+F4"])
def test_the_first_run_window_closes_with_esc_and_ctrl_w(qtbot, admin, keys):
    window = shown(qtbot, admin.open_first_run())
    close(qtbot, window, keys)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_ctrl_w_in_a_contact_closes_only_the_contact(qtbot, admin):
    """The contact point opens over the record dialog: Ctrl+W there closes it and nothing else."""
    admin.show_kind("organization")
    admin.add_record()
    record = shown(qtbot, admin.dialog)
    record.contacts.add()
    contact = shown(qtbot, record.contacts.dialog)
    close(qtbot, contact, "Ctrl+W")
    qtbot.waitUntil(lambda: not contact.isVisible(), timeout=2000)
    assert record.isVisible() and not questions(record)


# --- the contact dialog (over the record dialog) -------------------------------------------


@pytest.mark.parametrize("how", ["Esc", "キャンセル"])
def test_a_typed_contact_asks_before_it_is_dropped_and_go_back_keeps_it(qtbot, admin, how):
    dialog = _contact(admin)
    dialog.show()
    shown(qtbot, dialog)
    dialog.form.editors["phone"].widget.setText("0766-20-1234")
    close(qtbot, dialog, how)
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible() and dialog.contact()["phone"] == "0766-20-1234"
    close(qtbot, dialog, how)
    answer(qtbot, dialog, "閉じる（入力を捨てる）")
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_an_unchanged_contact_closes_at_once(qtbot, admin):
    dialog = _contact(admin)
    dialog.show()
    shown(qtbot, dialog)
    close(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not questions(dialog)
