"""The desk's first start (no layout remembered) opens within the screen: at a fixed 1280×800 a
1024×768 desk PC lost the right pane and, on a fresh PC, the notice's 「市区町村を選ぶ」 and
「初期設定（管理者）…」 buttons past the screen's edge (h19-upgrade, under Xvfb)."""

from __future__ import annotations

from dvdesk.app.directory_queries import DeskData
from dvdesk.gui.main_window import MainWindow
from dvdesk.gui.settings import Settings
from dvdesk.gui.window_size import TITLE_BAR


def test_the_first_window_fits_the_screen_it_opens_on(qtbot, desk_db):
    window = MainWindow(DeskData(desk_db), Settings())  # a fresh home: nothing remembered
    qtbot.addWidget(window)
    free = window.screen().availableGeometry().size()
    least = window.minimumSizeHint()
    assert least.width() < 1280  # else the test could not tell the two apart
    assert window.width() <= max(free.width(), least.width()), (window.size(), free, least)
    assert window.height() <= max(free.height() - TITLE_BAR, least.height()), (window.size(), free, least)
    assert window.width() < 1280 or free.width() >= 1280
