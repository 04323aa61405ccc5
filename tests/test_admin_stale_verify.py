"""「確認済みにする」 from the list stamps what she saw: a record another administrator (or the
command line) changed after the list was read is not marked verified unseen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.window import AdminWindow


@pytest.fixture
def window(qtbot, mini_db):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


def test_a_record_changed_since_the_list_was_read_is_not_verified_unseen(qtbot, window, mini_db):
    window.show_kind("service")
    window.select_key("test.svc.law")
    other = Editor(mini_db, "別の管理者")  # another PC, or the command line, meanwhile
    other.save("service", {**other.load("service", "test.svc.law"), "schedule": "毎月第2金曜日"})
    qtbot.mouseClick(window.buttons["verify"], Qt.MouseButton.LeftButton)
    snap = Editor(mini_db, "x").load("service", "test.svc.law")
    assert snap["verified_by"] != "管理 花子"  # nothing stamped on a version she has not seen
    message = window.statusBar().currentMessage()
    assert "ほかの管理者" in message and "日時・受付時間" in message
    assert window.message_box is not None and window.message_box.text() == message
    # The list now holds what the database holds, the record still selected: a second press verifies it.
    assert window.selected()["schedule"] == "毎月第2金曜日"
    qtbot.mouseClick(window.buttons["verify"], Qt.MouseButton.LeftButton)
    snap = Editor(mini_db, "x").load("service", "test.svc.law")
    assert snap["verified_by"] == "管理 花子" and snap["verified_on"] == dt.date.today().isoformat()
