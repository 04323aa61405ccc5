"""Long work of a window (reading, checking and applying an import; an export) in a worker thread,
behind a modal dialog that says what is happening and for how long.

On the window's thread a national package froze the administration window for minutes: nothing
repainted, and Windows marks such a window 「応答なし」 after five seconds and offers to close it
— an administrator who accepts loses the import (it is one transaction: nothing is half-written,
but nothing is imported either) and no longer knows what state the directory is in. Here the
window keeps painting, the dialog shows the time passed, and the caller still reads as one call:
``run_busy`` returns the work's result or raises its exception on the window's thread.

The dialog cannot be closed while the work runs (a write cannot be stopped halfway, and a second
import started meanwhile would wait on the first). The work must not touch Qt: it is the Qt-free
layers' own functions (``admin.package``, ``admin.sheets`` …), which open their own sessions.

The cyclic garbage collector is off while the work runs (``admin.collector`` does the same for an
import). Python collects in whichever thread allocates: a window or dialog left in a reference
cycle, freed by a pass in the worker, would run Qt's destructor off the window's thread — a crash
(seen once in a test run). The next pass runs on the window's thread. This module's own Qt objects
are deleted here, on the window's thread, never left to the collector.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from dvdesk.gui.plain import plain_label

T = TypeVar("T")
SHOWN_AFTER_MS = 400  # quicker work (a city's sheet) ends before any dialog flashes up


class _Finished(QObject):
    done = Signal()  # emitted from the worker; delivered on the window's thread (queued)


class BusyDialog(QDialog):
    """What is being done, an indeterminate bar and the time passed; no way to close it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("処理中"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)  # the note on two lines at most
        layout = QVBoxLayout(self)
        self.text = plain_label(text)
        self.text.setWordWrap(True)
        bar = QProgressBar()
        bar.setRange(0, 0)  # no fraction to show: the work reports none
        self.elapsed = QLabel()
        note = QLabel(self.tr("終わるまで、dvdesk を閉じたり PC の電源を切ったりしないでください。"))
        note.setWordWrap(True)
        for widget in (self.text, bar, self.elapsed, note):
            layout.addWidget(widget)
        self._started = time.monotonic()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._show_elapsed)
        self._tick.start(1000)
        self._show_elapsed()
        self.finished_work = False

    def _show_elapsed(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.elapsed.setText(self.tr("経過 {time}").format(time=f"{seconds // 60}:{seconds % 60:02d}"))

    def reject(self) -> None:  # Esc
        if self.finished_work:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.finished_work:
            super().closeEvent(event)
        else:
            event.ignore()


def run_busy(parent: QWidget | None, text: str, work: Callable[[], T]) -> T:
    """``work()`` in a worker thread while the window's events go on; its result, or its exception
    raised here. The busy dialog appears once the work has taken ``SHOWN_AFTER_MS``."""
    outcome: list[T] = []
    failure: list[BaseException] = []
    finished = _Finished()
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the window's thread, raised there
            failure.append(exc)
        finally:
            finished.done.emit()

    collecting = gc.isenabled()
    gc.disable()
    dialog = BusyDialog(text, parent)
    show = QTimer()
    show.setSingleShot(True)
    show.timeout.connect(dialog.show)
    show.start(SHOWN_AFTER_MS)
    worker = threading.Thread(target=target, name="dvdesk-busy", daemon=False)
    worker.start()
    try:
        loop.exec()  # until ``done`` (queued: also when the work ended before the loop began)
        worker.join()
    finally:
        show.stop()
        dialog.finished_work = True
        dialog.close()
        for made in (dialog, show, finished, loop):  # now, on this thread
            shiboken6.delete(made)
        if collecting:
            gc.enable()
    if failure:
        raise failure[0]
    return outcome[0]
