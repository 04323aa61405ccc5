"""A reference (a service's provider among a prefecture's thousands of organisations) is found by
typing part of its name, through the IME; text that names no single choice is refused at save,
never saved as the choice shown before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.window import AdminWindow

KEY = "takaoka.svc.consultation"  # a 高岡市 service; its provider is changed below


@pytest.fixture
def dialog(qtbot, bundled_db):
    window = AdminWindow(bundled_db, "管理 花子")
    qtbot.addWidget(window)
    window.show()
    window.show_kind("service")
    window.filter.setText("")
    window.select_key(KEY)
    window.edit_selected()
    d = window.dialog
    qtbot.addWidget(d)
    qtbot.waitUntil(d.isVisible)
    return d


def type_through_ime(widget, text: str) -> None:
    """What a Japanese IME sends when she confirms a word (QTest's key clicks are ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def provider_of(db) -> str:
    return Editor(db, "x").load("service", KEY)["provider"]


def test_typing_part_of_a_name_offers_the_matching_organisations_and_saves_the_chosen_one(qtbot, dialog, bundled_db):
    combo = dialog.form.editors["provider"].widget
    assert combo.isEditable()  # a plain drop-down takes no typing through the IME
    before = provider_of(bundled_db)
    wanted = [combo.itemData(i) for i in range(combo.count()) if "地方裁判所" in combo.itemText(i)]
    assert len(wanted) == 1 and wanted[0] != before
    combo.lineEdit().selectAll()
    type_through_ime(combo.lineEdit(), "裁判所")  # the middle of the name, not its start
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentData() == wanted[0]
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert provider_of(bundled_db) == wanted[0]


def test_text_that_names_no_choice_is_refused_not_saved_as_the_old_choice(qtbot, dialog, bundled_db):
    combo = dialog.form.editors["provider"].widget
    before = provider_of(bundled_db)
    combo.lineEdit().selectAll()
    type_through_ime(combo.lineEdit(), "どこにもない相談室")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # not saved, not closed
    assert "「どこにもない相談室」は候補にありません" in dialog.errors.text()
    assert combo.lineEdit().text() == "どこにもない相談室"  # what she typed is still in front of her
    assert provider_of(bundled_db) == before
