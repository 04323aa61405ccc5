"""Enter in the checklist dialog does what the field she is in says, never what a far button does
(h18-try).

Qt makes the first button of a dialog its default: Enter in any field or on the list that does not
use the key itself presses it. Here that was the template box's 読み込む: with a template saved,
Enter on a row of the list (to read it) silently replaced the list made for her needs by the
template's (ニーズ: 子ども became ニーズ: 住まい, nothing asked, the list unchanged in her eyes); Enter
after typing a free line asked whether to replace the list instead of adding the line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from dvdesk.gui.checklist_dialog import ChecklistDialog


def names(d: ChecklistDialog) -> list[str]:
    return [i.name for i in d.model.checklist().items]


def _dialog_with_a_template(qtbot, checklist_db, monkeypatch) -> ChecklistDialog:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Yes)
    first = ChecklistDialog(checklist_db, "高岡市", ["protection_order"])
    qtbot.addWidget(first)
    assert first.template_box.save_template("保護命令の基本", confirm_warnings=False)
    first._discarded()
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(d)
    d.asked = asked
    d.show()
    qtbot.waitExposed(d)
    assert d.template_box.combo.currentText() == "保護命令の基本" and d.template_box.load_button.isEnabled()
    return d


def test_enter_on_the_list_keeps_the_list(qtbot, checklist_db, monkeypatch):
    d = _dialog_with_a_template(qtbot, checklist_db, monkeypatch)
    made = names(d)
    situation = d.situation.text()
    d.view.setFocus()
    d.view.setCurrentIndex(d.model.index(0, 0, d.model.index(0, 0)))
    qtbot.keyClick(d.view, Qt.Key.Key_Return)
    qtbot.keyClick(d.view, Qt.Key.Key_Enter)
    assert names(d) == made  # the list made for her needs, not the template's
    assert d.situation.text() == situation
    assert d.asked == []
    assert not [b.text() for b in d.findChildren(QPushButton) if b.isDefault()]  # no button marked for Enter
    d._discarded()


def test_enter_after_a_free_line_adds_it(qtbot, checklist_db, monkeypatch):
    d = _dialog_with_a_template(qtbot, checklist_db, monkeypatch)
    made = names(d)
    d.free_text.setFocus()
    qtbot.keyClicks(d.free_text, "hanko")
    qtbot.keyClick(d.free_text, Qt.Key.Key_Return)
    assert names(d) == [*made, "hanko"] and d.free_text.text() == ""
    qtbot.keyClicks(d.free_text, "inkan")
    qtbot.keyClicks(d.free_department, "shimin")
    qtbot.keyClick(d.free_department, Qt.Key.Key_Return)  # Enter in its window's field adds it too
    assert names(d) == [*made, "hanko", "inkan"]
    d.slip.case_ref.setFocus()
    qtbot.keyClicks(d.slip.case_ref, "R7-1")
    qtbot.keyClick(d.slip.case_ref, Qt.Key.Key_Return)  # nothing loaded, nothing printed
    assert names(d) == [*made, "hanko", "inkan"]
    assert d.asked == []
    d._discarded()


def test_enter_on_a_focused_button_still_presses_it(qtbot, checklist_db, monkeypatch):
    d = _dialog_with_a_template(qtbot, checklist_db, monkeypatch)
    d.free_text.setText("hanko")
    d.add_free_button.setFocus()
    qtbot.keyClick(d.add_free_button, Qt.Key.Key_Return)
    assert "hanko" in names(d)
    d._discarded()
