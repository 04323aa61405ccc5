"""The F1 list's Alt keys work from either tab: Alt+D (部署・機関) from 支援を探す, Alt+N (分野) and
Alt+S (検索) from 部署・機関から探す, in Japanese and English. A label's mnemonic alone is a shortcut
only while the label is shown: Alt+D from the search tab did nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dvdesk.gui.app import Desk
from dvdesk.gui.desk_state import DEPARTMENT_TAB, SEARCH_TAB
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings


@pytest.fixture(params=["ja", "en"])
def window(request, qtbot, desk_db):
    font = QApplication.font()
    translators = Translators()
    translators.install(request.param)
    desk = Desk(desk_db, Settings(), translators)
    desk.show()
    qtbot.waitExposed(desk.window)
    desk.window.activateWindow()
    yield desk.window
    desk.window.close()
    translators.uninstall()
    QApplication.setFont(font)


def press(qtbot, window, key):
    qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
    return window.tabs.currentIndex(), QApplication.focusWidget()


def test_each_fields_alt_key_reaches_it_from_the_other_tab(qtbot, window):
    assert window.tabs.currentIndex() == SEARCH_TAB
    assert press(qtbot, window, Qt.Key.Key_D) == (DEPARTMENT_TAB, window.departments.list)
    assert press(qtbot, window, Qt.Key.Key_D) == (DEPARTMENT_TAB, window.departments.list)  # on its own tab too
    assert press(qtbot, window, Qt.Key.Key_N) == (SEARCH_TAB, window.needs.tree)
    assert press(qtbot, window, Qt.Key.Key_D) == (DEPARTMENT_TAB, window.departments.list)
    assert press(qtbot, window, Qt.Key.Key_S) == (SEARCH_TAB, window.results.search)
    assert press(qtbot, window, Qt.Key.Key_N) == (SEARCH_TAB, window.needs.tree)  # on its own tab too
    assert press(qtbot, window, Qt.Key.Key_M) == (SEARCH_TAB, window.municipality)
