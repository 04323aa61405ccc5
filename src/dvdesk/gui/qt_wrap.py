"""Qt objects made and reached from Python without work PySide does for nothing at start-up.

Viewports: the first time Python receives a widget that Qt created itself (a scroll area's viewport) through a
call typed ``QWidget *`` (``QAbstractScrollArea.viewport()``), PySide looks for its most derived
class among every widget class it knows and so creates them all, with their Python enums: ~60
enum classes, 20–35 ms of CPU, once per process. ``findChild`` with the class and the object name
Qt gives the viewport wraps it as that class directly; later ``viewport()`` calls return the same
wrapper. A Qt without that name falls back to ``viewport()`` (slower, same widget).

Buttons and actions: ``QPushButton(text, parent)`` and ``QAction(text, parent)`` make PySide
create QIcon (one of their constructors takes an icon) with its enums, 157 members, ~5 ms of CPU
before the first paint, though the window shows no icon; made from the parent, then given their
text, they are the same objects without it. An action's shortcut is given as a list of one
(``set_shortcut``): ``setShortcut`` made PySide create the ``Qt`` namespace.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractScrollArea, QPushButton, QWidget

VIEWPORT_NAME = "qt_scrollarea_viewport"  # QAbstractScrollAreaPrivate::init


def viewport_of(area: QAbstractScrollArea) -> QWidget:
    """``area.viewport()``, without the type search on the first call."""
    # Recursive (the default: naming the direct-only option would create PySide's ``Qt`` namespace,
    # gui.qt_ints). Qt looks at the direct children first, so it finds the area's own viewport; one
    # found deeper (a header's, when the area's viewport was replaced) is not the area's.
    found = area.findChild(QWidget, VIEWPORT_NAME)
    return found if found is not None and found.parent() is area else area.viewport()


def push_button(text: str, parent: QWidget) -> QPushButton:
    """``QPushButton(text, parent)``, without creating QIcon."""
    button = QPushButton(parent)
    button.setText(text)
    return button


def set_shortcut(action: QAction, sequence: QKeySequence) -> None:
    """``action.setShortcut(sequence)`` (which Qt does as ``setShortcuts([sequence])``), without
    PySide choosing between its overloads by creating its ``Qt`` namespace (``gui.qt_ints``)."""
    action.setShortcuts([sequence])


def text_action(text: str, parent: QObject) -> QAction:
    """``QAction(text, parent)``, without creating QIcon."""
    made = QAction(parent)
    made.setText(text)
    return made
