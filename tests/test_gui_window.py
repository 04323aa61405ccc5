"""The counselor's window, driven offscreen with the keyboard and mouse as she would."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication

from dvdesk.gui.app import Desk
from dvdesk.gui.desk_models import KEY_ROLE
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import KUNITACHI, TAKAOKA, plain, result_names, type_text

LAWYER = "女性弁護士による無料法律相談"
ALL_TAKAOKA = {"女性のための電話相談", "緊急一時保護", "市営住宅の入居配慮", LAWYER, "子どものケア"}
NATIONAL = "全国テスト相談ダイヤル"


@pytest.fixture
def desk(qtbot, desk_db):
    font = QApplication.font()
    translators = Translators()
    translators.install("ja")
    desk = Desk(desk_db, Settings(), translators)
    desk.show()
    qtbot.waitExposed(desk.window)
    desk.window.activateWindow()
    yield desk
    desk.window.close()
    translators.uninstall()
    QApplication.setFont(font)


@pytest.fixture
def window(desk):
    return desk.window


def type_query(qtbot, window, text):
    window.results.search.clear()
    type_text(window.results.search, text)
    qtbot.waitUntil(lambda: not window.controller.pending)


def choose_municipality(window, code):
    window.municipality.setCurrentIndex(window.municipality.findData(code))


def click_need(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    tree = window.needs.tree
    index = window.needs.model.index_of(key)
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, tree.visualRect(index).center())


def select_result(window, name):
    row = result_names(window).index(name)
    window.results.select_row(row)


def test_opens_with_every_service_of_every_municipality_and_the_search_box_focused(window, qtbot):
    assert set(result_names(window)) == ALL_TAKAOKA | {"ひとり親家庭の手当の相談", NATIONAL}
    assert "庁内連絡会議" not in result_names(window)  # internal measures only on request
    qtbot.waitUntil(lambda: window.results.search.hasFocus())


def test_typing_shows_the_matching_services_after_a_short_pause(real_typing_pause, window, qtbot):
    assert window.controller._timer.interval() == real_typing_pause  # the product's pause, not the tests'
    type_text(window.results.search, "住宅")
    assert window.controller.pending  # debounced: the list waits for her to pause
    with qtbot.waitSignal(window.controller.results_ready, timeout=2000):
        pass
    assert result_names(window) == ["市営住宅の入居配慮", "住宅課"]  # the service, then its department
    type_query(qtbot, window, "しぇるたー")  # hiragana, found through the synonym list
    assert result_names(window) == ["緊急一時保護"]
    type_query(qtbot, window, "存在しない言葉")
    assert result_names(window) == []
    assert "見つかりませんでした" in window.results.count_label.text()


def test_only_the_latest_query_reaches_the_list(window, qtbot):
    type_text(window.results.search, "住")
    type_text(window.results.search, "宅")
    with qtbot.waitSignal(window.controller.results_ready, timeout=2000) as blocker:
        pass
    assert [h.name for h in blocker.args[0]] == ["市営住宅の入居配慮", "住宅課"]
    assert window.controller.query.text == "住宅"


def test_choosing_a_need_filters_and_combines_with_the_search_box(window, qtbot):
    click_need(qtbot, window, "housing")
    assert window.selected_need_keys() == ("housing",)
    assert result_names(window) == ["市営住宅の入居配慮"]
    click_need(qtbot, window, "safety", Qt.KeyboardModifier.ControlModifier)  # a second need
    assert set(result_names(window)) == {"市営住宅の入居配慮", "緊急一時保護"}  # safety.shelter included
    type_query(qtbot, window, "保護")
    assert result_names(window) == ["緊急一時保護"]
    window.needs.clear_button.click()
    assert window.selected_need_keys() == ()
    assert "緊急一時保護" in result_names(window)


def test_need_counts_follow_the_municipality(window):
    def count(key):
        return int(window.needs.model.index_of(key).siblingAtColumn(1).data())

    assert count("children") == 2  # 子どものケア (高岡市) + ひとり親家庭の手当の相談 (国立市)
    choose_municipality(window, TAKAOKA)
    assert count("children") == 1
    assert count("consultation") == 2  # its own line and the national line


def test_selecting_a_result_shows_department_hours_and_where_it_comes_from(window, qtbot):
    select_result(window, "女性のための電話相談")
    text = plain(window.detail.browser)
    assert "テスト相談センター" in text
    assert "月〜金 9:00〜17:00" in text
    assert "0766-99-0000" in text
    assert "テスト計画 取組1 相談" in text  # the plan and 取組 it comes from
    assert "要確認" in text  # never verified: flagged, not hidden


def test_a_missing_phone_is_said_plainly_and_a_recent_check_is_not_flagged(window):
    select_result(window, "市営住宅の入居配慮")
    assert "電話番号未登録" in plain(window.detail.browser)
    select_result(window, "ひとり親家庭の手当の相談")
    text = plain(window.detail.browser)
    assert "テスト担当" in text and "要確認" not in text and "情報の確認が必要" not in text
    assert window.results.model.index(result_names(window).index("市営住宅の入居配慮"), 3).data() == "未登録"


def test_secret_and_staff_only_fields_are_marked_on_screen(window):
    select_result(window, "緊急一時保護")
    html = plain(window.detail.browser.toHtml())
    text = plain(window.detail.browser)
    assert "秘密の場所 1-2-3 秘" in text  # the shelter's location carries the 秘 badge
    assert "場所は職員間でも必要な人だけ 職員のみ" in text
    assert "内線 123 職員のみ" in text
    assert "#b00020" in html.lower()  # the red 秘 badge is drawn


def test_copy_contact_leaves_out_secret_and_staff_only_fields(window, qtbot):
    select_result(window, "緊急一時保護")
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(window.detail.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "緊急一時保護" in copied and "0766-99-0000" in copied and "月〜金 9:00〜17:00" in copied
    for leak in ("秘密の場所", "123", "必要な人だけ"):
        assert leak not in copied
    assert "コピーしました" in window.statusBar().currentMessage()


def test_a_staff_only_service_cannot_be_copied(window, qtbot):
    window.results.show_all.setChecked(True)
    select_result(window, "庁内連絡会議")
    assert "職員のみ" in plain(window.detail.browser)
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "before"
    assert "コピーできません" in window.statusBar().currentMessage()


def test_keyboard_alone_search_results_open_and_back(window, qtbot):
    window.needs.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.results.search.hasFocus()
    type_text(window.results.search, "相談")
    qtbot.keyClick(window.results.search, Qt.Key.Key_Down)  # runs the pending query, moves in
    assert window.results.table.hasFocus()
    first, second = result_names(window)[:2]
    assert window.detail.detail.name == first
    qtbot.keyClick(window.results.table, Qt.Key.Key_Down)
    assert window.detail.detail.name == second
    qtbot.keyClick(window.results.table, Qt.Key.Key_Return)  # open it
    assert window.detail.browser.hasFocus()
    window.results.table.setFocus()
    qtbot.keyClick(window.results.table, Qt.Key.Key_Escape)
    assert window.results.search.hasFocus()
    qtbot.keyClick(window.results.search, Qt.Key.Key_Escape)
    assert window.results.search.text() == ""


def test_escape_on_an_empty_search_box_clears_the_needs_too(window, qtbot):
    click_need(qtbot, window, "housing")
    window.results.focus_search()
    qtbot.keyClick(window.results.search, Qt.Key.Key_Escape)
    assert window.selected_need_keys() == ()


def test_enter_in_the_search_box_and_double_click_open_a_service(window, qtbot):
    type_query(qtbot, window, "住宅")
    qtbot.keyClick(window.results.search, Qt.Key.Key_Return)
    assert window.results.table.hasFocus() and window.current_service_id()
    window.detail.show_service(None)
    table = window.results.table
    rect = table.visualRect(window.results.model.index(0, 0))
    # A real double-click: the first press and release, then the double-click event.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail.detail is None  # a single click on the current row opens nothing new
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail.detail.name == "市営住宅の入居配慮"
    assert window.detail.browser.hasFocus()


def test_switching_municipality_changes_the_results_and_is_remembered(desk, window, qtbot):
    choose_municipality(window, KUNITACHI)
    assert set(result_names(window)) == {"ひとり親家庭の手当の相談", NATIONAL}
    choose_municipality(window, TAKAOKA)
    assert set(result_names(window)) == ALL_TAKAOKA | {NATIONAL}
    assert window.municipality_code() == TAKAOKA
    window.close()
    again = Desk(desk.data.db, Settings(), desk.translators).window
    qtbot.addWidget(again)
    assert again.municipality_code() == TAKAOKA
    assert "ひとり親家庭の手当の相談" not in result_names(again)


def test_department_view_lists_what_a_department_provides_with_its_contacts(window, qtbot):
    window.tabs.setCurrentIndex(1)
    pane = window.departments
    model = pane.departments
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups[-1] == "全国（1）"  # national agencies after the municipality's own
    assert "市のセンター・施設（1）" in groups
    center = next(o for o in model.all_organizations() if o.name == "テスト相談センター")
    pane.select_department(model.index_of(center.id))
    info = plain(pane.info)
    assert "0766-99-0000" in info and "2階" in info and "内線 123 職員のみ" in info
    services = {pane.services.hit(r).name for r in range(pane.services.rowCount())}
    assert services == {"女性のための電話相談", "緊急一時保護", LAWYER, "子どものケア", "庁内連絡会議"}
    row = next(r for r in range(pane.services.rowCount()) if pane.services.hit(r).name == LAWYER)
    pane.table.selectRow(row)
    assert "毎月第4金曜日" in plain(window.detail.browser)


def test_font_size_grows_from_the_view_menu_and_is_remembered(window, qtbot):
    before = Settings().point_size
    window.findChild(type(window.checklist_action), "zoomInAction").trigger()
    window.findChild(type(window.checklist_action), "zoomInAction").trigger()
    assert QApplication.font().pointSize() == before + 2
    assert Settings().point_size == before + 2
    window.findChild(type(window.checklist_action), "zoomResetAction").trigger()
    assert Settings().point_size == before


def test_window_size_and_splitters_are_remembered(desk, window, qtbot):
    window.resize(760, 560)
    window.main_splitter.setSizes([300, 460])
    saved = window.main_splitter.sizes()
    window.close()
    again = Desk(desk.data.db, Settings(), desk.translators).window
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size().width() == 760
    assert again.main_splitter.sizes() == saved


def test_hooks_for_the_admin_and_records_menus_are_present_and_safe(window, desk_db):
    from dvdesk.gui.main_window import MainWindow

    bare = MainWindow(window.data, Settings())  # no feature installed: empty menus stay hidden
    assert not bare.admin_menu.menuAction().isVisible()
    assert not bare.records_menu.menuAction().isVisible()
    bare.admin_menu.addAction("テスト")
    bare.show_hook_menus()
    assert bare.admin_menu.menuAction().isVisible()
    bare.close()
    assert window.records_menu.menuAction().isVisible()  # the referral log and statistics are in
    window.municipality.setCurrentIndex(window.municipality.findData(TAKAOKA))
    window.needs.select(["housing", "legal"])
    assert window.selected_need_keys() == ("housing", "legal")
    assert window.municipality_code() == TAKAOKA


def test_english_interface_from_the_view_menu_keeps_what_she_was_doing(desk, qtbot):
    window = desk.window
    type_query(qtbot, window, "住宅")
    window.findChild(type(window.checklist_action), "language_en").trigger()
    english = desk.window
    assert english is not window
    qtbot.addWidget(english)
    assert english.tabs.tabText(0) == "Find support"
    assert [m.title() for m in english.menuBar().findChildren(type(english.admin_menu))][:2] == ["&File", "&View"]
    assert english.needs.model.index_of("housing").data() == "Housing"
    assert english.results.model.headerData(0, Qt.Orientation.Horizontal) == "Service"
    assert result_names(english) == ["市営住宅の入居配慮", "住宅課"]  # the query survived the switch
    select_result(english, "市営住宅の入居配慮")
    assert "No phone number on record" in plain(english.detail.browser)
    assert Settings().language == "en"
    english.findChild(type(english.checklist_action), "language_ja").trigger()
    assert desk.window.tabs.tabText(0) == "支援を探す"
    desk.window.close()


def test_the_log_never_holds_what_the_counselor_typed(window, qtbot):
    records = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("dvdesk")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        type_query(qtbot, window, "夫から逃げたい")
        click_need(qtbot, window, "housing")
        select_result(window, "市営住宅の入居配慮") if result_names(window) else None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert all("逃げたい" not in r.getMessage() for r in records)


def test_need_keys_in_the_tree_are_the_directory_keys(window):
    model = window.needs.model
    keys = {model.index(r, 0).data(KEY_ROLE) for r in range(model.rowCount())}
    assert {"housing", "safety", "children", "consultation"} <= keys


def test_tab_walks_the_desk_in_reading_order(window, qtbot):
    window.municipality.setFocus()
    order = []
    for _ in range(8):
        widget = QApplication.focusWidget()
        order.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert order[:7] == [
        "municipality",
        "searchBox",
        "showAllKinds",
        "needTree",
        "results",
        "serviceDetail",
        "copyContact",
    ]


def test_every_control_a_keyboard_reaches_has_an_accessible_name(window):
    from PySide6.QtWidgets import QAbstractButton, QWidget

    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        for widget in window.findChildren(QWidget):
            if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if (
                widget.objectName().startswith("qt_")
                or widget.parent()
                and type(widget.parent()).__name__ in ("QComboBox", "QTabBar", "QScrollBar", "QLineEdit")
            ):
                continue  # Qt's own parts of a named control
            label = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            assert label, f"{type(widget).__name__} {widget.objectName()!r} has no accessible name"


def test_the_records_menu_opens_the_referral_log_once(window, qtbot):
    from dvdesk.gui.referrals.log_window import ReferralLogWindow
    from dvdesk.gui.referrals.stats_window import StatisticsWindow

    choose_municipality(window, TAKAOKA)
    action = window.findChild(type(window.checklist_action), "referralLogAction")
    action.trigger()
    action.trigger()
    logs = window.findChildren(ReferralLogWindow)
    assert len(logs) == 1 and logs[0].isVisible() and logs[0].isWindow()
    assert logs[0].municipality_code == TAKAOKA
    window.findChild(type(window.checklist_action), "statisticsAction").trigger()
    assert window.findChild(StatisticsWindow).isVisible()


def test_text_grows_from_the_keyboard(window, qtbot):
    before = Settings().point_size
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.results.search, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.results.search, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert Settings().point_size == before + 2
    qtbot.keyClick(window.results.search, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert Settings().point_size == before + 1


def test_the_admin_menu_asks_for_the_passphrase(qtbot, window):
    from PySide6.QtWidgets import QDialog

    action = window.findChild(QAction, "adminAction")
    assert action is not None and window.admin_menu.menuAction().isVisible()
    action.trigger()
    login = window.findChild(QDialog, "adminLogin")
    assert login is not None and login.isVisible()
    login.reject()


def test_help_menu_opens_the_about_dialog(window, monkeypatch):
    from dvdesk.gui.about_dialog import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    window.findChild(QAction, "aboutAction").trigger()
    assert len(shown) == 1
