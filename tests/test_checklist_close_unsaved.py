"""Closing a checklist she changed and has not handed out asks first (Esc, Ctrl+W, 閉じる, the
title bar all come to ``reject``): nothing made in this window is stored, so a stray Esc while
typing her note must not throw the list away. An unchanged list, or one printed or saved as a PDF
since its last change, closes at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from dvdesk.gui.checklist_dialog import ChecklistDialog


@pytest.fixture
def dialog(qtbot, checklist_db, monkeypatch):
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    monkeypatch.setattr(d, "report", lambda message: None)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def question(d: ChecklistDialog) -> QMessageBox:
    box = d.discard_question.box
    assert box is not None and box.isVisible(), "no question was asked"
    return box


def answer(qtbot, d: ChecklistDialog, label: str) -> None:
    box = question(d)
    button = next(b for b in box.buttons() if b.text() == label)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.discard_question.box is None)


def test_an_unchanged_list_closes_at_once(dialog, qtbot):
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.discard_question.box is None


@pytest.mark.parametrize(
    "change",
    ["note", "free item", "removed", "circumstance", "typed, not added"],
)
def test_esc_on_a_changed_list_asks_and_go_back_keeps_everything(dialog, qtbot, change):
    if change == "note":
        dialog.note.setPlainText("月曜に印鑑を持って")
    elif change == "free item":
        dialog.free_text.setText("印鑑を持っていく")
        dialog.add_free_button.click()
    elif change == "removed":
        first = dialog.model.index(0, 0, dialog.model.index(0, 0))
        dialog.view.setCurrentIndex(first)
        dialog.remove_button.click()
    elif change == "circumstance":
        dialog.circumstance_boxes["moving_out"].setChecked(True)
    else:
        dialog.free_text.setText("保険証を持っていく")
    made = (dialog.checklist(), dialog.free_text.text())
    dialog.note.setFocus()  # Esc while typing her note, as it happened
    QTest.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "失われます" in question(dialog).text()
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible() and (dialog.checklist(), dialog.free_text.text()) == made


@pytest.mark.parametrize("how", ["Esc", "Ctrl+W", "close button", "title bar"])
def test_every_way_of_closing_asks_and_close_discards(dialog, qtbot, how):
    dialog.note.setPlainText("月曜に印鑑を持って")
    if how == "Esc":
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
    elif how == "Ctrl+W":
        QTest.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    elif how == "close button":
        dialog.buttons.rejected.emit()
    else:
        dialog.close()
    assert dialog.isVisible()
    answer(qtbot, dialog, "閉じる（変更を捨てる）")
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_esc_in_the_question_is_go_back(dialog, qtbot):
    dialog.note.setPlainText("月曜に印鑑を持って")
    dialog.reject()
    box = question(dialog)
    QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question.box is None)
    assert dialog.isVisible() and dialog.note_text() == "月曜に印鑑を持って"


def test_a_second_esc_does_not_ask_twice(dialog, qtbot):
    dialog.note.setPlainText("月曜に印鑑を持って")
    dialog.reject()
    first = question(dialog)
    dialog.reject()
    assert dialog.discard_question.box is first
    answer(qtbot, dialog, "戻る")


def test_a_list_saved_as_pdf_closes_at_once_until_it_changes_again(dialog, qtbot, tmp_path):
    dialog.note.setPlainText("月曜に印鑑を持って")
    assert dialog.printing.export_pdf(tmp_path / "list.pdf") is not None
    assert not dialog.unsaved
    dialog.note.setPlainText("月曜に印鑑と保険証を持って")
    assert dialog.unsaved
    assert dialog.printing.export_pdf(tmp_path / "list2.pdf") is not None
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_slip_saved_is_not_the_list_handed_out(dialog, qtbot, tmp_path):
    """The referral slip goes to a department, not to her: the changed list still asks."""
    dialog.note.setPlainText("月曜に印鑑を持って")
    first = dialog.model.index(0, 0, dialog.model.index(0, 0))
    dialog.view.setCurrentIndex(first)
    assert dialog.slip.save_pdf(tmp_path / "slip.pdf") is not None
    assert dialog.unsaved
    dialog.reject()
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible()


def test_a_case_reference_typed_for_a_slip_asks_until_the_slip_goes_out(dialog, qtbot, tmp_path):
    """What she typed for the referral slip (the case reference, her name) is work too: closing an
    otherwise unchanged list asks until a slip with it has been saved or printed."""
    from test_checklist_dialog import select

    select(dialog, "子ども課")
    dialog.slip.counselor_name.setText("相談 花子")
    dialog.slip.case_ref.setText("R7-0142")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible() and dialog.slip.case_ref.text() == "R7-0142"
    assert dialog.slip.save_pdf(tmp_path / "slip.pdf") is not None
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.discard_question.box is None
