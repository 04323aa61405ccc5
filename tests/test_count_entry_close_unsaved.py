"""Closing the monthly count entry with numbers typed and not saved asks first (Esc, Ctrl+W, 閉じる,
the title bar all come to ``reject``): a month of one department's counts is a whole grid of
numbers, and nothing typed there is stored until 保存. A grid with nothing unsaved closes at once."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dvdesk.app.statistics import Statistics
from dvdesk.gui.referrals.count_entry_dialog import CountEntryDialog

TODAY = dt.date(2025, 9, 10)
JULY = dt.date(2025, 7, 1)


@pytest.fixture
def dialog(qtbot, mini_db):
    d = CountEntryDialog(mini_db, TODAY, JULY)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.department.setCurrentText("住宅課")
    return d


def type_counts(d: CountEntryDialog) -> int:
    row = next(i for i, (key, _) in enumerate(d.grid.needs) if key == "housing")
    assert d.grid.setData(d.grid.index(row, 0), 5)
    assert d.grid.setData(d.grid.index(row, 1), 3)
    return row


def stored(db) -> int:
    return sum(Statistics(db).month_counts(JULY, "住宅課", True).values())


def answer(qtbot, d: CountEntryDialog, label: str) -> None:
    box = d.discard_question.box
    assert box is not None and box.isVisible(), "no question was asked"
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == label), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.discard_question.box is None)


def test_nothing_typed_closes_at_once(dialog, qtbot):
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.discard_question.box is None


@pytest.mark.parametrize("how", ["Esc", "Ctrl+W", "閉じる", "title bar"])
def test_closing_typed_counts_asks_and_going_back_keeps_them(dialog, qtbot, mini_db, how):
    type_counts(dialog)
    if how == "Esc":
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
    elif how == "Ctrl+W":
        QTest.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    elif how == "閉じる":
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    else:
        dialog.close()
    answer(qtbot, dialog, "戻る")
    assert dialog.isVisible() and dialog.grid.total() == 8
    assert dialog.total.text() == "合計 8件（未保存）"
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert stored(mini_db) == 8


def test_discarding_closes_and_stores_nothing(dialog, qtbot, mini_db):
    type_counts(dialog)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    answer(qtbot, dialog, "閉じる（入力を捨てる）")
    assert not dialog.isVisible() and stored(mini_db) == 0


def test_saved_counts_close_at_once(dialog, qtbot, mini_db):
    type_counts(dialog)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.discard_question.box is None and stored(mini_db) == 8
