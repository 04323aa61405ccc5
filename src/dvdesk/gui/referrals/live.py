"""Keep a referral view current without reloading: poll the cheap change fingerprint.

Every ``interval_ms`` the timer asks ``referral_queue.ChangeWatch`` whether any referral was
added, moved, noted or deleted (one aggregate query); only then is the view refreshed. Works on
SQLite and PostgreSQL alike. While the shared server is away nothing is polled: the view keeps
what it last showed and the desk's banner says the server is away. A view that is hidden (the
referral log closed: the desk keeps it for its next opening) is not polled either; it looks at
once when it is shown again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from dvdesk.app.referral_queue import ChangeWatch
from dvdesk.domain.input_errors import InputError
from dvdesk.gui.error_dialogs import storage_message
from dvdesk.storage.errors import StorageError

log = logging.getLogger(__name__)
POLL_MS = 4000


class LiveRefresh(QObject):
    def __init__(
        self,
        db,
        refresh: Callable[[], None],
        parent: QObject,
        interval_ms: int = POLL_MS,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.refresh, self.on_failure = db, refresh, on_failure
        self.watch = ChangeWatch(db.read)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.view = parent if isinstance(parent, QWidget) else None
        if self.view is not None:
            self.view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show:
            self.poll()  # what changed while it was hidden, at once
        return False

    def poll(self) -> bool:
        """Refresh the view if the referrals changed; True if it did."""
        if self.view is not None and not self.view.isVisible():
            return False  # nobody sees it: no read every few seconds (looked at again when shown)
        if not getattr(self.db, "online", True):
            self.watch.reset()  # look again when the server is back
            return False
        try:
            changed = self.watch.changed()
        except (StorageError, InputError) as exc:
            log.warning("referral poll failed: %s", type(exc).__name__)
            self.watch.reset()
            if self.on_failure is not None:
                self.on_failure(storage_message(exc) if isinstance(exc, StorageError) else exc.message)
            return False
        if changed:
            self.refresh()
        return changed

    def mark_seen(self) -> None:
        """The view has just filled itself: note where things stand (quietly, if unreadable)."""
        try:
            self.watch.changed()
        except (StorageError, InputError):
            self.watch.reset()


def keep_current(widget, db, interval_ms: int = POLL_MS) -> LiveRefresh:
    """Attach a poller to a window with ``refresh()`` (the referral log)."""
    live = LiveRefresh(db, widget.refresh, widget, interval_ms)
    live.mark_seen()
    return live
