"""Features that live in their own windows, reached from the desk's menus.

Each feature adds its actions here, to the hook menus of ``MainWindow`` (``records_menu``,
``admin_menu``); a menu stays hidden while it is empty. Windows are owned by the desk, opened
once and brought to the front when asked for again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from dvdesk.gui.main_window import MainWindow


def open_once(desk: MainWindow, name: str, make: Callable[[], QWidget]) -> QWidget:
    """Show the desk's window called ``name``, creating it on first use."""
    window = desk.findChild(QWidget, name)
    if window is None:
        window = make()
        window.setObjectName(name)
        window.setParent(desk, Qt.WindowType.Window)  # its own window, closed with the desk
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def install_records_menu(desk: MainWindow) -> None:
    """相談記録: the referral log and the consultation statistics (issue 7)."""
    from dvdesk.gui.referrals.log_window import ReferralLogWindow
    from dvdesk.gui.referrals.stats_window import StatisticsWindow

    db = desk.data.db
    log = desk.records_menu.addAction(QCoreApplication.translate("DeskMenus", "紹介の記録…"))
    log.setObjectName("referralLogAction")
    log.triggered.connect(lambda: open_once(
        desk, "referralLog", lambda: ReferralLogWindow(db, municipality_code=desk.municipality_code())))
    stats = desk.records_menu.addAction(QCoreApplication.translate("DeskMenus", "相談件数の集計…"))
    stats.setObjectName("statisticsAction")
    stats.triggered.connect(lambda: open_once(desk, "statistics", lambda: StatisticsWindow(db)))
    desk.show_hook_menus()


def install_admin_menu(desk: MainWindow) -> None:
    """管理: the administration mode behind a local passphrase (issue 5)."""
    from dvdesk.gui.admin.window import open_admin

    action = desk.admin_menu.addAction(QCoreApplication.translate("DeskMenus", "管理モードに入る…"))
    action.setObjectName("adminAction")

    def enter() -> None:
        login = open_admin(desk.data.db, desk)
        login.setObjectName("adminLogin")

    action.triggered.connect(enter)
    desk.show_hook_menus()


def install_about(desk: MainWindow) -> None:
    """ヘルプ > dvdesk について: version, data version and the licenses of what is bundled."""
    from dvdesk.gui.about_dialog import AboutDialog

    action = desk.help_menu.addAction(QCoreApplication.translate("DeskMenus", "dvdesk について…"))
    action.setObjectName("aboutAction")
    action.triggered.connect(lambda: AboutDialog(desk.data.db, desk).exec())


def install(desk: MainWindow) -> None:
    install_records_menu(desk)
    install_admin_menu(desk)
    install_about(desk)
