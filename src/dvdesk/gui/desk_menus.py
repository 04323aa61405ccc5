"""Features that live in their own windows, reached from the desk's menus.

Each feature adds its actions here, to the hook menus of ``MainWindow`` (``records_menu``,
``admin_menu``); a menu stays hidden while it is empty. Windows are owned by the desk, opened
once and brought to the front when asked for again, and close with Esc or Ctrl+W like any
secondary window. What is made anew each time it is asked for (the about dialog, the
administration login and window) is deleted when closed: the desk's children would otherwise
gather one more copy at each use for as long as the desk runs. Their modules are imported when
first opened, not at start-up (the referral, statistics and administration windows pull in
charts, spreadsheets and scrypt).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from dvdesk.gui.discard_question import asks_before_closing
from dvdesk.gui.main_window import MainWindow
from dvdesk.gui.window_keys import closes_with_keys


def open_once(desk: MainWindow, name: str, make: Callable[[], QWidget]) -> QWidget:
    """Show the desk's window called ``name``, creating it on first use."""
    window = desk.findChild(QWidget, name)
    if window is None:
        window = make()
        window.setObjectName(name)
        window.setParent(desk, QtCore.Qt.WindowType.Window)  # its own window, closed with the desk
        closes_with_keys(window)
        asks_before_closing(window)  # its own typed note, or a dialog over it, is not dropped unasked
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def _referral_log(desk: MainWindow) -> QWidget:
    from dvdesk.gui.referrals.live import keep_current
    from dvdesk.gui.referrals.log_window import ReferralLogWindow

    window = ReferralLogWindow(desk.data.db, current_municipality=desk.municipality_code)
    keep_current(window, desk.data.db)  # another desk's move shows without reloading (shared mode)
    return window


def _statistics(desk: MainWindow) -> QWidget:
    from dvdesk.gui.referrals.live import keep_current
    from dvdesk.gui.referrals.stats_window import StatisticsWindow

    window = StatisticsWindow(desk.data.db)
    keep_current(window, desk.data.db)  # a referral recorded or changed meanwhile shows without reopening
    return window


def install_records_menu(desk: MainWindow) -> None:
    """相談記録: the referral log and the consultation statistics (issue 7)."""
    log = desk.records_menu.addAction(QCoreApplication.translate("DeskMenus", "紹介の記録…"))
    log.setObjectName("referralLogAction")
    log.triggered.connect(lambda: open_once(desk, "referralLog", lambda: _referral_log(desk)))
    stats = desk.records_menu.addAction(QCoreApplication.translate("DeskMenus", "相談件数の集計…"))
    stats.setObjectName("statisticsAction")
    stats.triggered.connect(lambda: open_once(desk, "statistics", lambda: _statistics(desk)))
    desk.show_hook_menus()


def install_admin_menu(desk: MainWindow) -> None:
    """管理: the administration mode behind a local passphrase (issue 5)."""
    action = desk.admin_menu.addAction(QCoreApplication.translate("DeskMenus", "管理モードに入る…"))
    action.setObjectName("adminAction")

    action.triggered.connect(lambda: enter_admin(desk))
    desk.show_hook_menus()


def enter_admin(desk: MainWindow, then: Callable[[Any], object] | None = None) -> None:
    """The administration login; once entered, ``then(admin_window)`` (the desk's setup notice
    opens 初期設定 so). The desk follows the administrator's first-run setup while it is open."""
    from dvdesk.gui.admin.window import open_admin

    login = open_admin(desk.data.db, desk)
    login.setObjectName("adminLogin")
    closes_with_keys(login)

    def entered() -> None:  # connected after open_admin's own: the window exists by now
        window: Any = login.admin_window  # an AdminWindow (imported with the login, when used)
        if window is not None:
            closes_with_keys(window)
            window.setup_changed.connect(lambda: desk.desk_setup_changed() if isValid(desk) else None)
            if then is not None:
                then(window)

    login.accepted.connect(entered)


def install_about(desk: MainWindow) -> None:
    """ヘルプ > dvdesk について: version, data version and the licenses of what is bundled."""
    action = desk.help_menu.addAction(QCoreApplication.translate("DeskMenus", "dvdesk について…"))
    action.setObjectName("aboutAction")

    def about() -> None:
        from dvdesk.gui.about_dialog import AboutDialog

        dialog = AboutDialog(desk.data.db, desk)
        # exec() deletes it once closed; without this it went only while nothing (a lambda on
        # one of its signals capturing it) held it, else it stayed a child of the desk.
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        closes_with_keys(dialog)
        dialog.exec()

    action.triggered.connect(about)


def install(desk: MainWindow) -> None:
    from dvdesk.gui import shared_desk

    install_records_menu(desk)
    shared_desk.install(desk)
    install_admin_menu(desk)
    install_about(desk)
