"""A modal dialog nobody answers fails its test instead of hanging the run.

Offscreen, a ``QMessageBox.exec()`` the test did not patch or answer waits for a click that
never comes: the worker stalls and CI runs into its time limit without saying which test. While
a test runs inside Qt's event loop (which a modal dialog is), a timer looks at the active modal
widget; one open for ``PATIENCE_S`` is closed, and the test fails with the dialog's text.
A test that answers its dialogs (a timer, ``qtbot``) does so within milliseconds.
"""

from __future__ import annotations

import sys
import time

import pytest

PATIENCE_S = 60.0
LOOK_EVERY_MS = 1000


class _Watch:
    # The patience is fixed when the watch starts: a test that watches with a shorter one of its own
    # must not shorten the run's watch of that same test (which would close its dialog first).
    def __init__(self, patience_s: float = PATIENCE_S, every_ms: int = LOOK_EVERY_MS) -> None:
        from PySide6.QtCore import QTimer

        self.patience_s = patience_s
        self.first_seen: dict[int, float] = {}
        self.forgotten: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self.look)
        self.timer.start(every_ms)

    def look(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        since = self.first_seen.setdefault(id(widget), time.monotonic())
        if time.monotonic() - since < self.patience_s:
            return
        text = widget.text() if isinstance(widget, QMessageBox) else ""
        self.forgotten.append(f"{type(widget).__name__} 「{widget.windowTitle()}」 {text}".strip())
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()

    def stop(self) -> None:
        self.timer.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):  # type: ignore[no-untyped-def]
    watch = None
    if "PySide6.QtWidgets" in sys.modules:  # no Qt, no dialog: nothing to watch
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            watch = _Watch()
    try:
        result = yield
    finally:
        if watch is not None:
            watch.stop()
    if watch is not None and watch.forgotten:
        pytest.fail(f"a modal dialog stayed open {PATIENCE_S:.0f} s with nobody to answer it: {watch.forgotten}")
    return result
