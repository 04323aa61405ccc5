"""Enter in a dialog of many parts does what the focused part says, never what a far button does.

Qt makes the first button of a dialog its default: Enter in any field or list that does not use the
key itself presses it. In the checklist dialog that was the template box's 読み込む, so Enter on a
row of the list replaced the list made for her needs by a template's, without a word. With
``enter_does`` no button of the dialog is a default: Enter presses the focused button, runs the
action given for the focused field (a free line: added) and does nothing anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from dvdesk.gui.qt_ints import Key


class EnterKeys(QObject):
    def __init__(self, dialog: QDialog, actions: Mapping[QWidget, Callable[[], object]]) -> None:
        super().__init__(dialog)
        self.actions = dict(actions)
        for button in dialog.findChildren(QPushButton):
            button.setAutoDefault(False)  # never chosen as the dialog's default
            button.setDefault(False)
        dialog.installEventFilter(self)  # sees the Enter its children left unused

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Key.RETURN, Key.ENTER):
            return False
        focus = watched.focusWidget() if isinstance(watched, QWidget) else None  # the dialog's own
        if isinstance(focus, QPushButton):
            if focus.isEnabled():
                focus.click()
        elif focus is not None and (action := self.actions.get(focus)) is not None:
            action()
        return True  # never the default button's click


def enter_does(dialog: QDialog, actions: Mapping[QWidget, Callable[[], object]]) -> EnterKeys:
    """Call once the dialog's buttons exist."""
    return EnterKeys(dialog, actions)
