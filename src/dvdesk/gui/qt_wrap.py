"""Qt's own child widgets reached from Python without PySide's type search.

The first time Python receives a widget that Qt created itself (a scroll area's viewport) through a
call typed ``QWidget *`` (``QAbstractScrollArea.viewport()``), PySide looks for its most derived
class among every widget class it knows and so creates them all, with their Python enums: ~60
enum classes, 20–35 ms of CPU, once per process. ``findChild`` with the class and the object name
Qt gives the viewport wraps it as that class directly; later ``viewport()`` calls return the same
wrapper. A Qt without that name falls back to ``viewport()`` (slower, same widget).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

VIEWPORT_NAME = "qt_scrollarea_viewport"  # QAbstractScrollAreaPrivate::init


def viewport_of(area: QAbstractScrollArea) -> QWidget:
    """``area.viewport()``, without the type search on the first call."""
    found = area.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else area.viewport()
