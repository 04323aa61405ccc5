"""The start checks (``app.start_checks``: directory scan, file check, start backup) in one worker
thread, after the window is on screen; results come back to the window's thread by queued signals.

After the desk's quick start the worker first builds the ordinary database (importing SQLAlchemy
off the window's thread; ``storage.start_open``). The worker uses its own connections (SQLite's
locking keeps its reads consistent; the backup is one read snapshot) and never writes to the
database.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance

from dvdesk.app import start_checks
from dvdesk.app.start_checks import StartReport

if TYPE_CHECKING:
    from dvdesk.storage.db import Database
    from dvdesk.storage.start_open import StartDatabase

log = logging.getLogger(__name__)


class StartTasks(QObject):
    """Runs the steps in a daemon thread (a clean exit does not wait for a backup half-taken; its
    partial file is removed by the next backup). ``findings_ready`` arrives first, ``finished``
    last; both in the thread that created this object."""

    findings_ready = Signal(list)
    finished = Signal(object)  # StartReport

    def __init__(self, db: Database | StartDatabase, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.report = StartReport()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="dvdesk-start-tasks", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """For tests and a clean shutdown: True when the steps have all run."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            self._steps()
        except BaseException as exc:
            log.error("start tasks stopped: %s: %s", type(exc).__name__, exc)

    def _emit(self, signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the desk closed (and this object with it) before the steps ended
            pass

    def _steps(self) -> None:
        start_checks.run(self.db, self.report, lambda findings: self._emit(self.findings_ready, findings))
        self._emit(self.finished, self.report)
