"""A second start on the same data brings the open desk to the front and ends (never a second
window, never a second writer on the same SQLite file); when the open desk cannot be reached,
a Japanese message says so."""

from __future__ import annotations

import getpass
import hashlib
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from conftest import MINI
from dvdesk import paths
from dvdesk.gui import app as gui_app
from dvdesk.gui import single_instance
from dvdesk.gui.main_window import MainWindow
from dvdesk.gui.single_instance import Claim, InstanceGuard
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database


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


def test_the_second_start_asks_the_first_to_come_to_the_front(qtbot, guards, key, tmp_path):
    first = guards()
    assert first.claim() is Claim.FIRST
    first.listen()
    with qtbot.waitSignal(first.raise_requested, timeout=60_000):
        later = _spawn(key, tmp_path)  # answered from this event loop while the signal is awaited
    assert _ended(later) == Claim.RAISED.value


def test_after_the_first_desk_ends_the_next_start_is_the_desk(qtbot, guards, key, tmp_path):
    first = guards()
    assert first.claim() is Claim.FIRST
    first.release()
    third = guards()
    assert third.claim() is Claim.FIRST
    third.listen()
    with qtbot.waitSignal(third.raise_requested, timeout=60_000):
        later = _spawn(key, tmp_path)
    assert _ended(later) == Claim.RAISED.value


def test_a_desk_frozen_after_it_opened_is_reported_not_taken_as_raised(guards, key, tmp_path):
    """Its socket accepts and buffers the request, but nothing reads it: the later start said
    nothing and ended, as if the window had come forward. Now it waits for the answer and says so."""
    first = guards()
    assert first.claim() is Claim.FIRST
    first.listen()  # and then its event loop never runs again (here: the test blocks on the later start)
    later = _spawn(key, tmp_path, patience=2.0)
    assert _ended(later) == Claim.UNREACHABLE.value


def test_a_lock_held_by_a_desk_that_does_not_answer_is_reported_not_ignored(qtbot, tmp_path, key, monkeypatch):
    monkeypatch.setattr(single_instance, "RETRY_S", 0.01)
    monkeypatch.setattr(single_instance, "PATIENCE_S", 0.1)
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
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    first = subprocess.Popen([sys.executable, "-c", FIRST_DESK], stdout=subprocess.PIPE, text=True, env=env)
    opened: list[bool] = []
    monkeypatch.setattr(gui_app, "open_or_explain", lambda: opened.append(True))
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "listening"
        assert gui_app.run([]) == 0
    finally:
        said = _ended(first)
    assert said == "raised"  # the open desk heard it
    assert not opened


# An open desk in its own process (its event loop answers): listening, then "raised" when asked.
FIRST_DESK = textwrap.dedent("""
    from PySide6.QtCore import QCoreApplication, QTimer
    from dvdesk.gui.single_instance import Claim, InstanceGuard, instance_key
    app = QCoreApplication([])
    guard = InstanceGuard(instance_key())
    assert guard.claim() is Claim.FIRST
    guard.listen()
    guard.raise_requested.connect(lambda: (print("raised", flush=True), app.quit()))
    print("listening", flush=True)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    guard.release()
""")


def test_an_unreachable_desk_gives_a_japanese_message_and_no_second_window(qtbot, monkeypatch):
    monkeypatch.setattr(single_instance, "RETRY_S", 0.01)
    monkeypatch.setattr(single_instance, "PATIENCE_S", 0.1)
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


def test_the_key_is_the_one_earlier_versions_use(tmp_path, monkeypatch):
    """An older dvdesk still open on this data (hashlib's SHA-256 of the same words) is the same desk."""
    monkeypatch.setenv("DVDESK_HOME", str(tmp_path / "desk"))
    monkeypatch.setenv("DVDESK_DB", str(tmp_path / "日本語の名前.sqlite3"))
    where = f"{getpass.getuser()}\0{paths.data_dir().resolve()}\0{os.environ['DVDESK_DB']}"
    assert single_instance.instance_key() == "dvdesk-" + hashlib.sha256(where.encode()).hexdigest()[:20]


def test_the_first_desk_answers_nobody_until_it_listens(guards, monkeypatch):
    """Holding the lock is enough to be the desk; the socket opens once the window is up."""
    monkeypatch.setattr(single_instance, "PATIENCE_S", 0.0)
    first = guards()
    assert first.claim() is Claim.FIRST and not first.listening
    assert guards().claim() is Claim.UNREACHABLE  # asked at once, nobody answers yet
    first.listen()
    assert first.listening


