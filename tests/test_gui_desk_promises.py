"""Issue 14 item 2, checked the way a counselor uses the desk: the need tree never disagrees with
the filter, Esc everywhere, every secondary window closes with Esc and Ctrl+W, a language switch
keeps what she chose, Qt's own dialogs speak Japanese, and the PDF is saved where she looks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from dvdesk.app.directory_queries import NeedRow
from dvdesk.gui.i18n import Translators
from dvdesk.gui.results_pane import MAX_QUERY_CHARS
from gui_support import KUNITACHI, TAKAOKA, result_names
from test_gui_desk_shows import make_desk, opened_desk, search


@pytest.fixture
def desk(qtbot, desk_db):
    yield from opened_desk(qtbot, desk_db)


@pytest.fixture
def bundled_desk(qtbot, bundled_db):
    yield from opened_desk(qtbot, bundled_db)


def click_need(window, key: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    tree = window.needs.tree
    index = window.needs.model.index_of(key)
    tree.scrollTo(index)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, tree.visualRect(index).center())


def assert_tree_matches_filter(window) -> None:
    assert window.needs.selected_keys() == window.controller.query.need_keys
    assert window.needs.clear_button.isEnabled() == bool(window.controller.query.need_keys)


def municipality(window, code: str) -> None:
    window.municipality.setCurrentIndex(window.municipality.findData(code))


def test_the_tree_matches_the_filter_after_typing_and_switching_municipality(desk, qtbot):
    window = desk.window
    click_need(window, "safety.shelter")
    click_need(window, "children", Qt.KeyboardModifier.ControlModifier)
    assert window.controller.query.need_keys == ("children", "safety.shelter")
    search(qtbot, window, "相談")
    assert_tree_matches_filter(window)
    for code in (KUNITACHI, "", TAKAOKA):
        municipality(window, code)
        qtbot.waitUntil(lambda: not window.controller.pending)
        assert window.controller.query.need_keys == ("children", "safety.shelter"), code
        assert_tree_matches_filter(window)
    window.needs.tree.setFocus()
    QTest.keyClick(window.needs.tree, Qt.Key.Key_Escape)  # Esc in the tree: the needs go, the words stay
    assert window.controller.query.need_keys == ()
    assert_tree_matches_filter(window)
    assert not window.needs.tree.selectionModel().hasSelection()
    assert window.results.search.text() == "相談"


def test_a_need_gone_from_the_tree_leaves_the_filter_too(desk, qtbot):
    window = desk.window
    click_need(window, "safety.shelter")
    assert window.controller.query.need_keys == ("safety.shelter",)

    def without(rows: list[NeedRow], key: str) -> list[NeedRow]:
        return [r._replace(children=tuple(without(list(r.children), key))) for r in rows if r.key != key]

    rows = window.data.needs(window.municipality_code(), window.controller.query.kinds)
    window.needs.set_needs(without(rows, "safety.shelter"))  # an administrator removed the need
    assert window.controller.query.need_keys == ()
    assert_tree_matches_filter(window)


def test_esc_in_the_detail_pane_goes_back_to_the_list_then_clears(desk, qtbot):
    window = desk.window
    search(qtbot, window, "住宅")
    window.results.focus_results()
    QTest.keyClick(window.results.table, Qt.Key.Key_Return)  # Enter opens the service
    browser = window.detail.browser
    qtbot.waitUntil(browser.hasFocus)
    QTest.keyClick(browser, Qt.Key.Key_Escape)
    assert window.results.table.hasFocus()  # back to the row she was reading …
    assert window.results.search.text() == "住宅"  # … with her words kept
    assert window.results.selected_item() is not None
    QTest.keyClick(window.results.table, Qt.Key.Key_Escape)  # then Esc as in the list: clear
    assert window.results.search.text() == ""


def test_esc_in_the_detail_pane_on_the_departments_tab(bundled_desk, qtbot):
    window = bundled_desk.window
    window.tabs.setCurrentIndex(1)
    pane = window.departments
    org = next(o for o in pane.departments.all_organizations() if o.name == "市民課")
    pane.select_department(pane.departments.index_of(org.id))
    pane.table.setCurrentIndex(pane.services.index(0, 0))
    window.detail.browser.setFocus()
    QTest.keyClick(window.detail.browser, Qt.Key.Key_Escape)
    assert pane.table.hasFocus()
    assert window.tabs.currentIndex() == 1


def press_close(qtbot, child: QWidget, keys: str) -> bool:
    """Press Esc or Ctrl+W in ``child`` as she would; whether it closed (it is closed either way,
    so a modal dialog that ignores the keys fails the test instead of hanging it)."""
    child.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is child)
    target = QApplication.focusWidget() or child
    if keys == "Esc":
        QTest.keyClick(target, Qt.Key.Key_Escape)
    else:
        QTest.keyClick(target, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    try:
        qtbot.waitUntil(lambda: not child.isVisible(), timeout=2000)
        return True
    except qtbot.TimeoutError:
        (child.reject if isinstance(child, QDialog) else child.close)()
        return False


def close_with(qtbot, child: QWidget, keys: str) -> None:
    assert press_close(qtbot, child, keys), f"{type(child).__name__} stayed open after {keys}"


KEYS = ["Esc", "Ctrl+W"]


@pytest.mark.parametrize("keys", KEYS)
def test_the_checklist_closes_with_esc_and_ctrl_w(desk, qtbot, keys):
    window = desk.window
    window.checklist_action.trigger()
    dialog = window.open_checklist_dialog()
    qtbot.waitExposed(dialog)
    close_with(qtbot, dialog, keys)


@pytest.mark.parametrize("keys", KEYS)
def test_the_referral_queue_closes_with_esc_and_ctrl_w(desk, qtbot, keys):
    window = desk.window
    window.findChild(QAction, "referralQueueAction").trigger()
    child = window.findChild(QWidget, "referralQueue")
    qtbot.waitExposed(child)
    close_with(qtbot, child, keys)


@pytest.mark.parametrize("keys", KEYS)
def test_the_about_dialog_closes_with_esc_and_ctrl_w(desk, qtbot, keys):
    closed: list[tuple[str, bool]] = []

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        closed.append((dialog.windowTitle(), press_close(qtbot, dialog, keys)))

    QTimer.singleShot(300, press)
    desk.window.findChild(QAction, "aboutAction").trigger()  # exec(): returns once closed
    assert closed == [("dvdesk について", True)]


@pytest.mark.parametrize("keys", KEYS)
def test_the_administration_windows_close_with_esc_and_ctrl_w(desk, qtbot, keys):
    window = desk.window
    window.findChild(QAction, "adminAction").trigger()
    login = window.findChild(QDialog, "adminLogin")
    qtbot.waitExposed(login)
    close_with(qtbot, login, keys)
    window.findChild(QAction, "adminAction").trigger()
    login = [d for d in window.findChildren(QDialog, "adminLogin") if d.isVisible()][0]
    login.name.setText("テスト管理者")
    login.secret.setText("correct horse battery staple")
    login.confirm.setText("correct horse battery staple")
    login.try_enter()
    admin = login.admin_window
    assert admin is not None
    qtbot.waitExposed(admin)
    close_with(qtbot, admin, keys)


@pytest.mark.parametrize("keys", KEYS)
def test_the_print_preview_closes_with_esc_and_ctrl_w(checklist_db, qtbot, keys, monkeypatch):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    dialog = ChecklistDialog(checklist_db, "高岡市", ["protection_order"])
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "report", pytest.fail)
    shown: list[tuple[str, bool]] = []

    def press() -> None:
        preview = QApplication.activeModalWidget()
        assert preview is not None
        shown.append((preview.windowTitle(), press_close(qtbot, preview, keys)))

    QTimer.singleShot(500, press)
    dialog.printing.preview()  # exec(): returns once closed
    assert len(shown) == 1 and shown[0][0].startswith("印刷プレビュー") and shown[0][1]


def test_switching_language_keeps_municipality_needs_and_result(desk, qtbot):
    window = desk.window
    municipality(window, KUNITACHI)
    click_need(window, "children")
    search(qtbot, window, "手当")
    row = result_names(window).index("ひとり親家庭の手当の相談")
    window.results.select_row(row)
    chosen = window.results.selected_item()
    window.findChild(QAction, "language_en").trigger()
    english = desk.window
    assert english is not window
    assert english.municipality_code() == KUNITACHI
    assert english.selected_need_keys() == ("children",) == english.controller.query.need_keys
    assert english.results.search.text() == "手当"
    assert english.results.selected_item() == chosen
    assert english.detail.detail is not None and english.detail.detail.name == "ひとり親家庭の手当の相談"
    english.findChild(QAction, "language_ja").trigger()
    japanese = desk.window
    assert japanese.municipality_code() == KUNITACHI
    assert japanese.results.selected_item() == chosen


def test_qt_file_dialog_and_message_box_buttons_are_japanese(qapp):
    # What the application translated before (another test in this worker may have left a
    # window's translators installed): uninstalling ours must give exactly that back.
    before = QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms")
    translators = Translators()
    translators.install("ja")
    try:
        # The file dialog's type column (Qt 6 asks a context the Japanese catalog does not have).
        for source, disambiguation in (
            ("Folder", "All other platforms"),
            ("File Folder", "Match Windows Explorer"),
            ("Drive", None),
        ):
            shown = QCoreApplication.translate("QAbstractFileIconProvider", source, disambiguation)
            assert shown != source and not any("a" <= c.lower() <= "z" for c in shown), shown
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "t",
            "q",
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel
            | QMessageBox.StandardButton.Close,
        )
        texts = [b.text() for b in box.buttons()]
        assert texts and all(
            not any("a" <= c.lower() <= "z" for c in t.replace("(&Y)", "").replace("(&N)", "")) for t in texts
        ), texts
        box.deleteLater()
    finally:
        translators.uninstall()
    assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms") == before


def test_the_pdf_is_offered_in_the_documents_folder_not_the_programs(checklist_db, qtbot, monkeypatch, tmp_path):
    from dvdesk.gui import checklist_print_box
    from dvdesk.gui.checklist_dialog import ChecklistDialog
    from dvdesk.gui.checklist_print_box import PrintBox

    monkeypatch.chdir(tmp_path)  # as a packaged program starts: its own folder
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(documents))
    monkeypatch.setattr(PrintBox, "last_folder", None)
    offered: list[str] = []
    chosen = tmp_path / "elsewhere"
    chosen.mkdir()

    def save_as(_parent, _title, suggested, _filter):
        offered.append(suggested)
        return str(chosen / "checklist.pdf"), ""

    monkeypatch.setattr(checklist_print_box.QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(checklist_print_box.QMessageBox, "exec", lambda box: 0)
    dialog = ChecklistDialog(checklist_db, "高岡市", ["protection_order"])
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "report", pytest.fail)
    assert dialog.printing.export_pdf() == chosen / "checklist.pdf"
    assert Path(offered[0]).parent == documents and offered[0].endswith(".pdf")
    assert dialog.printing.export_pdf() is not None
    assert Path(offered[1]).parent == chosen  # then where she saved last
    monkeypatch.setattr(PrintBox, "last_folder", None)
    documents.rmdir()  # a PC without a Documents folder: her home, still not the program's folder
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    (tmp_path / "home").mkdir()
    assert dialog.printing.export_pdf() is not None
    assert Path(offered[2]).parent == tmp_path / "home"
    assert QFileDialog is checklist_print_box.QFileDialog


def test_bad_input_in_the_search_box_loses_nothing_and_says_so(desk, qtbot):
    window = desk.window
    box = window.results.search
    failures: list[object] = []
    window.controller.failed.connect(failures.append)
    QGuiApplication.clipboard().setText("相談" + "あ" * 9_998)  # a whole page pasted by mistake
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.controller.pending)
    assert len(box.text()) == MAX_QUERY_CHARS and box.text().startswith("相談")
    assert window.controller.query.text == box.text()  # what is searched is what she sees
    assert f"{MAX_QUERY_CHARS}文字まで" in window.results.count_label.text()
    assert "見つかりませんでした" in window.results.count_label.text()
    for text in ("\x00相談\x07", "相\u202e談", "相談😀", "相談\u200b"):  # as 相談
        box.setText(text)
        qtbot.waitUntil(lambda: not window.controller.pending)
        assert "全国テスト相談ダイヤル" in result_names(window), repr(text)
        assert "文字まで" not in window.results.count_label.text()
    for text in ("😀", "\t\r\n", "\x00"):  # nothing to search for: the whole list, as when empty
        box.setText(text)
        qtbot.waitUntil(lambda: not window.controller.pending)
        assert window.results.model.rowCount() > 0, repr(text)
    assert failures == []


def test_the_service_name_keeps_its_share_of_the_results_in_english(qtbot, desk_db):
    font = QApplication.font()
    desk = make_desk(qtbot, desk_db, "en")
    try:
        window = desk.window
        window.resize(1280, 800)
        search(qtbot, window, "相談")
        QApplication.processEvents()
        header = window.results.table.horizontalHeader()
        name, provider = header.sectionSize(0), header.sectionSize(1)
        assert name >= provider  # was 80 px beside a fixed 150 px provider: names on five lines
    finally:
        desk.window.close()
        desk.translators.uninstall()
        QApplication.setFont(font)
