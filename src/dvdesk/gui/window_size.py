"""A window's first size, within the screen she has: a municipal laptop is often 1366×768.

A window asks for the size it is best at; on a smaller screen it gets the screen's free area
(without the taskbar, and a title bar's height less), never less than its layout's minimum —
which is why every window's minimum must itself fit 1366×768, in every language
(tests/test_window_size.py).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SMALL_SCREEN = QSize(1366, 768)  # the smallest municipal laptop screen we design for
TITLE_BAR = 32  # the window manager's frame is outside the size we set


def initial_size(widget: QWidget, wanted: QSize) -> QSize:
    """``wanted``, cut to the free area of the screen the widget is on (else the primary one)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    return fit(wanted, screen.availableGeometry().size(), widget.minimumSizeHint())


def fit(wanted: QSize, free: QSize, least: QSize) -> QSize:
    """``wanted`` within ``free`` (less a title bar's height), never under ``least``."""
    width = max(min(wanted.width(), free.width()), least.width())
    height = max(min(wanted.height(), free.height() - TITLE_BAR), least.height())
    return QSize(width, height)
