"""Start-up work that can wait until the window is on screen, run in one worker thread.

In order: the directory scan (``integrity.scan``: the banner about records that break a rule),
``PRAGMA quick_check`` when the open skipped it (the last close was clean, see
``storage.open_marker``), and the start backup when the file changed since the newest backup. At
national scale these cost 1, 1.5 and 7 seconds; at city scale a few dozen milliseconds, but even
those are not worth a counselor's wait before she can type.

The worker uses its own connections (SQLite's locking keeps its reads consistent; the backup is
one read snapshot), and reports back to the window's thread through a queued signal. It never
writes to the database. A damaged file found here is marked so that the next start checks it
before use and offers the recovery; no backup is taken of it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from dvdesk.domain import integrity
from dvdesk.domain.integrity import Finding
from dvdesk.storage import backup
from dvdesk.storage.db import Database, quick_check
from dvdesk.storage.errors import StorageError

log = logging.getLogger(__name__)


@dataclass
class StartReport:
    """What the worker found; each part is set once its step has run."""

    findings: list[Finding] | None = None
    damage: str = ""  # what quick_check said, when it was not "ok"
    backup_error: StorageError | None = None
    backup_taken: bool = False
    errors: list[str] = field(default_factory=list)  # unexpected failures, for the log


class StartTasks(QObject):
    """Runs the steps in a daemon thread (a clean exit does not wait for a backup half-taken; its
    partial file is removed by the next backup). ``findings_ready`` arrives first, ``finished``
    last; both in the thread that created this object."""

    findings_ready = Signal(list)
    finished = Signal(object)  # StartReport

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
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
        except BaseException as exc:  # noqa: BLE001 — nothing may escape a worker thread; the log says what
            log.error("start tasks stopped: %s: %s", type(exc).__name__, exc)

    def _emit(self, signal: Signal, value: object) -> None:
        try:
            signal.emit(value)  # type: ignore[attr-defined]
        except RuntimeError:  # the desk closed (and this object with it) before the steps ended
            pass

    def _steps(self) -> None:
        report = self.report
        try:
            with self.db.read() as session:
                report.findings = integrity.scan(session)
        except Exception as exc:  # a storage failure here is met again, and explained, by the desk
            report.errors.append(f"scan: {type(exc).__name__}: {exc}")
            report.findings = []
        self._emit(self.findings_ready, report.findings)
        try:
            if not self.db.checked:
                verdict = quick_check(self.db.path)
                if verdict != "ok":
                    report.damage = verdict
                    self.db.keep_check_mark()  # the next start checks first and offers recovery
                    log.error("damaged database found after start: %s", verdict)
            if not report.damage and backup.changed_since_last_backup(self.db.path):
                backup.take(self.db.path, "start")
                report.backup_taken = True
        except StorageError as exc:
            report.backup_error = exc
            log.error("start backup failed: %s", exc.detail)
        except Exception as exc:
            report.errors.append(f"{type(exc).__name__}: {exc}")
        for error in report.errors:
            log.error("start task failed: %s", error)
        self._emit(self.finished, report)
