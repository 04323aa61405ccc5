"""A second start on the same data brings the open desk to the front and ends (never a second
window, never a second writer on the same SQLite file); when the open desk cannot be reached,
a Japanese message says so."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dvdesk.gui import app as gui_app
from dvdesk.gui import single_instance
from dvdesk.gui.single_instance import Claim, InstanceGuard


@pytest.fixture
def key():
    return f"dvdesk-test-{uuid.uuid4().hex[:12]}"  # never a real desk's, nor another test's


@pytest.fixture
def guards(tmp_path, key):
    made: list[InstanceGuard] = []

    def guard() -> InstanceGuard:
        made.append(InstanceGuard(key, tmp_path))
        return made[-1]

    yield guard
    for g in made:
        g.release()


def test_the_second_start_asks_the_first_to_come_to_the_front(qtbot, guards):
    first, second = guards(), guards()
    assert first.claim() is Claim.FIRST
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert second.claim() is Claim.RAISED


def test_after_the_first_desk_ends_the_next_start_is_the_desk(qtbot, guards):
    first = guards()
    assert first.claim() is Claim.FIRST
    first.release()
    third = guards()
    assert third.claim() is Claim.FIRST
    with qtbot.waitSignal(third.raise_requested, timeout=5000):
        assert guards().claim() is Claim.RAISED


def test_a_lock_held_by_a_desk_that_does_not_answer_is_reported_not_ignored(qtbot, tmp_path, key, monkeypatch):
    monkeypatch.setattr(single_instance, "RETRY_S", 0.01)
    held = QLockFile(str(tmp_path / f"{key}.lock"))  # a desk still starting: locked, not listening yet
    assert held.tryLock(0)
    try:
        assert InstanceGuard(key, tmp_path).claim() is Claim.UNREACHABLE
    finally:
        held.unlock()


def test_another_data_folder_or_database_is_another_desk(tmp_path, monkeypatch):
    here = single_instance.instance_key()
    assert single_instance.instance_key() == here  # the same data: the same desk
    monkeypatch.setenv("DVDESK_HOME", str(tmp_path / "elsewhere"))
    elsewhere = single_instance.instance_key()
    monkeypatch.setenv("DVDESK_DB", str(tmp_path / "other.sqlite3"))
    assert len({here, elsewhere, single_instance.instance_key()}) == 3


def test_the_open_window_is_restored_and_raised(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    single_instance.bring_to_front(window)
    assert window.isVisible() and not window.isMinimized()


def test_the_app_does_not_open_a_second_window_on_the_same_data(qtbot, monkeypatch):
    """``run`` with a desk already open on this data: the open one is asked to come to the front,
    nothing is opened (not even the database) and the start ends without a dialog."""
    first = InstanceGuard(single_instance.instance_key())
    assert first.claim() is Claim.FIRST
    opened: list[bool] = []
    monkeypatch.setattr(gui_app, "open_or_explain", lambda: opened.append(True))
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=5000):
            assert gui_app.run([]) == 0
    finally:
        first.release()
    assert not opened


def test_an_unreachable_desk_gives_a_japanese_message_and_no_second_window(qtbot, monkeypatch):
    monkeypatch.setattr(single_instance, "RETRY_S", 0.01)
    held = QLockFile(str(Path(QDir.tempPath()) / f"{single_instance.instance_key()}.lock"))  # starting, not listening
    assert held.tryLock(0)
    opened: list[bool] = []
    monkeypatch.setattr(gui_app, "open_or_explain", lambda: opened.append(True))
    seen: list[str] = []

    def answer() -> None:  # the message itself, not whatever modal widget may be on top
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible():
                seen.append(box.text())
                box.accept()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    try:
        assert gui_app.run([]) == 1
    finally:
        timer.stop()
        held.unlock()
    assert not opened
    assert len(seen) == 1 and "dvdesk はすでに起動しています" in seen[0] and "Traceback" not in seen[0]
