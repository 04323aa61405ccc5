"""Long work off the window's thread (``gui.busy``): the window keeps handling its events, the
caller gets the result or the exception, and the busy dialog cannot be closed mid-work."""

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.gui import busy
from dvdesk.gui.admin.window import AdminWindow
from dvdesk.storage.db import open_database

WAIT = 20  # seconds a worker waits for the window's thread before the test fails


class _Poke(QObject):
    """Made on the window's thread: a signal emitted from a worker runs its slot there."""

    poked = Signal(object)


def _busy_dialogs():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, busy.BusyDialog) and w.isVisible()]


def test_the_work_runs_on_another_thread_and_its_result_comes_back(qtbot):
    window_thread = threading.get_ident()
    result = busy.run_busy(None, "テスト", lambda: ("done", threading.get_ident()))
    assert result[0] == "done" and result[1] != window_thread


def test_the_works_exception_is_raised_to_the_caller_and_no_dialog_is_left(qtbot):
    class Refused(Exception):
        pass

    def work():
        raise Refused("壊れています")

    with pytest.raises(Refused, match="壊れています"):
        busy.run_busy(None, "テスト", work)
    QApplication.processEvents()
    assert _busy_dialogs() == []


def test_the_window_keeps_handling_events_while_the_work_runs(qtbot):
    """The work waits for a timer of the window's thread: were that thread blocked (the old way),
    the timer would never fire and the work would give up."""
    ticked = threading.Event()
    QTimer.singleShot(50, ticked.set)
    assert busy.run_busy(None, "テスト", lambda: ticked.wait(WAIT)) is True


def test_the_busy_dialog_shows_what_and_how_long_and_does_not_close_mid_work(qtbot):
    release = threading.Event()
    seen: dict[str, object] = {}

    def look() -> None:
        dialogs = _busy_dialogs()
        seen["shown"] = len(dialogs)
        if dialogs:
            dialog = dialogs[0]
            seen["text"] = dialog.text.text()
            seen["elapsed"] = dialog.elapsed.text()
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            dialog.close()
            seen["after_esc_and_close"] = dialog.isVisible()
        release.set()

    QTimer.singleShot(busy.SHOWN_AFTER_MS + 600, look)
    assert busy.run_busy(None, "パッケージを取り込んでいます…", lambda: release.wait(WAIT)) is True
    assert seen["shown"] == 1
    assert seen["text"] == "パッケージを取り込んでいます…"
    assert str(seen["elapsed"]).startswith("経過 0:0")
    assert seen["after_esc_and_close"] is True  # still there: the write cannot be stopped halfway
    QApplication.processEvents()
    assert _busy_dialogs() == []  # gone once the work ended


def test_quick_work_shows_no_dialog(qtbot, monkeypatch):
    shown: list[bool] = []
    monkeypatch.setattr(busy.BusyDialog, "show", lambda self: shown.append(True))
    busy.run_busy(None, "テスト", lambda: None)
    QTest.qWait(busy.SHOWN_AFTER_MS + 200)
    assert shown == []


def test_the_admin_windows_package_import_reads_and_applies_off_the_window_thread(
    qtbot, mini_db, tmp_path, monkeypatch
):
    """The read, the preview and the apply each run while the window's timers still fire; the
    import lands as before."""
    window = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(window)
    window.show()
    source = open_database(tmp_path / "other.sqlite3", fill=False)
    first = tmp_path / "first.dvdesk"
    pk.export_package(mini_db, first)
    pk.apply_package(source, pk.read_package(first), "x")
    changed = {**Editor(source, "x").load("service", "test.svc.law"), "schedule": "毎月第2金曜日"}
    Editor(source, "別の管理者").save("service", changed)
    path = tmp_path / "changed.dvdesk"
    pk.export_package(source, path)
    source.close()
    window_thread = threading.get_ident()
    threads: dict[str, int] = {}
    poke = _Poke()
    poke.poked.connect(lambda event: event.set(), Qt.ConnectionType.QueuedConnection)

    def watched(name, inner):
        def run(*args, **kwargs):
            ticked = threading.Event()
            poke.poked.emit(ticked)  # queued to the window's thread: set only if its loop runs
            threads[name] = threading.get_ident()
            assert ticked.wait(WAIT), f"{name}: the window's thread was blocked"
            return inner(*args, **kwargs)

        return run

    for name in ("read_package", "preview", "apply_package"):
        monkeypatch.setattr(pk, name, watched(name, getattr(pk, name)))
    window.import_package(Path(path))
    preview = window.dialog
    qtbot.waitUntil(preview.isVisible)
    with qtbot.waitSignal(preview.accepted):
        qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert set(threads) == {"read_package", "preview", "apply_package"}
    assert window_thread not in threads.values()
    assert "取り込みました" in window.statusBar().currentMessage()
    assert Editor(mini_db, "x").load("service", "test.svc.law")["schedule"] == "毎月第2金曜日"


def test_a_large_list_is_read_once_the_admin_window_is_on_screen_off_its_thread(qtbot, mini_db, monkeypatch):
    """A national directory's services took 210 s to read, with no window on screen meanwhile: a
    list over ``LARGE_LIST`` records is read after the window shows, behind the busy dialog."""
    from dvdesk.gui.admin import window as admin_window

    monkeypatch.setattr(admin_window, "LARGE_LIST", 0)  # every list counts as large
    read_on: list[int] = []
    real = admin_window.Editor.all
    monkeypatch.setattr(
        admin_window.Editor, "all", lambda self, *a: read_on.append(threading.get_ident()) or real(self, *a)
    )
    window = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(window)
    assert window.model.rowCount() == 0 and read_on == []  # nothing read while it was being built
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT * 1000)
    assert read_on and threading.get_ident() not in read_on
    assert {s["key"] for s in window.model.items} >= {"test.svc.law"}


def test_no_garbage_is_collected_on_the_worker_thread(qtbot):
    """A window left in a reference cycle and freed by a collector pass in the worker would run Qt's
    destructor off the window's thread (a crash seen once in a test run): no pass runs there."""
    import gc

    finalized_on: list[int] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            finalized_on.append(threading.get_ident())

    gc.collect()
    Cycle()  # garbage now, freed only by a collector pass

    def work() -> int:
        kept = [[] for _ in range(200_000)]  # allocations enough for many passes, were they allowed
        return threading.get_ident() + 0 * len(kept)

    worker = busy.run_busy(None, "テスト", work)
    assert worker not in finalized_on
    gc.collect()  # the pass runs here, on the window's thread
    assert finalized_on == [threading.get_ident()]
