"""A desk not yet set up says so in the window, offers to choose, and opens on the choice after.

h13 tryout: a new desk opened on 全市区町村 and said nothing (only the administration window's
status bar said 初期設定がまだです): a new city's counselor searched 高岡市's and 国立市's
departments as if they were hers. Issue 14: the desk defaults to the PC's own municipality.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from sqlalchemy import text

import test_start
from dvdesk.admin import first_run as fr
from dvdesk.admin.editing import Editor
from dvdesk.gui import app as gui_app
from dvdesk.gui import desk_menus
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import KUNITACHI, TAKAOKA

start_desk = test_start.start_desk  # the fixture: a desk as the app starts it (window, then its tasks)

IMIZU = "162116"  # 射水市: on the 総務省 list, not in the test directory


def set_desk_municipality(db, code: str) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO meta(key, value) VALUES ('desk_municipality', :c)"), {"c": code})


def choose(window, code):
    window.municipality.setCurrentIndex(window.municipality.findData(code))


def notice_text(window) -> str:
    return window.setup_notice.label.text()


def test_a_desk_not_set_up_says_so_in_the_window_and_offers_to_choose(start_desk, qtbot):
    window = start_desk().window
    assert window.municipality_code() is None
    assert window.setup_notice.isVisible()
    said = notice_text(window)
    assert "このパソコンの市区町村がまだ決まっていません" in said
    assert "高岡市" in said and "国立市" in said  # whose places she is looking at
    assert "初期設定" in said
    qtbot.mouseClick(window.setup_notice.choose_button, gui_app.QtCore.Qt.MouseButton.LeftButton)
    assert window.municipality.hasFocus() or window.municipality.view().isVisible()
    window.municipality.hidePopup()
    choose(window, TAKAOKA)
    assert not window.setup_notice.isVisible()
    choose(window, "")  # 全市区町村 again on a desk not set up: said again
    assert window.setup_notice.isVisible()


def test_her_choice_is_the_default_at_every_start(start_desk):
    settings = Settings()
    choose(start_desk(settings).window, KUNITACHI)
    again = start_desk(settings).window
    assert again.municipality_code() == KUNITACHI and not again.setup_notice.isVisible()


def test_a_set_up_desk_says_nothing_even_on_every_municipality(start_desk, desk_db):
    set_desk_municipality(desk_db, KUNITACHI)
    window = start_desk().window
    assert window.municipality_code() == KUNITACHI and not window.setup_notice.isVisible()
    choose(window, "")  # she chose 全市区町村 on purpose: the desk is set up, nothing to say
    assert not window.setup_notice.isVisible()


def test_the_administrators_setup_wins_over_what_was_shown_before_it(start_desk, desk_db):
    settings = Settings()
    window = start_desk(settings).window
    choose(window, TAKAOKA)
    choose(window, "")  # the desk remembers 全市区町村, chosen before the city was set up
    set_desk_municipality(desk_db, KUNITACHI)  # then the administrator's 初期設定
    assert start_desk(settings).window.municipality_code() == KUNITACHI
    # once chosen under the set-up desk, her choice stays hers
    window = start_desk(settings).window
    choose(window, TAKAOKA)
    assert start_desk(settings).window.municipality_code() == TAKAOKA


def test_the_notice_opens_the_administrators_setup_and_the_desk_follows_it(start_desk, desk_db, monkeypatch):
    asked: list[object] = []
    monkeypatch.setattr(desk_menus, "enter_admin", lambda desk, then=None: asked.append(then))
    window = start_desk().window
    window.setup_notice.setup_button.click()
    assert asked, "初期設定 opens the administration login"
    # the administrator chooses a city that was not in the directory (射水市) while the desk is open
    fr.choose_municipality(Editor(desk_db, "管理 花子"), IMIZU)
    window.desk_setup_changed()
    assert window.municipality_code() == IMIZU
    assert window.municipality.currentText().startswith("射水市")
    assert not window.setup_notice.isVisible()


def test_from_the_notice_through_the_login_to_a_new_city_on_the_desk(start_desk, qtbot):
    from PySide6.QtWidgets import QDialog

    from gui_support import type_text

    window = start_desk().window
    qtbot.mouseClick(window.setup_notice.setup_button, gui_app.QtCore.Qt.MouseButton.LeftButton)
    [login] = [d for d in window.findChildren(QDialog, "adminLogin") if d.isVisible()]
    login.name.setText("管理 花子")
    login.secret.setText("きょうの初期設定は射水市です 2026")
    login.confirm.setText("きょうの初期設定は射水市です 2026")  # first use: she sets it
    login.try_enter()
    admin = login.admin_window
    assert admin is not None, login.error.text()
    try:
        setup = admin.first_run
        assert setup is not None and setup.isVisible()  # the notice went straight to 初期設定
        type_text(setup.query, "いみず")
        assert setup.matches.currentText() == "富山県 射水市（162116）"
        qtbot.mouseClick(setup.choose, gui_app.QtCore.Qt.MouseButton.LeftButton)
        assert window.municipality_code() == IMIZU  # the open desk follows
        assert not window.setup_notice.isVisible()
    finally:
        setup.close()
        admin.close()


def test_a_choice_no_longer_in_the_directory_gives_way_to_this_pcs_municipality(start_desk, desk_db):
    """Her remembered municipality was removed from the directory (a package, a sheet): the set-up
    desk opened on 全市区町村 and said nothing (h13-attack), so she searched every city's places as
    hers. It opens on this PC's municipality."""
    set_desk_municipality(desk_db, KUNITACHI)
    settings = Settings()
    settings.municipality_code = "999999"
    settings.municipality_chosen_under = KUNITACHI
    window = start_desk(settings).window
    assert window.municipality_code() == KUNITACHI


