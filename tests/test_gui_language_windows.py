"""A language switch rebuilds the desk's window (``gui.app.Desk.set_language``); the windows the desk
had open — the referral log with a note half typed, the statistics — were its children and went with
the old window, silently, with what was typed in them. They are carried to the new window now, open
where they were, what was typed intact, and the menu brings the same window back, not a second one.

(The checklist is window-modal: while it is open the desk's menus take no click, so the interface
language cannot change under it; checked under Xvfb with real X clicks.)"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from test_gui_desk_shows import opened_desk


@pytest.fixture
def desk(qtbot, desk_db):
    yield from opened_desk(qtbot, desk_db)


def test_a_language_switch_keeps_the_open_windows_and_what_was_typed_in_them(desk, qtbot):
    window = desk.window
    window.findChild(QAction, "referralLogAction").trigger()
    window.findChild(QAction, "statisticsAction").trigger()
    log, stats = window.findChild(QWidget, "referralLog"), window.findChild(QWidget, "statistics")
    log.note.setText("市民課に連絡した")
    place = log.geometry()

    window.findChild(QAction, "language_en").trigger()
    english = desk.window
    assert english is not window
    for kept in (log, stats):
        assert shiboken6.isValid(kept) and kept.isVisible() and kept.parent() is english
    assert log.note.text() == "市民課に連絡した"
    assert log.geometry().size() == place.size()

    english.findChild(QAction, "referralLogAction").trigger()  # the same window, brought to the front
    assert english.findChildren(QWidget, "referralLog") == [log]

    qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # the old window is deleted; they live on
    assert shiboken6.isValid(log) and log.note.text() == "市民課に連絡した"
