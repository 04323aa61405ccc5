"""The desk shows what she needs (issue 14), driven offscreen as she would use it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QSignalSpy, QTest
from PySide6.QtWidgets import QApplication, QWidget

from dvdesk.gui.app import Desk
from dvdesk.gui.desk_models import ResultsModel
from dvdesk.gui.discard_question import unsaved_in
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import TAKAOKA, result_names, type_text


def make_desk(qtbot, db, language="ja"):
    translators = Translators()
    translators.install(language)
    settings = Settings()
    settings.municipality_code = TAKAOKA
    desk = Desk(db, settings, translators)
    desk.show()
    qtbot.waitExposed(desk.window)
    return desk


def close_dropping_work(desk) -> None:
    """Close the desk after a test: what the test typed and left in its windows is dropped first, as
    on her 「終了する（入力を捨てる）」, so the desk closes (and stops listening to its start tasks)."""
    for work in unsaved_in(desk.window):
        work.drop()
    desk.window.close()


def opened_desk(qtbot, db, language="ja"):
    """A desk for one test (a fixture's body): closed after it, the translators and the font put back."""
    font = QApplication.font()
    desk = make_desk(qtbot, db, language)
    yield desk
    close_dropping_work(desk)
    desk.translators.uninstall()
    QApplication.setFont(font)


@pytest.fixture
def desk(qtbot, desk_db):
    yield from opened_desk(qtbot, desk_db)


@pytest.fixture
def bundled_desk(qtbot, bundled_db):
    font = QApplication.font()
    desk = make_desk(qtbot, bundled_db)
    yield desk
    close_dropping_work(desk)
    desk.translators.uninstall()
    QApplication.setFont(font)


def search(qtbot, window, text):
    window.results.search.clear()
    type_text(window.results.search, text)
    qtbot.waitUntil(lambda: not window.controller.pending)


def cell(window, name, column):
    row = result_names(window).index(name)
    return window.results.model.index(row, column).data()


def test_the_phone_number_itself_is_in_the_results_with_24_hours(desk, qtbot):
    window = desk.window
    search(qtbot, window, "相談")
    assert cell(window, "全国テスト相談ダイヤル", ResultsModel.PHONE) == "0120-000-000\n24時間"
    search(qtbot, window, "住宅")
    assert cell(window, "市営住宅の入居配慮", ResultsModel.PHONE) == "未登録"


def test_clearing_the_needs_clears_the_tree_as_well_as_the_filter(desk, qtbot):
    window = desk.window
    tree, needs = window.needs.tree, window.needs
    shelter = needs.model.index_of("safety.shelter")
    for clear in (
        lambda: QTest.mouseClick(needs.clear_button, Qt.MouseButton.LeftButton),
        lambda: QTest.keyClick(window.results.search, Qt.Key.Key_Escape),
    ):
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(shelter).center())
        assert window.controller.query.need_keys == ("safety.shelter",)
        spy = QSignalSpy(tree.selectionModel().selectionChanged)  # what the tree repaints from
        window.results.search.setFocus()
        clear()
        assert window.controller.query.need_keys == ()
        assert spy.count() >= 1  # was blocked: the tree kept drawing the old choice
        assert not tree.selectionModel().isSelected(shelter)
        assert tree.currentIndex() != shelter


def test_esc_in_the_results_list_clears_the_search(desk, qtbot):
    window = desk.window
    search(qtbot, window, "住宅")
    window.results.focus_results()
    QTest.keyClick(window.results.table, Qt.Key.Key_Escape)
    assert window.results.search.text() == ""
    assert window.results.search.hasFocus()


def test_a_procedure_found_by_search_is_shown_as_one_and_can_go_on_the_checklist(bundled_desk, qtbot):
    window = bundled_desk.window
    search(qtbot, window, "住民票")
    name = "住民票の写し等の交付制限（DV等支援措置）の申出"
    assert result_names(window)[0] == name
    assert cell(window, name, ResultsModel.KIND) == "手続き"
    assert cell(window, name, ResultsModel.PROVIDER) == "市民課"
    assert not window.results.table.isColumnHidden(ResultsModel.KIND)
    window.results.select_row(0)
    assert name in window.detail.browser.toPlainText()
    assert window.results.checklist_button.isVisibleTo(window)
    QTest.mouseClick(window.results.checklist_button, Qt.MouseButton.LeftButton)
    dialog = window.open_checklist_dialog()
    assert dialog is not None and dialog.isVisible()
    assert name in [i.name for i in dialog.model.checklist().items]
    dialog.close()


def test_other_kinds_are_counted_and_shown_on_request(bundled_desk, qtbot):
    window = bundled_desk.window
    search(qtbot, window, "住民票")
    label = window.results.other_kinds
    qtbot.waitUntil(lambda: label.isVisibleTo(window))  # counted once the list is shown
    assert "件" in label.text()
    label.linkActivated.emit("show")
    assert window.results.show_all.isChecked()
    qtbot.waitUntil(lambda: "DV支援措置対象者の情報管理の徹底（市民課）" in result_names(window))