def test_a_pcs_municipality_no_longer_in_the_directory_is_said(start_desk, desk_db):
    """This PC's municipality is gone from the directory: the desk shows 全市区町村 and says so."""
    set_desk_municipality(desk_db, "999999")
    window = start_desk().window
    assert window.municipality_code() is None
    assert window.setup_notice.isVisible()


def town_line_text(window) -> str:
    return window.town_line.label.text() if window.town_line.isVisible() else ""


def test_an_older_ini_on_every_municipality_after_the_setup_is_said_beside_the_box(start_desk, desk_db, qtbot):
    """h13-attack: an older dvdesk.ini whose counselor chose 全市区町村 (no note of the setup it was
    chosen under), then the administrator's 初期設定 for 高岡市: the desk opened on 全市区町村 at every
    start and said nothing, so other towns' departments came up in her searches. Her choice is kept
    (test_start), and said plainly, with the way back to this PC's own."""
    set_desk_municipality(desk_db, TAKAOKA)
    settings = Settings()
    settings.municipality_code = ""  # chosen by an older dvdesk: no desk/municipality_under
    window = start_desk(settings).window
    assert window.municipality_code() is None  # her choice stands
    assert not window.setup_notice.isVisible()  # the desk is set up
    said = town_line_text(window)
    assert "全市区町村を表示中" in said and "このパソコンは高岡市" in said, said
    assert window.town_line.back_button.text() == "高岡市に戻す"
    qtbot.mouseClick(window.town_line.back_button, gui_app.QtCore.Qt.MouseButton.LeftButton)
    assert window.municipality_code() == TAKAOKA
    assert not window.town_line.isVisible()
    assert start_desk(settings).window.municipality_code() == TAKAOKA  # and at the next start


def test_another_town_on_a_set_up_desk_is_said_and_this_pcs_own_says_nothing(start_desk, desk_db):
    set_desk_municipality(desk_db, TAKAOKA)
    window = start_desk().window
    assert window.municipality_code() == TAKAOKA and not window.town_line.isVisible()
    choose(window, KUNITACHI)
    assert "国立市を表示中（このパソコンは高岡市）" in town_line_text(window)
    choose(window, TAKAOKA)
    assert not window.town_line.isVisible()


def test_a_desk_not_set_up_has_no_town_line_only_the_notice(start_desk):
    window = start_desk().window
    assert window.setup_notice.isVisible() and not window.town_line.isVisible()
    choose(window, KUNITACHI)
    assert not window.town_line.isVisible()


def test_the_town_line_speaks_english_on_the_english_desk(qtbot, desk_db, monkeypatch):
    monkeypatch.setattr(gui_app, "TASKS_AFTER_PAINT_MS", 0)
    set_desk_municipality(desk_db, TAKAOKA)
    settings = Settings()
    settings.municipality_code = ""
    translators = Translators()
    translators.install("en")
    font = QApplication.font()
    desk = Desk(desk_db, settings, translators)
    try:
        desk.show()
        qtbot.waitExposed(desk.window)
        said = town_line_text(desk.window)
        assert "高岡市" in said and "を表示中" not in said, said
        assert "戻す" not in desk.window.town_line.back_button.text()
    finally:
        desk.window.close()
        translators.uninstall()
        QApplication.setFont(font)
