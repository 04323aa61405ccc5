"""The window on the shipped directory (高岡市, 国立市 and the national lines), as a counselor uses it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import KUNITACHI, TAKAOKA, plain, result_names, type_text


@pytest.fixture
def window(qtbot, bundled_db):
    translators = Translators()
    translators.install("ja")
    desk = Desk(bundled_db, Settings(), translators)
    desk.show()
    qtbot.waitExposed(desk.window)
    yield desk.window
    desk.window.close()
    translators.uninstall()


def search(qtbot, window, text):
    window.results.search.clear()
    type_text(window.results.search, text)
    qtbot.waitUntil(lambda: not window.controller.pending)
    return result_names(window)


def choose(window, code):
    window.municipality.setCurrentIndex(window.municipality.findData(code))


def test_shelter_in_takaoka_finds_temporary_protection_and_the_national_lines(window, qtbot):
    choose(window, TAKAOKA)
    found = search(qtbot, window, "シェルター")
    assert "一時保護までの緊急避難先の確保" in found
    assert "DV相談ナビ" in found  # national lines apply everywhere
    assert not any("東京都" in name for name in found)  # 国立市's prefecture partner is not offered


def test_switching_to_kunitachi_changes_what_the_same_words_find(window, qtbot):
    choose(window, TAKAOKA)
    takaoka = set(search(qtbot, window, "相談"))
    choose(window, KUNITACHI)
    kunitachi = set(result_names(window))
    assert "専任相談員による相談（電話・面接）" in takaoka - kunitachi
    assert "夜間・休日女性相談" in kunitachi - takaoka
    assert "DV相談ナビ" in takaoka & kunitachi


def test_housing_need_in_kunitachi_lists_only_housing_services(window, qtbot):
    choose(window, KUNITACHI)
    window.needs.select(["housing"])
    found = result_names(window)
    assert "短期宿泊支援" in found
    assert all("高岡" not in window.results.model.hit(r).municipality for r in range(len(found)))


def test_the_takaoka_counselling_line_shows_its_centre_hours_and_its_plan(window, qtbot):
    choose(window, TAKAOKA)
    found = search(qtbot, window, "専任相談員")
    window.results.select_row(found.index("専任相談員による相談（電話・面接）"))
    text = plain(window.detail.browser)
    assert "男女平等推進センター" in text
    assert "月〜水・金 9:30〜16:30、木 14:00〜20:00" in text
    assert "電話番号未登録" in text  # the plan gives no number: said plainly
    assert "高岡市DV対策基本計画の取組について" in text and "今後の取り組み4" in text
    assert "職員のみ" in text  # its staff note is marked


def test_keyboard_from_the_search_box_to_a_national_line(window, qtbot):
    window.results.focus_search()
    search(qtbot, window, "DV相談ナビ")
    qtbot.keyClick(window.results.search, Qt.Key.Key_Down)
    qtbot.keyClick(window.results.table, Qt.Key.Key_Return)
    assert window.detail.detail.name == "DV相談ナビ"
    assert "#8008" in plain(window.detail.browser)
    assert QApplication.focusWidget() is window.detail.browser


def test_the_checklist_opens_for_the_chosen_municipality_and_needs(window, qtbot):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    window.municipality.setCurrentIndex(0)  # 全市区町村: a checklist needs one municipality
    seen = []
    QTimer.singleShot(
        0, lambda: (seen.append(QApplication.activeModalWidget().text()), QApplication.activeModalWidget().accept())
    )
    window.checklist_action.trigger()
    assert "市区町村" in seen[0]
    assert not window.findChildren(ChecklistDialog)
    choose(window, TAKAOKA)
    window.needs.select(["housing", "children"])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.results.search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ChecklistDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.municipality == TAKAOKA and set(dialog.need_keys) == {"housing", "children"}
    dialog.close()
