"""Shared mode in the desk's window: the receiving department's queue, live referral views, and
the banner while the server is away. Installed by ``desk_menus.install``; on a single desk (a
local SQLite file) only the queue's menu entry appears, and the banner never does.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from dvdesk.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def open_shared_or_local():
    """The database for the window: a ``SharedDatabase`` (local copy behind it) for a server URL;
    otherwise the local file, read with plain sqlite3 until the window is up when nothing is due
    (``storage.start_open``), else opened the usual way. The file check and the start backup follow
    the window. Raises ``StorageError`` like ``open_database``."""
    from dvdesk.storage import start_open
    from dvdesk.storage.uri import is_server_url

    target = os.environ.get("DVDESK_DB", "")
    if not is_server_url(target):
        quick = start_open.open_quickly()
        if quick is not None:
            return quick
    from dvdesk.storage.db import open_database  # SQLAlchemy: a migration, a first start, a server

    if not is_server_url(target):
        from dvdesk.gui.migration_notice import Announcer  # said before a migration, once backed up

        announcer = Announcer()
        try:
            db = open_database(check_only_after_unclean_end=True, announce=announcer)
        except BaseException:
            announcer.failed()
            raise
        announcer.finished()
        return db
    from dvdesk.app.shared_mode import SharedDatabase

    return SharedDatabase(lambda: open_database(target))


def is_shared(db) -> bool:
    return hasattr(db, "probe") and hasattr(db, "online")


def _queue(desk: MainWindow) -> QWidget:
    from dvdesk.gui.referrals.queue_window import ReferralQueueWindow

    window = ReferralQueueWindow(
        desk.data.db, desk.settings.desk_department, municipality_code=desk.municipality_code()
    )

    def remember(key: str) -> None:
        desk.settings.desk_department = key  # written at once (a failure is said)

    window.department_chosen.connect(remember)
    return window


def install(desk: MainWindow) -> None:
    from dvdesk.gui.desk_menus import open_once

    action = desk.records_menu.addAction(QCoreApplication.translate("SharedDesk", "受付一覧（この課宛ての紹介）…"))
    action.setObjectName("referralQueueAction")
    action.triggered.connect(lambda: open_once(desk, "referralQueue", lambda: _queue(desk)))
    desk.show_hook_menus()
    if is_shared(desk.data.opened):  # (data.db would build the quick start's full database)
        from dvdesk.gui.shared_banner import ServerBanner

        banner = ServerBanner(desk.data.db, desk)
        central = desk.centralWidget()
        layout = central.layout() if central is not None else None
        assert isinstance(layout, QBoxLayout)  # MainWindow lays its central widget out in a QVBoxLayout
        layout.insertWidget(0, banner)
        desk.server_banner = banner  # type: ignore[attr-defined]  # kept on the desk for the tests and its lifetime
        desk.closing.connect(banner.timer.stop)  # a closed desk no longer asks the server (no new connection)
        _say_if_vocabulary_behind(desk)


def _say_if_vocabulary_behind(desk: MainWindow) -> None:
    """One line in the status bar when the server's search words are older than this dvdesk's:
    searches still work, with the older words, until the server's owner runs server-setup."""
    from dvdesk.app.shared_mode import server_vocabulary_behind

    missing = server_vocabulary_behind(desk.data.db)
    if not missing:
        return
    line = QLabel(
        QCoreApplication.translate(
            "SharedDesk",
            "共有サーバーの検索語がこの dvdesk より古い版のままです（{n} 語が未登録）。"
            "サーバーの管理者に dvdesk server-setup の実行を依頼してください。",
        ).format(n=missing)
    )
    line.setObjectName("serverVocabularyBehind")
    desk.statusBar().addPermanentWidget(line, 1)  # permanent: a passing status message does not hide it
    desk.vocabulary_line = line  # type: ignore[attr-defined]  # for the tests
