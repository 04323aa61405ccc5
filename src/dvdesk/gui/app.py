"""Starting the desktop app: fonts, language, the database, then the counselor's window."""

from __future__ import annotations

import gc
import logging
import sys
from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from dvdesk import paths
from dvdesk.gui import error_dialogs, fonts, single_instance
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from dvdesk.logging_setup import configure_logging
from dvdesk.storage.errors import CorruptDatabase, StorageError

if TYPE_CHECKING:
    from dvdesk.app.start_checks import StartReport
    from dvdesk.gui.main_window import MainWindow
    from dvdesk.storage.db import Database
    from dvdesk.storage.start_open import StartDatabase

log = logging.getLogger("dvdesk.gui")
TASKS_AFTER_PAINT_MS = 300  # before a counselor has typed her first word


def collect_again() -> None:
    """After start-up (see ``run``): what it built lives until the end, out of the collector's
    sight (``gc.freeze``); collection resumes for what the counselor's work allocates."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def apply_font(app: QApplication, point_size: int) -> None:
    """The Japanese UI font (the system's, or the bundled one) at the remembered size."""
    font = QFont(fonts.ui_font_family())
    font.setPointSize(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)


class Desk(QObject):
    """Owns the window; rebuilds it when the counselor switches the interface language."""

    settled = Signal()  # the window has been on screen for a moment (``TASKS_AFTER_PAINT_MS``)

    def __init__(self, db: Database | StartDatabase, settings: Settings, translators: Translators) -> None:
        from dvdesk.app.directory_queries import DeskData
        from dvdesk.gui.start_tasks import StartTasks

        super().__init__()
        self.data = DeskData(db)
        self.settings = settings
        self.translators = translators
        self.findings: list | None = None  # the directory scan's, once the start tasks report them
        self.tasks_done = False
        self.listening = True  # to the start tasks: until the window closes (``_window_closing``)
        self.window = self._new_window()
        self.start_tasks = StartTasks(db)  # not a child: the worker may outlive a closed desk
        self.start_tasks.findings_ready.connect(self._findings_ready)
        self.start_tasks.finished.connect(self._start_tasks_finished)

    def _new_window(self) -> MainWindow:
        from dvdesk.gui import desk_menus
        from dvdesk.gui.main_window import MainWindow

        window = MainWindow(self.data, self.settings, self.translators.language)
        window.language_requested.connect(self.set_language)
        window.closing.connect(self._window_closing)
        desk_menus.install(window)
        if self.findings is not None:
            window.show_findings(self.findings)
        window.start_tasks_done = self.tasks_done
        return window

    def show(self) -> None:
        """The window first; the scan, the file check and the start backup once it has been on
        screen for a moment (``TASKS_AFTER_PAINT_MS``), so they do not compete with its first paint
        and the first search for the CPU."""
        self.window.installEventFilter(self)
        self.window.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.window:
            self.window.removeEventFilter(self)
            collect_again()
            QTimer.singleShot(TASKS_AFTER_PAINT_MS, self._after_first_paint)
        return False

    def _window_closing(self) -> None:
        """The desk's window closes: the app ends, or a test is done with it and deletes it next.
        The start tasks run on in their thread; what they report later has nowhere to show, and
        must not reach a window being deleted (a queued report delivered mid-way through its
        deletion found its banner gone), so the desk stops listening to them now."""
        if not self.listening:
            return
        self.listening = False
        for signal, slot in (
            (self.start_tasks.findings_ready, self._findings_ready),
            (self.start_tasks.finished, self._start_tasks_finished),
        ):
            signal.disconnect(slot)

    def _window_usable(self) -> bool:
        """Still listening, and the window not deleted under the desk (a report already queued when
        it closed, or a window deleted without being closed)."""
        return self.listening and shiboken6.isValid(self.window)

    def _after_first_paint(self) -> None:
        if not self._window_usable():  # closed within the pause: nothing to start for
            return
        self.settled.emit()  # the single-instance guard listens from now on (run)
        # The first record opens the log file (logging_setup: logging.handlers, the file): once
        # the window has answered its first keys, with the start tasks.
        log.info("window opened")
        self.start_tasks.start()
        fonts.load_fallback_extras()
        # The search's patterns of Japanese characters (~1.6 ms to compile), left out of the start:
        # now rather than at the first phrase she types or the first safety query's hours.
        from dvdesk.domain import opening_hours, search_words

        search_words.prepare()
        opening_hours.prepare()
        # PySide's ``Qt`` namespace, which the window's start never named (gui.qt_ints): made now,
        # while she reads the window, rather than at her first key that moves the focus.
        QtCore.Qt  # noqa: B018

    def _findings_ready(self, findings: list) -> None:
        if self._window_usable():
            self.findings = findings
            self.window.show_findings(findings)

    def _start_tasks_finished(self, report: StartReport) -> None:
        if not self._window_usable():
            return
        if report.damage:
            error_dialogs.show_error(
                self.window,
                QCoreApplication.translate(
                    "App",
                    "データベースのファイルに傷が見つかりました。dvdesk を終了してもう一度起動すると、"
                    "最新の正常なバックアップから始めることができます。",
                ),
            )
        elif report.backup_error is not None:
            error_dialogs.show_storage_error(self.window, report.backup_error)
        self.tasks_done = self.window.start_tasks_done = True
        from dvdesk.storage.start_open import StartDatabase

        quick = self.start_tasks.db
        if isinstance(quick, StartDatabase) and quick.is_full:  # the desk reads through SQLAlchemy now
            quick.release_connection()

    def set_language(self, language: str) -> None:
        if language == self.translators.language:
            return
        self.settings.language = language
        if not self.translators.install(language):
            error_dialogs.show_error(
                self.window,
                QCoreApplication.translate("App", "英語の翻訳ファイルを読み込めませんでした。日本語で表示します。"),
            )
        old = self.window
        state = old.desk_state()
        old.save_layout()
        self.window = self._new_window()
        self.window.restore_desk_state(state)
        self.window.show()
        _carry_windows(old, self.window)
        old.closing.disconnect(self._window_closing)  # the desk goes on, with the new window
        old.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        old.close()


def _carry_windows(old: QWidget, new: QWidget) -> None:
    """The windows the desk had open (referral log, statistics, administration: its children, see
    ``desk_menus.open_once``) go on in the new window, open where they were with what was typed in
    them; they would otherwise be deleted with the old window. They keep the language they were
    built in until closed and opened again."""
    for child in old.findChildren(QWidget, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isWindow():
            continue
        shown, place = child.isVisible(), child.geometry()
        child.setParent(new, child.windowFlags())  # hides it
        child.setGeometry(place)
        if shown:
            child.show()


def offer_recovery(exc: CorruptDatabase) -> Database | None:
    """A damaged file: keep it aside and start from the newest good backup, if the counselor agrees.
    The offer says how much of the referral log and the counts can still be read from the file (and
    will be carried over); the result says what was."""
    from dvdesk.storage import recovery, salvage

    box = error_dialogs.error_box(
        None,
        error_dialogs.storage_message(exc),
        QCoreApplication.translate(
            "App",
            "壊れたファイルは消さずに別の名前で保管し、最新の正常なバックアップ（なければ同梱のデータ）"
            "から始めることができます。",
        )
        + "\n\n"
        + recovery.offer_words(salvage.read(exc.path), _recovery_words),
        QtWidgets.QMessageBox.StandardButton.NoButton,
    )
    start = box.addButton(
        QCoreApplication.translate("App", "バックアップから始める"), QtWidgets.QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QCoreApplication.translate("App", "終了"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(start)
    box.exec()
    if box.clickedButton() is not start:
        return None
    QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)  # ~1 s per 1,000 referrals carried over
    try:
        result = recovery.recover(exc.path)
    finally:
        QApplication.restoreOverrideCursor()
    log.warning("damaged database set aside; restored from %s", "backup" if result.restored_from else "bundle")
    if result.restored_from is not None:
        done = QCoreApplication.translate("App", "バックアップ（{name}）から復元しました。").format(
            name=result.restored_from.name
        )
    else:
        done = QCoreApplication.translate("App", "正常なバックアップがなかったため、同梱のデータから始めました。")
    warning = result.warning(_recovery_words)  # referrals, moves, counts it lacks
    kept = (  # a file that was gone (MissingDatabase) had nothing to set aside
        "\n" + QCoreApplication.translate("App", "壊れたファイルの保管先: {path}").format(path=result.damaged_copy)
        if result.damaged_copy is not None
        else ""
    )
    QtWidgets.QMessageBox.information(None, "dvdesk", done + kept + ("\n\n" + warning if warning else ""))
    return result.db


def _recovery_words(template: str) -> str:
    """A sentence of the recovery (``storage.recovery_words``, marked there) in the interface language."""
    return QCoreApplication.translate("Recovery", template)


def open_or_explain() -> Database | None:
    """The database, or None after telling the counselor (in Japanese) why it cannot be used."""
    from dvdesk.gui.shared_desk import open_shared_or_local

    try:
        return open_shared_or_local()  # a server URL: shared mode, with the local copy behind it
    except CorruptDatabase as exc:
        log.error("damaged database at %s: %s", exc.path, exc.detail)
        try:
            return offer_recovery(exc)
        except StorageError as again:
            error_dialogs.show_storage_error(None, again)
    except StorageError as exc:
        log.error("cannot open the database: %s", exc.detail)  # SQLite's words; nothing typed yet
        error_dialogs.show_storage_error(None, exc)
    except Exception as exc:  # e.g. a damaged bundled directory on first start
        log.error("could not open the database: %s", error_dialogs.scrubbed_traceback(type(exc), exc.__traceback__))
        error_dialogs.show_error(
            None,
            QCoreApplication.translate("App", "データベースを準備できませんでした。管理者に連絡してください。"),
            detail=QCoreApplication.translate("App", "詳しい記録: {log}").format(log=paths.log_dir()),
        )
    return None


def run(argv: list[str] | None = None) -> int:
    # Start-up allocates hundreds of thousands of long-lived objects (modules, Qt wrappers) and
    # hardly any garbage cycles: the collector made ~200 passes over them before the first paint
    # (170–230 ms; more under load). It stays off until the window has painted (``Desk``), and
    # what start-up built is then frozen out of its sight.
    gc.disable()
    configure_logging()
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("dvdesk")
    settings = Settings()
    apply_font(app, settings.point_size)
    translators = Translators()
    translators.install(settings.language)
    hook = error_dialogs.ExceptionHook()
    hook.install()
    guard = None
    try:
        guard, ended = single_instance.guard_or_explain()  # one desk per user and data
        if guard is None:
            return ended
        db = open_or_explain()
        if db is None:
            return 1
        desk = Desk(db, settings, translators)
        guard.raise_requested.connect(lambda: single_instance.bring_to_front(desk.window))
        desk.settled.connect(guard.listen)  # QtNetwork after the first paint; later starts wait for it
        desk.show()
        code = app.exec()
        db.close()
        return code
    finally:
        if guard is not None:
            guard.release()
        collect_again()
        hook.uninstall()
