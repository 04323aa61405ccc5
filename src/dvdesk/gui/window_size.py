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


def free_area(widget: QWidget) -> QSize | None:
    """The free area of the screen the widget is on (else the primary one), without the taskbar."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry().size()


def initial_size(widget: QWidget, wanted: QSize) -> QSize:
    """``wanted``, cut to the free area of the screen the widget is on (else the primary one)."""
    free = free_area(widget)
    if free is None:
        return wanted
    return fit(wanted, free, widget.minimumSizeHint())


def open_at(widget: QWidget, width: int, height: int) -> None:
    """Resize a window or dialog to ``width``×``height`` within its screen: at a fixed size, the
    record form (820 px), the count entry (760), the statistics (820) and the print preview (960)
    opened taller than a 768-px screen, their buttons under the taskbar or past the edge, and the
    administration (1,200 px) and the import preview (1,100) wider than a 1024-px one."""
    widget.resize(initial_size(widget, QSize(width, height)))


def fit(wanted: QSize, free: QSize, least: QSize) -> QSize:
    """``wanted`` within ``free`` (less a title bar's height), never under ``least``."""
    width = max(min(wanted.width(), free.width()), least.width())
    height = max(min(wanted.height(), free.height() - TITLE_BAR), least.height())
    return QSize(width, height)
