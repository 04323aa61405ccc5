"""Start-up work that can wait until the window is on screen (``gui.start_tasks`` runs it in a
worker thread after the first paint).

In order: the directory scan (``integrity.scan``: the banner about records that break a rule),
``PRAGMA quick_check`` when the open skipped it (the last close was clean, see
``storage.open_marker``), and the start backup when the file changed since the newest backup. At
national scale these cost about 1, 1.5 and 7 seconds; at city scale a few dozen milliseconds.

Nothing here writes to the database. A damaged file found here is marked so that the next start
checks it before use and offers the recovery, and no backup is taken of it (it would be refused by
the backup's own check anyway).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from dvdesk.storage import backup
from dvdesk.storage.errors import StorageError
from dvdesk.storage.sqlite_file import quick_check
from dvdesk.storage.start_open import StartDatabase

if TYPE_CHECKING:
    from dvdesk.domain.integrity import Finding
    from dvdesk.storage.db import Database

log = logging.getLogger(__name__)


class StartReport:
    """What the start checks found; each part is set once its step has run. (A plain class: this
    module is imported before the desk's first search, and a dataclass compiles its methods then.)"""

    def __init__(
        self,
        findings: list[Finding] | None = None,
        damage: str = "",  # what quick_check said, when it was not "ok"
        backup_error: StorageError | None = None,
        backup_taken: bool = False,
        errors: list[str] | None = None,  # unexpected failures, for the log
    ) -> None:
        self.findings = findings
        self.damage = damage
        self.backup_error = backup_error
        self.backup_taken = backup_taken
        self.errors: list[str] = [] if errors is None else errors


def run(
    db: Database | StartDatabase, report: StartReport, findings_ready: Callable[[list[Finding]], None]
) -> StartReport:
    """The steps in order. After the desk's quick start (``StartDatabase``) the first step builds
    the ordinary database, importing SQLAlchemy in this (worker) thread, not the window's."""
    from dvdesk.domain import integrity  # with the database layer: after the first paint
    from dvdesk.storage.db import Database

    if isinstance(db, StartDatabase):
        db = db.full()
    try:
        with db.read() as session:
            report.findings = integrity.scan(session)
    except Exception as exc:  # a storage failure here is met again, and explained, by the desk
        report.errors.append(f"scan: {type(exc).__name__}: {exc}")
        report.findings = []
    findings_ready(report.findings)
    if not isinstance(db, Database) or db.is_server:
        return _logged(report)  # a server (shared mode) is checked and backed up on the server (pg_dump)
    try:
        if not db.checked:
            verdict = quick_check(db.path)
            if verdict != "ok":
                report.damage = verdict
                db.keep_check_mark()  # the next start checks first and offers recovery
                log.error("damaged database found after start: %s", verdict)
        if not report.damage and backup.changed_since_last_backup(db.path):
            backup.take(db.path, "start")
            report.backup_taken = True
    except StorageError as exc:
        report.backup_error = exc
        log.error("start backup failed: %s", exc.detail)
    except Exception as exc:
        report.errors.append(f"{type(exc).__name__}: {exc}")
    return _logged(report)


def _logged(report: StartReport) -> StartReport:
    for error in report.errors:
        log.error("start task failed: %s", error)
    return report
