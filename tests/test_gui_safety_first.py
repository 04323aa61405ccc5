"""Safety first as the counselor sees it (issue 14): しぇるたー across all municipalities puts a line
answering day and night, with its number, in the first rows of the results pane."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dvdesk.gui.app import Desk
from dvdesk.gui.desk_models import ResultsModel
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import result_names, type_text

TUESDAY_3AM = datetime(2026, 12, 1, 3, 0)


@pytest.fixture
def window(qtbot, bundled_db):
    font = QApplication.font()
    translators = Translators()
    translators.install("ja")
    settings = Settings()
    settings.municipality_code = ""
    desk = Desk(bundled_db, settings, translators)
    desk.window.controller.data.clock = lambda: TUESDAY_3AM  # no wall clock: 3 a.m., weekday lines closed
    desk.show()
    qtbot.waitExposed(desk.window)
    everywhere = desk.window.municipality.findData("")
    desk.window.municipality.setCurrentIndex(everywhere)
    assert desk.window.municipality.currentText() == "全市区町村"
    yield desk.window
    desk.window.close()
    translators.uninstall()
    QApplication.setFont(font)


def search(qtbot, window, text):
    window.results.search.clear()
    type_text(window.results.search, text)
    qtbot.waitUntil(lambda: not window.controller.pending)


def phone_cells(window, rows):
    model = window.results.model
    return [model.index(r, ResultsModel.PHONE).data() for r in range(min(rows, model.rowCount()))]


def test_shelter_in_hiragana_across_all_municipalities_shows_a_24_hour_line_first(window, qtbot):
    search(qtbot, window, "しぇるたー")
    phones = phone_cells(window, 5)
    assert phones[0] == "0120-279-889\n24時間"  # DV相談＋, as the phone column shows it
    assert "189\n24時間" in phones[:3]
    assert "#8778" in phones[:4]  # the shelter's own line: hours not written, before the shelters
    # Every row above the last line answering now shows a number (was: 未登録 rows first).
    shown = phone_cells(window, window.results.model.rowCount())
    last_24h = max(i for i, p in enumerate(shown) if p and p.endswith("24時間"))
    assert all(p and p != "未登録" for p in shown[: last_24h + 1])
    assert "一時保護（富山県女性相談支援センターと連携）" in result_names(window)  # the shelters follow


def test_a_need_only_search_still_works_with_the_needs_line_first(window, qtbot):
    search(qtbot, window, "")
    tree, needs = window.needs.tree, window.needs
    shelter = needs.model.index_of("safety.shelter")
    tree.scrollTo(shelter)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(shelter).center())
    assert window.controller.query.need_keys == ("safety.shelter",)
    names = result_names(window)
    assert names[0] == "女性相談支援センター 全国共通番号（#8778）"
    assert phone_cells(window, 1) == ["#8778"]
    assert {"緊急一時保護", "一時保護までの緊急避難先の確保"} <= set(names)


def test_the_order_is_the_same_on_every_search(window, qtbot):
    search(qtbot, window, "しぇるたー")
    first = result_names(window)
    search(qtbot, window, "住宅")
    search(qtbot, window, "しぇるたー")
    assert result_names(window) == first and len(first) > 10
