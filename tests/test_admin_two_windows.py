"""What one administration window does is what every open one shows: a new municipality for this PC
set in one window's first-run setup, and a record reread after a conflict (「自分の変更を破棄して読み直す」)
are in the list, not only in the form (h18 noticed both and left them)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.window import AdminWindow
from gui_support import KUNITACHI, TAKAOKA
from test_admin_list_scope import listed, set_desk_municipality
from test_admin_scope_follows import choose_in_setup, open_window


def test_a_second_window_follows_this_pcs_new_municipality(qtbot, bundled_db):
    set_desk_municipality(bundled_db, TAKAOKA)
    first, second = open_window(qtbot, bundled_db), open_window(qtbot, bundled_db)
    assert second.scope.currentData() == TAKAOKA
    choose_in_setup(qtbot, first, "国立市")
    kunitachi = {s["key"] for s in Editor(bundled_db, "x").all("service", KUNITACHI)}
    for window in (first, second):
        assert window.scope.currentData() == KUNITACHI
        assert listed(window) == kunitachi
        assert "国立市" in window.statusBar().currentMessage()


def test_a_closed_window_is_left_alone(qtbot, bundled_db):
    set_desk_municipality(bundled_db, TAKAOKA)
    first, closed = open_window(qtbot, bundled_db), open_window(qtbot, bundled_db)
    closed.close()
    choose_in_setup(qtbot, first, "国立市")
    assert first.scope.currentData() == KUNITACHI
    assert closed.scope.currentData() == TAKAOKA


def _row_name(window: AdminWindow, key: str) -> str:
    [name] = [s["name"] for s in window.model.items if s["key"] == key]
    return name


def test_discarding_her_changes_after_a_conflict_rereads_the_list(qtbot, mini_db, monkeypatch):
    window = AdminWindow(mini_db, "管理 B")
    qtbot.addWidget(window)
    window.show()
    window.select_key("test.svc.housing")
    window.edit_selected()
    dialog = window.dialog
    monkeypatch.setattr(dialog, "ask_conflict", lambda exc: "discard")
    other = Editor(mini_db, "管理 A")  # another administrator renames it meanwhile
    other.save("service", {**other.load("service", "test.svc.housing"), "name": "市営住宅の入居配慮（単身）"})
    dialog.form.editors["cost"].set("一部有料")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.editors["name"].get() == "市営住宅の入居配慮（単身）"
    assert _row_name(window, "test.svc.housing") == "市営住宅の入居配慮（単身）"  # the list, as the database holds
    assert window.selected() is not None and window.selected()["key"] == "test.svc.housing"
    assert "読み直しました" in window.statusBar().currentMessage()
