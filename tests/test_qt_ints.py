"""``gui.qt_ints`` holds Qt's own values: each int equals the enum member it stands for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser

from dvdesk.gui.qt_ints import Align, Key, Role, TextFormat, TextInteraction, set_property

SAME = [
    (Role.DISPLAY, Qt.ItemDataRole.DisplayRole),
    (Role.TOOL_TIP, Qt.ItemDataRole.ToolTipRole),
    (Role.FONT, Qt.ItemDataRole.FontRole),
    (Role.TEXT_ALIGNMENT, Qt.ItemDataRole.TextAlignmentRole),
    (Role.FOREGROUND, Qt.ItemDataRole.ForegroundRole),
    (Role.ACCESSIBLE_TEXT, Qt.ItemDataRole.AccessibleTextRole),
    (Role.USER, Qt.ItemDataRole.UserRole),
    (Key.ESCAPE, Qt.Key.Key_Escape),
    (Key.RETURN, Qt.Key.Key_Return),
    (Key.ENTER, Qt.Key.Key_Enter),
    (Key.UP, Qt.Key.Key_Up),
    (Key.DOWN, Qt.Key.Key_Down),
    (Key.PAGE_DOWN, Qt.Key.Key_PageDown),
    (Align.RIGHT, Qt.AlignmentFlag.AlignRight),
    (Align.V_CENTER, Qt.AlignmentFlag.AlignVCenter),
    (TextFormat.PLAIN, Qt.TextFormat.PlainText),
    (TextFormat.RICH, Qt.TextFormat.RichText),
    (TextInteraction.SELECTABLE_BY_MOUSE, Qt.TextInteractionFlag.TextSelectableByMouse),
    (TextInteraction.SELECTABLE_BY_KEYBOARD, Qt.TextInteractionFlag.TextSelectableByKeyboard),
    (TextInteraction.LINKS_BY_MOUSE, Qt.TextInteractionFlag.LinksAccessibleByMouse),
    (TextInteraction.LINKS_BY_KEYBOARD, Qt.TextInteractionFlag.LinksAccessibleByKeyboard),
    (TextInteraction.BROWSER, Qt.TextInteractionFlag.TextBrowserInteraction),
]


@pytest.mark.parametrize(("ours", "qts"), SAME, ids=[str(q) for _, q in SAME])
def test_each_value_is_qts_own(ours, qts):
    assert isinstance(ours, int) and ours == qts.value


def test_a_property_set_by_its_int_holds_qts_enum(qtbot):
    label, browser = QLabel(), QTextBrowser()
    qtbot.addWidget(label)
    qtbot.addWidget(browser)
    set_property(label, "textFormat", TextFormat.RICH)
    assert label.textFormat() == Qt.TextFormat.RichText
    set_property(label, "textFormat", TextFormat.PLAIN)
    assert label.textFormat() == Qt.TextFormat.PlainText
    set_property(browser, "textInteractionFlags", TextInteraction.BROWSER | TextInteraction.SELECTABLE_BY_KEYBOARD)
    assert browser.textInteractionFlags() == (
        Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    with pytest.raises(ValueError):
        set_property(label, "textFormt", TextFormat.RICH)  # a misspelt name is not a silent no-op
