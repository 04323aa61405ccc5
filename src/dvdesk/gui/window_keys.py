"""Esc and Ctrl+W (and Ctrl+F4, Windows' own) close every secondary window of the desk.

A QDialog already closes on Esc by itself (as a rejection); it gets Ctrl+W and Ctrl+F4 only, so
that its own Esc handling (a combo box's open list first) is left as Qt does it.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

CLOSE_KEYS = ("Ctrl+W", "Ctrl+F4")


def closes_with_keys(window: QWidget) -> None:
    """Esc (unless a dialog, which has it already), Ctrl+W and Ctrl+F4 close ``window``."""
    keys = [QKeySequence(k) for k in CLOSE_KEYS]
    if not isinstance(window, QDialog):
        keys.insert(0, QKeySequence(QtCore.Qt.Key.Key_Escape))
    for sequence in keys:
        shortcut = QShortcut(sequence, window)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(window.close)