# A later start in its own process (as a second double-click is): it claims and prints the result.
LATER_START = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from dvdesk.gui.single_instance import InstanceGuard
    from dvdesk.gui import single_instance
    app = QCoreApplication([])
    if len(sys.argv) > 3:
        single_instance.PATIENCE_S = float(sys.argv[3])
    folder = Path(sys.argv[2]) if sys.argv[2] != "-" else None  # "-": the desk's own lock folder
    guard = InstanceGuard(sys.argv[1], folder)
    if folder is not None:
        Path(folder, "claiming").touch()
    print(guard.claim().value, flush=True)
    guard.release()
""")


def _spawn(key: str, folder: Path | str, patience: float | None = None) -> subprocess.Popen[str]:
    """A later start in its own process (``folder``: its lock folder, "-" the desk's; ``patience``:
    its ``PATIENCE_S``)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    argv = [sys.executable, "-c", LATER_START, key, str(folder)] + ([str(patience)] if patience is not None else [])
    return subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env)


def _later_start(qtbot, key: str, folder: Path) -> subprocess.Popen[str]:
    """Started, and waiting in ``claim`` for a moment (more than one retry), not ended."""
    later = _spawn(key, folder)
    try:
        qtbot.waitUntil(lambda: (folder / "claiming").exists() or later.poll() is not None, timeout=120_000)
        qtbot.wait(int(single_instance.RETRY_S * 3000))
        assert later.poll() is None, "the later start did not wait for the first"
    except BaseException:
        later.kill()
        later.wait(30)
        raise
    return later


def _ended(later: subprocess.Popen[str]) -> str:
    try:
        out, _ = later.communicate(timeout=120)
    finally:
        if later.poll() is None:
            later.kill()
            later.wait(30)
    return out.strip()


def test_a_start_while_the_first_still_builds_its_window_waits_and_brings_it_forward(qtbot, guards, key, tmp_path):
    first = guards()
    assert first.claim() is Claim.FIRST  # building its window: not listening yet
    later = _later_start(qtbot, key, tmp_path)
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=60_000):
            first.listen()  # the window is up
    finally:
        answer = _ended(later)
    assert answer == Claim.RAISED.value


def test_a_start_while_the_first_ends_before_its_window_becomes_the_desk(qtbot, tmp_path, key):
    held = QLockFile(str(tmp_path / f"{key}.lock"))  # a desk starting, then closed (an error dialog)
    assert held.tryLock(0)
    later = _later_start(qtbot, key, tmp_path)
    held.unlock()
    assert _ended(later) == Claim.FIRST.value


def test_the_desk_listens_for_later_starts_once_its_window_is_up(tmp_path, monkeypatch, qapp):
    path = tmp_path / "desk.sqlite3"
    db = open_database(path, fill=False)
    load_into(db, MINI)
    db.close()
    monkeypatch.setenv("DVDESK_DB", str(path))
    font = QApplication.font()
    seen: list[tuple[str, bool]] = []
    listen = InstanceGuard.listen

    def watched(guard: InstanceGuard) -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.append(("window shown", bool(windows)))
        listen(guard)
        seen.append(("listening", guard.listening))
        later.append(_spawn(guard.key, "-"))  # a later start, answered from the desk's event loop

    deadline = time.monotonic() + 120  # a desk that never listens fails the test, it does not hang it
    later: list[subprocess.Popen[str]] = []

    def close() -> None:
        if later and later[0].poll() is not None and len(seen) == 2:
            seen.append(("later start", _ended(later[0]) == Claim.RAISED.value))
        done = len(seen) == 3 or time.monotonic() > deadline
        for window in QApplication.topLevelWidgets():
            if done and isinstance(window, MainWindow) and window.isVisible():
                window.close()

    monkeypatch.setattr(InstanceGuard, "listen", watched)
    timer = QTimer()
    timer.timeout.connect(close)
    timer.start(20)
    try:
        assert gui_app.run([]) == 0
    finally:
        timer.stop()
        QApplication.setFont(font)
    assert seen == [("window shown", True), ("listening", True), ("later start", True)]


@pytest.mark.parametrize("variables", [{"USER": "kato"}, {"LNAME": "kato", "USERNAME": "sato"}, {}])
def test_the_user_part_is_getpass_getuser(monkeypatch, variables):
    """The user name read without importing getpass is getpass.getuser()'s, with or without the
    variables it reads (none set: the password database, as getpass reads it)."""
    for name in single_instance._USER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert single_instance._user() == getpass.getuser()


def test_the_user_is_read_without_getpass_when_no_variable_is_set():
    code = "import sys; from dvdesk.gui import single_instance as s; u = s._user(); print(u, 'getpass' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k not in single_instance._USER_VARIABLES}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [getpass.getuser(), "False"]
