"""No typed work is lost when a dialog, a window or the desk itself closes (``gui.discard_question``).

The case-reference shape asks before a typed shape is dropped (Esc, Ctrl+W, キャンセル, the title
bar). Closing the desk (its title bar, 終了, the system's log-off) while a window under it holds
changed work — a referral being recorded, a note typed in the referral log — asks once, naming
them: 戻る keeps everything open as it was, 「終了する（入力を捨てる）」 drops it and closes. The
referral log's note and the first-run grid ask on their own close too. With nothing changed,
every one of them closes at once, as before."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from db_support import dump
from dvdesk.domain import referrals
from test_close_unsaved_admin_referral import (  # noqa: F401 (fixtures)
    admin,
    answer,
    close,
    questions,
    referrals_stored,
    shown,
)
from test_gui_desk_shows import opened_desk

HOWS = ["Esc", "Ctrl+W", "キャンセル", "title bar"]
DROP = "閉じる（入力を捨てる）"
QUIT_DROP = "終了する（入力を捨てる）"


# --- the case-reference shape ------------------------------------------------------------------


def case_pattern(qtbot, admin):  # noqa: F811
    from dvdesk.gui.admin.case_pattern import CasePatternDialog

    dialog = CasePatternDialog(admin.db, admin)
    dialog.open()
    return shown(qtbot, dialog)


def stored_pattern(db) -> str:
    with db.read() as s:
        return referrals.case_pattern(s).template


@pytest.mark.parametrize("how", ["Esc", "Ctrl+W", "キャンセル"])
def test_an_unchanged_case_pattern_closes_at_once(qtbot, admin, how):  # noqa: F811
    dialog = case_pattern(qtbot, admin)
    close(qtbot, dialog, how)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not questions(dialog)


@pytest.mark.parametrize("how", HOWS)
def test_a_typed_case_pattern_asks_and_going_back_keeps_it(qtbot, admin, mini_db, how):  # noqa: F811
    dialog = case_pattern(qtbot, admin)
    dialog.template.setText("H-{yyyy}-{n4}")
    close(qtbot, dialog, how)
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible() and dialog.template.text() == "H-{yyyy}-{n4}"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored_pattern(mini_db) == "H-{yyyy}-{n4}"


def test_discarding_a_typed_case_pattern_closes_and_stores_nothing(qtbot, admin, mini_db):  # noqa: F811
    before = dump(mini_db)
    dialog = case_pattern(qtbot, admin)
    dialog.template.setText("H-{yyyy}-{n4}")
    close(qtbot, dialog, "Esc")
    answer(qtbot, dialog, DROP)
    assert not dialog.isVisible() and dump(mini_db) == before
    assert stored_pattern(mini_db) == "{era}{year}-{n}"


# --- the desk ----------------------------------------------------------------------------------


@pytest.fixture
def desk(qtbot, desk_db):
    yield from opened_desk(qtbot, desk_db)


def open_log(desk) -> QWidget:
    desk.window.findChild(QAction, "referralLogAction").trigger()
    return desk.window.findChild(QWidget, "referralLog")


def desk_questions(desk) -> list[QMessageBox]:
    return [b for b in desk.window.findChildren(QMessageBox, "closeDiscardQuestion") if b.isVisible()]


def answer_desk(qtbot, desk, label: str) -> None:
    qtbot.waitUntil(lambda: bool(desk_questions(desk)), timeout=2000)
    [box] = desk_questions(desk)
    assert box.defaultButton().text() == "戻る" and box.escapeButton().text() == "戻る"
    assert box.textFormat() == Qt.TextFormat.PlainText  # window titles may hold data
    assert box.windowModality() == Qt.WindowModality.WindowModal
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == label), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not desk_questions(desk))


def close_desk(desk, how: str) -> None:
    if how == "終了":
        desk.window.findChild(QAction, "quitAction").trigger()
    else:
        desk.window.close()


@pytest.mark.parametrize("how", ["title bar", "終了"])
def test_closing_the_desk_over_a_typed_referral_asks_and_going_back_keeps_it(qtbot, desk, how):
    rlog = open_log(desk)
    dialog = shown(qtbot, rlog.open_new_referral())
    dialog.case_ref.insert("R3-0142")
    close_desk(desk, how)
    [box] = desk_questions(desk)
    assert "紹介を記録" in box.text()
    answer_desk(qtbot, desk, "戻る")
    assert desk.window.isVisible() and rlog.isVisible() and dialog.isVisible()
    assert dialog.case_ref.text() == "R3-0142"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # she is taken back to it


def test_closing_the_desk_and_discarding_drops_the_referral_and_closes(qtbot, desk):
    rlog = open_log(desk)
    dialog = shown(qtbot, rlog.open_new_referral())
    dialog.case_ref.insert("R3-0142")
    close_desk(desk, "title bar")
    answer_desk(qtbot, desk, QUIT_DROP)
    assert not desk.window.isVisible() and not dialog.isVisible()
    assert referrals_stored(desk.data.db) == 0


def test_a_note_typed_in_the_referral_log_is_not_lost_when_the_desk_closes(qtbot, desk):
    rlog = open_log(desk)
    rlog.note.insert("市民課に連絡した")
    desk.window.close()
    answer_desk(qtbot, desk, "戻る")
    assert desk.window.isVisible() and rlog.isVisible() and rlog.note.text() == "市民課に連絡した"


def test_the_desk_closes_at_once_when_nothing_is_typed(qtbot, desk):
    rlog = open_log(desk)
    shown(qtbot, rlog.open_new_referral())  # opened, nothing typed
    desk.window.close()
    assert not desk.window.isVisible() and not desk_questions(desk)


def test_a_language_switch_asks_nothing_and_keeps_the_typed_note(qtbot, desk):
    rlog = open_log(desk)
    rlog.note.insert("市民課に連絡した")
    old = desk.window
    old.findChild(QAction, "language_en").trigger()
    assert desk.window is not old and not [b for b in old.findChildren(QMessageBox) if b.isVisible()]
    qtbot.waitUntil(lambda: not shiboken6.isValid(old))
    assert rlog.isVisible() and rlog.note.text() == "市民課に連絡した"


# --- the referral log's own note ---------------------------------------------------------------


@pytest.mark.parametrize("how", ["Esc", "Ctrl+W", "title bar"])
def test_closing_the_referral_log_with_a_typed_note_asks(qtbot, desk, how):
    rlog = shown(qtbot, open_log(desk))
    rlog.note.insert("市民課に連絡した")
    close(qtbot, rlog, how)
    answer(qtbot, rlog, "戻る")
    assert rlog.isVisible() and rlog.note.text() == "市民課に連絡した"
    close(qtbot, rlog, how)
    answer(qtbot, rlog, DROP)
    qtbot.waitUntil(lambda: not rlog.isVisible())
    assert rlog.note.text() == ""  # dropped as she said: not back when the rlog is opened again


def test_the_referral_log_closes_at_once_with_no_note(qtbot, desk):
    rlog = shown(qtbot, open_log(desk))
    close(qtbot, rlog, "Esc")
    qtbot.waitUntil(lambda: not rlog.isVisible())
    assert not questions(rlog)


# --- the first-run grid ------------------------------------------------------------------------


def test_closing_the_first_run_window_with_a_typed_phone_asks(qtbot, admin):  # noqa: F811
    window = shown(qtbot, admin.open_first_run())
    window.show_municipality("162027")
    window.grid.item(0, 2).setText("0766-20-9999")
    close(qtbot, window, "Esc")
    answer(qtbot, window, "戻る")
    assert window.isVisible() and window.grid.item(0, 2).text() == "0766-20-9999"
    close(qtbot, window, "title bar")
    answer(qtbot, window, DROP)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_first_run_window_closes_at_once_unchanged(qtbot, admin):  # noqa: F811
    window = shown(qtbot, admin.open_first_run())
    window.show_municipality("162027")
    close(qtbot, window, "Esc")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not questions(window)


# --- the import dialogs: the sheet's column mapping, the HSDS files ----------------------------


def sheet_mapping(qtbot, admin, tmp_path):  # noqa: F811
    from sheet_workbooks import kept_workbook

    admin.import_sheet(kept_workbook(tmp_path / "一覧.xlsx"))
    return shown(qtbot, admin.dialog)


def hsds_source(qtbot, admin):  # noqa: F811
    from conftest import DATA

    admin.import_hsds([DATA / "hsds_thirdparty" / "uk_council_services_page1.json"])
    return shown(qtbot, admin.dialog)


@pytest.mark.parametrize("which", ["sheet", "hsds"])
def test_an_import_dialog_with_nothing_chosen_closes_at_once(qtbot, admin, tmp_path, which):  # noqa: F811
    dialog = sheet_mapping(qtbot, admin, tmp_path) if which == "sheet" else hsds_source(qtbot, admin)
    close(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not questions(dialog)


@pytest.mark.parametrize("which", ["sheet", "hsds"])
def test_an_import_dialog_with_her_choices_asks_and_going_back_keeps_them(qtbot, admin, mini_db, tmp_path, which):  # noqa: F811
    before = dump(mini_db)
    dialog = sheet_mapping(qtbot, admin, tmp_path) if which == "sheet" else hsds_source(qtbot, admin)
    dialog.municipality.setCurrentIndex(1)  # 高岡市 for the records that name none
    if which == "sheet":
        dialog.hidden_rows.setChecked(True)
    chosen = dialog.options if which == "sheet" else (dialog.paths, dialog.code)
    close(qtbot, dialog, "Esc")
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible()
    assert (dialog.options if which == "sheet" else (dialog.paths, dialog.code)) == chosen
    close(qtbot, dialog, "title bar")  # キャンセル too: it is a reject button, as in every dialog here
    answer(qtbot, dialog, "閉じる（選び直しを捨てる）" if which == "sheet" else "閉じる（選んだものを捨てる）")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dump(mini_db) == before


# --- more ways the desk's work could go: the checklist, log-off, the queue, the admin window ---


def test_closing_the_desk_over_a_changed_checklist_asks_and_names_it(qtbot, desk):
    dialog = shown(qtbot, desk.window.open_checklist())
    dialog.note.setPlainText("月曜に印鑑を持って")
    desk.window.close()
    [box] = desk_questions(desk)
    assert dialog.windowTitle() in box.text()
    answer_desk(qtbot, desk, "戻る")
    assert desk.window.isVisible() and dialog.isVisible() and dialog.note.toPlainText() == "月曜に印鑑を持って"


def test_logging_off_with_a_typed_referral_is_refused_and_asks(qtbot, desk):
    """The system's log-off closes every window (QApplication's commitData does as closeAllWindows):
    the dialog holding her work asks, and the log-off is refused while she answers."""
    rlog = open_log(desk)
    dialog = shown(qtbot, rlog.open_new_referral())
    dialog.case_ref.insert("R3-0142")
    QApplication.closeAllWindows()
    assert desk.window.isVisible() and rlog.isVisible() and dialog.isVisible()
    assert questions(dialog) or desk_questions(desk)
    assert dialog.case_ref.text() == "R3-0142"


def test_the_receiving_queue_asks_before_a_typed_note_goes(qtbot, desk):
    from dvdesk.gui.desk_menus import open_once
    from dvdesk.gui.referrals.queue_window import ReferralQueueWindow

    queue = open_once(desk.window, "referralQueue", lambda: ReferralQueueWindow(desk.data.db, ""))
    shown(qtbot, queue)
    queue.note.insert("本人と面談の日を調整")
    close(qtbot, queue, "Esc")
    answer(qtbot, queue, "戻る")
    assert queue.isVisible() and queue.note.text() == "本人と面談の日を調整"
    desk.window.close()
    answer_desk(qtbot, desk, QUIT_DROP)
    assert not desk.window.isVisible() and queue.note.text() == ""


def test_closing_the_administration_window_over_a_changed_record_asks(qtbot, admin, mini_db):  # noqa: F811
    before = dump(mini_db)
    admin.show_kind("service")
    admin.select_key("test.svc.law")
    admin.edit_selected()
    dialog = shown(qtbot, admin.dialog)
    dialog.form.editors["cost"].widget.setPlainText("有料")
    admin.close()
    answer(qtbot, admin, "戻る")
    assert admin.isVisible() and dialog.isVisible() and dialog.form.values()["cost"] == "有料"
    admin.close()
    answer(qtbot, admin, DROP)
    qtbot.waitUntil(lambda: not admin.isVisible())
    assert not dialog.isVisible() and dump(mini_db) == before