def test_a_count_of_other_kinds_that_stopped_at_its_cap_reads_at_least(bundled_desk, qtbot):
    from dvdesk.app.desk_query import DeskCount
    from dvdesk.app.directory_queries import OTHER_KINDS_COUNT_CAP

    window = bundled_desk.window
    window.results.show_all.setChecked(False)
    window.results.set_count(DeskCount(0, OTHER_KINDS_COUNT_CAP, True))
    assert f"{OTHER_KINDS_COUNT_CAP}件以上" in window.results.other_kinds.text()
    window.results.set_count(DeskCount(0, 7))
    assert "7件 " in window.results.other_kinds.text() and "以上" not in window.results.other_kinds.text()


def test_full_department_names_and_one_national_group(bundled_desk, qtbot):
    window = bundled_desk.window
    window.tabs.setCurrentIndex(1)
    pane = window.departments
    model = pane.departments
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    national = [g for g in groups if g.startswith(("全国", "国の"))]
    assert len(national) == 1, groups
    names = {o.name for o in model.all_organizations()}
    assert "ハローワーク（公共職業安定所）" in names
    hello = model.index_of(next(o.id for o in model.all_organizations() if o.name.startswith("ハローワーク")))
    assert hello.parent().data() == national[0]  # with the national lines, not a group of its own
    pane.splitter.setSizes([180, 900])
    long_org = next(o for o in model.all_organizations() if o.name.startswith("性犯罪・性暴力被害者のための"))
    index = model.index_of(long_org.id)
    QApplication.processEvents()
    rect = pane.list.visualRect(index)
    text_width = pane.list.fontMetrics().horizontalAdvance(long_org.name)
    assert text_width > rect.width()  # the name does not fit on one line here …
    assert rect.height() >= 2 * pane.list.fontMetrics().height()  # … so it wraps instead of being cut


@pytest.mark.parametrize(("action", "name"), [("referralLogAction", "referralLog"), ("statisticsAction", "statistics")])
@pytest.mark.parametrize("keys", ["Esc", "Ctrl+W"])
def test_secondary_windows_close_with_esc_and_ctrl_w(desk, qtbot, action, name, keys):
    window = desk.window
    window.findChild(QAction, action).trigger()
    child = window.findChild(QWidget, name)
    qtbot.waitExposed(child)
    child.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is child)
    if keys == "Esc":
        QTest.keyClick(child, Qt.Key.Key_Escape)
    else:
        QTest.keyClick(child, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not child.isVisible())


def test_switching_language_keeps_the_selected_department(desk, qtbot):
    window = desk.window
    window.tabs.setCurrentIndex(1)
    pane = window.departments
    org = next(o for o in pane.departments.all_organizations() if o.name == "住宅課")
    pane.select_department(pane.departments.index_of(org.id))
    window.findChild(QAction, "language_en").trigger()
    english = desk.window
    assert english is not window
    assert english.tabs.currentIndex() == 1
    assert english.departments.current_department().id == org.id
    english.findChild(QAction, "language_ja").trigger()


def test_qt_file_dialogs_are_japanese_in_the_japanese_interface(qapp):
    translators = Translators()
    translators.install("ja")
    try:
        for source in ("&Look in:", "Files of &type:", "File &name:"):
            shown = QCoreApplication.translate("QFileDialog", source)
            assert shown != source and not any("a" <= c.lower() <= "z" for c in shown.replace("&", "")[:-4]), shown
        assert QCoreApplication.translate("QFileDialog", "&Look in:").endswith("(&L):")
        assert QCoreApplication.translate("Nowhere", "検索") == "検索"  # untranslated text stays as it is
    finally:
        translators.uninstall()


def test_a_current_database_opens_without_importing_alembic_or_secondary_windows(bundled_db, tmp_path):
    code = f"""
import sys
from dvdesk.storage.db import open_database
open_database({str(bundled_db.path)!r}).close()
from dvdesk.gui import app, desk_menus  # what the window imports
print("alembic" in sys.modules, "dvdesk.gui.referrals.log_window" in sys.modules,
      "dvdesk.gui.admin.window" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "DVDESK_HOME": str(tmp_path), "PATH": ""},
    )
    assert out.stdout.split() == ["False", "False", "False"]


def test_a_database_behind_the_newest_schema_is_still_migrated(mini_db):
    from dvdesk.storage import migrations, schema_revision
    from dvdesk.storage.db import open_database

    assert schema_revision.head_revision() == migrations.head_revision()
    migrations.downgrade(mini_db.engine, "0005")
    assert not schema_revision.is_current(mini_db.engine)
    path = mini_db.path
    mini_db.close()
    open_database(path).close()
    again = open_database(path)
    assert schema_revision.is_current(again.engine)
    again.close()


def test_the_english_count_says_results_when_the_list_holds_procedures(qtbot, bundled_db):
    """住民票 lists procedures, not services: the English count said "N services" for them."""
    font = QApplication.font()
    desk = make_desk(qtbot, bundled_db, "en")
    try:
        window = desk.window
        search(qtbot, window, "住民票")
        qtbot.waitUntil(lambda: "result" in window.results.count_label.text())
        assert "service" not in window.results.count_label.text()
    finally:
        close_dropping_work(desk)
        desk.translators.uninstall()
        QApplication.setFont(font)
