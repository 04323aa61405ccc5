"""Two administrators with the same record open in the editor: the second saver chooses."""

import pytest
from PySide6.QtCore import Qt

from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.record_dialog import RecordDialog
from dvdesk.gui.admin.window import build_options


def open_dialog(qtbot, db, who, monkeypatch, answer):
    editor = Editor(db, who)
    dialog = RecordDialog(editor, "service", "test.svc.housing", build_options(editor)[0])
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr(dialog, "ask_conflict", lambda exc: asked.append(exc) or answer)
    return dialog, asked


@pytest.mark.parametrize("answer", ["overwrite", "discard", ""])
def test_the_second_saver_sees_the_conflict_and_her_choice_is_applied(qtbot, mini_db, monkeypatch, answer):
    first, _ = open_dialog(qtbot, mini_db, "管理 A", monkeypatch, "")
    second, asked = open_dialog(qtbot, mini_db, "管理 B", monkeypatch, answer)
    first.form.editors["cost"].set("無料")
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    second.form.editors["cost"].set("一部有料")
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    [conflict] = asked
    assert [(f.path, f.theirs, f.mine) for f in conflict.fields] == [("cost", "無料", "一部有料")]
    saved = Editor(mini_db, "x").load("service", "test.svc.housing")["cost"]
    if answer == "overwrite":
        assert saved == "一部有料" and second.result() == second.DialogCode.Accepted
    elif answer == "discard":
        assert saved == "無料" and second.form.editors["cost"].get() == "無料"
        assert "読み直しました" in second.errors.text()
    else:
        assert saved == "無料" and second.form.editors["cost"].get() == "一部有料"  # still hers
