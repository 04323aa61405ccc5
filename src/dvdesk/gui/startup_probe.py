"""Startup measurement, for benchmarks/bench_startup.py and the built bundle's smoke test.

With ``DVDESK_STARTUP_PROBE=app`` the ordinary startup (``dvdesk.gui.app.run``) runs unchanged,
watched from outside: when its main window has painted for the first time, one search runs on
the database the app opened, the times are printed as one JSON line, and the app quits.
``DVDESK_STARTUP_PROBE=bare`` shows an empty QMainWindow the same way, for comparison.
Times are wall-clock seconds (``time.time()``), so the caller can subtract its own spawn time;
``cpu_*`` marks are the process's CPU time so far in milliseconds (every thread, from the
interpreter's start), which a loaded machine inflates far less than the wall clock.

Nothing here runs unless the variable is set; a counselor never sees it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dvdesk.app.directory_queries import DeskData

ENV = "DVDESK_STARTUP_PROBE"
WAIT_TASKS = "DVDESK_STARTUP_PROBE_TASKS"  # set: also wait for the start checks after the first paint
TIMEOUT = "DVDESK_STARTUP_PROBE_TIMEOUT"  # seconds; 30 unless set (a national directory on a busy PC)
PROBE_QUERY = "住宅"
CLOSE_EVERY_MS = 200  # after the timeout: a dialog shown later (the next error) is closed too


def run(mode: str) -> int:
    entered = time.time()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    marks: dict[str, float | list[str]] = {"probe_entered": entered, "qt_ready": time.time()}
    opened: list = []

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow) and "window_painted" not in marks:
                marks["window_painted"] = time.time()
                marks["cpu_window_painted"] = time.process_time() * 1000
                marks["sqlalchemy_at_paint"] = float("sqlalchemy" in sys.modules)
                marks["qtnetwork_at_paint"] = float("PySide6.QtNetwork" in sys.modules)  # single_instance
                QTimer.singleShot(0, finish)
            return False

    def finish() -> None:
        if mode != "bare":
            marks.update(_first_search(opened))
        marks["peak_rss_mb"] = _peak_rss_mb()
        if mode != "bare" and os.environ.get(WAIT_TASKS):
            wait_for_tasks()
            return
        report()

    def wait_for_tasks() -> None:
        """Until the window's start checks (scan, file check, backup) have run; a version without
        them did that work before its window showed."""
        from dvdesk.gui.main_window import MainWindow

        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and not getattr(windows[0], "start_tasks_done", True):
            QTimer.singleShot(20, wait_for_tasks)
            return
        marks["start_tasks_done"] = time.time()
        marks["peak_rss_mb_after_tasks"] = _peak_rss_mb()
        report()

    def report() -> None:
        print(json.dumps({"mode": mode, "utf8_mode": sys.flags.utf8_mode, **marks}), flush=True)
        app.quit()

    # The main window's events only: a Python filter on the whole application makes PySide wrap
    # every Qt object an event goes to (headers, scroll bars, viewports, the platform window), and
    # finding their classes created ~140 Python enums, ~0.1 s of CPU the window itself never spends.
    watcher = FirstPaint()
    seconds = int(os.environ.get(TIMEOUT, "30"))
    closer = QTimer()
    closer.setInterval(CLOSE_EVERY_MS)

    def give_up() -> None:
        """Never hang a benchmark or CI. A start that failed waits in a modal dialog (an error it
        cannot get past), whose own event loop ``app.quit()`` does not end: Qt ends only
        ``app.exec()``, which has not started yet. So the dialogs are closed (now and any shown
        after), the failure is reported with their text, and the probe ends non-zero."""
        dialogs = _close_dialogs()
        if not closer.isActive():
            marks["timed_out"] = time.time()
            failure = {"mode": mode, "error": f"no first search within {seconds} s", "dialogs": dialogs, **marks}
            print(json.dumps(failure, ensure_ascii=False), flush=True)
            print(f"startup probe: {failure['error']}; dialogs: {dialogs}", file=sys.stderr, flush=True)
            closer.timeout.connect(give_up)
            closer.start()
        app.exit(1)

    QTimer.singleShot(seconds * 1000, give_up)
    if mode == "bare":
        window = QMainWindow()
        window.installEventFilter(watcher)
        window.resize(1000, 700)
        window.show()
        app.exec()
        return 0 if "window_painted" in marks else 1
    from dvdesk.gui import app as gui_app

    show = gui_app.Desk.show

    def watched_show(desk: gui_app.Desk) -> None:
        desk.window.installEventFilter(watcher)
        show(desk)

    gui_app.Desk.show = watched_show  # type: ignore[method-assign,assignment]  # the probe watches the real start
    code = gui_app.run()
    return code if "first_search" in marks else 1


def _close_dialogs() -> list[str]:
    """Close every dialog shown (modal ones run their own event loop) and return their texts."""
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    texts = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            text = widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle()
            texts.append(text)
            widget.done(QDialog.DialogCode.Rejected)
    return texts


def _first_search(opened: list[DeskData]) -> dict[str, float | list[str]]:
    """One search on the database the app opened (its window's), as typed into the search box would."""
    from PySide6.QtWidgets import QApplication

    from dvdesk.app.directory_queries import DeskData
    from dvdesk.domain.search import SearchQuery
    from dvdesk.gui.main_window import MainWindow

    if not opened:  # the window's own reads (after a quick start: still plain sqlite3)
        opened.extend(w.data for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    if not opened:
        from dvdesk.storage.db import open_database

        opened.append(DeskData(open_database()))
    hits = opened[0].search_services(SearchQuery(PROBE_QUERY))
    return {
        "first_search": time.time(),
        "cpu_first_search": time.process_time() * 1000,
        "first_search_hits": float(len(hits)),
        "sqlalchemy_at_first_search": float("sqlalchemy" in sys.modules),
        # PySide's type search for a Qt-made widget (``gui.qt_wrap``) creates every widget class:
        # QWizard (never used by the window) is one of them.
        "widget_search_at_first_search": float("QWizard" in vars(sys.modules["PySide6.QtWidgets"])),
        "qicon_at_first_search": float("QIcon" in vars(sys.modules["PySide6.QtGui"])),  # gui.qt_wrap
        "html_at_first_search": float("html" in sys.modules),  # gui.detail_html.escape
        # PySide's ``Qt`` namespace (93 enum classes): never named before the first paint (gui.qt_ints)
        "qt_namespace_at_first_search": float("Qt" in vars(sys.modules["PySide6.QtCore"])),
        # The detail records' dataclasses (domain.detail_views) and OpenSSL (hashlib; dvdesk.sha256)
        "detail_views_at_first_search": float("dvdesk.domain.detail_views" in sys.modules),
        "hashlib_at_first_search": float("hashlib" in sys.modules),
        # Dataclasses made by then (each compiles its methods: ~0.4 ms; the start's records are
        # named tuples or small classes, domain.search_records), and the module itself (~1 ms)
        "dataclasses_made": _dataclasses_made(),
        "dataclasses_at_first_search": float("dataclasses" in sys.modules),
    }


def _dataclasses_made() -> list[str]:
    """The dataclasses the desk's modules loaded so far define."""
    made = set()
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "dvdesk" and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, type) and value.__module__ == name and "__dataclass_fields__" in vars(value):
                    made.add(f"{name}.{value.__qualname__}")
    return sorted(made)


def _peak_rss_mb() -> float:
    """Peak resident memory so far (Linux VmHWM); 0 where /proc is not there (Windows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
