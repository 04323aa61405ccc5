"""A field's Alt key works from either tab of the desk, as the F1 list says (Alt+D：部署・機関).

A label's mnemonic (「部署・機関(&D)」) is a shortcut only while the label is visible: from the 支援を探す
tab Alt+D did nothing, nor Alt+N or Alt+S from the 部署・機関から探す tab. For each labelled field of a
tab, one window shortcut on the same key, enabled only while another tab is shown, shows the
field's tab and puts the focus in it; on its own tab the label's mnemonic does (never both at once:
two shortcuts on one key are ambiguous and neither fires). The departments tab is built on first
use (``MainWindow.departments``): its key is read from its label's translated text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from dvdesk.gui.desk_state import DEPARTMENT_TAB, SEARCH_TAB

if TYPE_CHECKING:
    from dvdesk.gui.main_window import MainWindow


def reach_across_tabs(window: MainWindow) -> list[QShortcut]:
    """The shortcuts made, each enabled while its field's tab is not the one shown."""
    fields: list[tuple[int, QKeySequence, Callable[[], QWidget]]] = []
    page = window.tabs.widget(SEARCH_TAB)
    for label in page.findChildren(QLabel) if page is not None else []:
        buddy = label.buddy()
        if buddy is not None:
            fields.append((SEARCH_TAB, QKeySequence.mnemonic(label.text()), _same(buddy)))
    text = QCoreApplication.translate("DepartmentPane", "部署・機関(&D)")  # department_pane's label
    fields.append((DEPARTMENT_TAB, QKeySequence.mnemonic(text), lambda: window.departments.list))
    made: list[tuple[int, QShortcut]] = []
    for tab, key, field in fields:
        if key.isEmpty():
            continue
        shortcut = QShortcut(key, window)  # Qt's default context: the window (``Qt`` not named at start: gui.qt_ints)
        shortcut.activated.connect(lambda t=tab, f=field: _reach(window, t, f))
        made.append((tab, shortcut))

    def follow(current: int) -> None:
        for tab, shortcut in made:
            shortcut.setEnabled(tab != current)

    window.tabs.currentChanged.connect(follow)
    follow(window.tabs.currentIndex())
    return [s for _, s in made]


def _reach(window: MainWindow, tab: int, field: Callable[[], QWidget]) -> None:
    window.tabs.setCurrentIndex(tab)  # the departments tab builds its pane when shown
    field().setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)


def _same(widget: QWidget) -> Callable[[], QWidget]:
    return lambda: widget
