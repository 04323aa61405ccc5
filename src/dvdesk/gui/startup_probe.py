"""Startup measurement, for benchmarks/bench_startup.py and the built bundle's smoke test.

With ``DVDESK_STARTUP_PROBE=app`` the ordinary startup (``dvdesk.gui.app.run``) runs unchanged,
watched from outside: when its main window has painted for the first time, one search runs on
the database the app opened, the times are printed as one JSON line, and the app quits.
``DVDESK_STARTUP_PROBE=bare`` shows an empty QMainWindow the same way, for comparison.
Times are wall-clock seconds (``time.time()``), so the caller can subtract its own spawn time.

Nothing here runs unless the variable is set; a counselor never sees it.
"""

from __future__ import annotations

import json
import sys
import time

ENV = "DVDESK_STARTUP_PROBE"
PROBE_QUERY = "住宅"


def run(mode: str) -> int:
    entered = time.time()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    marks: dict[str, float] = {"probe_entered": entered, "qt_ready": time.time()}
    opened: list = []

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802 (Qt name)
            if (event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow)
                    and "window_painted" not in marks):
                marks["window_painted"] = time.time()
                QTimer.singleShot(0, finish)
            return False

    def finish() -> None:
        if mode != "bare":
            marks.update(_first_search(opened))
        marks["peak_rss_mb"] = _peak_rss_mb()
        print(json.dumps({"mode": mode, "utf8_mode": sys.flags.utf8_mode, **marks}), flush=True)
        app.quit()

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    QTimer.singleShot(30_000, app.quit)  # never hang a benchmark or CI
    if mode == "bare":
        window = QMainWindow()
        window.resize(1000, 700)
        window.show()
        app.exec()
        return 0 if "window_painted" in marks else 1
    _remember_database(opened)
    from dvdesk.gui import app as gui_app

    code = gui_app.run()
    return code if "first_search" in marks else 1


def _remember_database(opened: list) -> None:  # type: ignore[type-arg]
    """Keep the Database the app opens, so the probe's search uses the app's own connection."""
    from dvdesk.storage import db as storage_db

    real = storage_db.open_database

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        db = real(*args, **kwargs)
        opened.append(db)
        return db

    storage_db.open_database = recording
    import dvdesk.gui.app as gui_app

    if getattr(gui_app, "open_database", None) is real:
        gui_app.open_database = recording


def _first_search(opened: list) -> dict[str, float]:  # type: ignore[type-arg]
    from dvdesk.app.directory_queries import DeskData
    from dvdesk.domain.search import SearchQuery

    if not opened:
        from dvdesk.storage.db import open_database

        opened.append(open_database())
    hits = DeskData(opened[0]).search_services(SearchQuery(PROBE_QUERY))
    return {"first_search": time.time(), "first_search_hits": float(len(hits))}


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
