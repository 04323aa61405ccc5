"""The result list's Service column in English: the fitted columns (area, phone, kind) are wider
there (Nationwide, Not recorded, Procedure), and an even split with the provider left the service
names 115 px wide at 1280 px, wrapped onto four lines. The name now gets the larger share."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from dvdesk.gui.desk_models import ResultsModel
from test_gui_desk_shows import make_desk, search


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_service_column_is_the_widest_text_column_and_the_provider_heading_is_whole(qtbot, bundled_db, language):
    font = QApplication.font()
    desk = make_desk(qtbot, bundled_db, language)
    try:
        window = desk.window
        window.resize(1280, 800)
        search(qtbot, window, "シェルター")
        window.results.show_all.setChecked(True)  # the kind column shown too: the narrowest case
        qtbot.waitUntil(lambda: not window.controller.pending)
        QApplication.processEvents()
        table = window.results.table
        header = table.horizontalHeader()
        name, provider = table.columnWidth(ResultsModel.NAME), table.columnWidth(ResultsModel.PROVIDER)
        left = name + provider
        assert name >= provider, (name, provider)  # was equal: an even split
        # The provider's share, its heading whole when there is room, never more than half.
        hint = header.sectionSizeHint(ResultsModel.PROVIDER)
        assert provider == min(max(hint, int(left * 0.36)), left // 2), (name, provider, hint)
        shown = sum(table.columnWidth(c) for c in range(ResultsModel.KIND + 1) if not table.isColumnHidden(c))
        assert shown <= table.viewport().width() + 1  # nothing pushed off to a horizontal scroll
        window.resize(900, 700)  # a narrower window: still shared, still whole
        QApplication.processEvents()
        assert table.columnWidth(ResultsModel.NAME) >= table.columnWidth(ResultsModel.PROVIDER) * 0.9
    finally:
        desk.window.close()
        desk.translators.uninstall()
        QApplication.setFont(font)
