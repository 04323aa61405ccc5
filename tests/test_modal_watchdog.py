"""The tests' own guard against a hang: a modal dialog nobody answers is closed and reported
(tests/modal_watchdog.py), so a forgotten ``exec()`` fails one test instead of stalling CI."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

import modal_watchdog


def test_a_dialog_nobody_answers_is_closed_and_named(qtbot):
    # Its own watch, with a short patience; the run's watch of this test keeps its 60 s, so only
    # this one can close the dialog (a shared, patched patience let either close it first).
    watch = modal_watchdog._Watch(patience_s=0.2, every_ms=50)
    try:
        QMessageBox.warning(None, "確認", "誰も答えないダイアログ")  # returns only once closed
    finally:
        watch.stop()
    assert len(watch.forgotten) == 1 and "誰も答えないダイアログ" in watch.forgotten[0]
