"""Starting the app and failing in front of a counselor: Japanese dialogs, details in the log only."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from conftest import MINI
from dvdesk.gui import app as gui_app
from dvdesk.gui.error_dialogs import ExceptionHook
from dvdesk.gui.main_window import MainWindow
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import DiskFull
from gui_support import result_names, type_text


@pytest.fixture
def log_records():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("dvdesk")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.fixture
def restore_app_font(qapp):
    font = QApplication.font()
    yield
    QApplication.setFont(font)


def answer_dialogs(seen: list[str], press: str = "") -> QTimer:
    """Reads and closes every modal dialog that appears while a blocking call runs.

    ``press``: the label of the button to press where a dialog has one; otherwise it is closed.
    """

    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(f"{box.text()}\n{box.informativeText()}")
            button = next((b for b in box.buttons() if press and b.text() == press), None)
            if button is not None:
                button.click()
            else:
                box.accept()
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                window.close()  # the app started: end it

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(close)
    timer.start()
    return timer


def test_a_damaged_database_gives_a_japanese_dialog_not_a_traceback(
    tmp_path, monkeypatch, log_records, restore_app_font
):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DVDESK_DB", str(broken))
    seen: list[str] = []
    timer = answer_dialogs(seen)
    assert gui_app.run([]) == 1  # she chose 終了
    timer.stop()
    assert len(seen) == 1
    assert "データベースのファイルが壊れています" in seen[0] and "バックアップ" in seen[0]
    assert "Traceback" not in seen[0]
    assert broken.read_bytes().startswith(b"this is not a database")  # untouched unless she agrees
    assert any("damaged database" in r.getMessage() for r in log_records)


def test_a_damaged_database_can_be_set_aside_and_the_app_starts_from_the_bundle(
    tmp_path, monkeypatch, restore_app_font
):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"\0" * 4096)
    monkeypatch.setenv("DVDESK_DB", str(broken))
    seen: list[str] = []
    timer = answer_dialogs(seen, press="バックアップから始める")
    assert gui_app.run([]) == 0
    timer.stop()
    assert "同梱のデータから始めました" in seen[1]
    kept = [p for p in tmp_path.rglob("*") if p.is_file() and p != broken and p.read_bytes() == b"\0" * 4096]
    assert kept, "the damaged file is kept aside, not deleted"


def test_a_locked_or_unreadable_database_folder_gives_a_japanese_dialog(tmp_path, monkeypatch, restore_app_font):
    blocker = tmp_path / "a file where the folder should be"
    blocker.write_text("x")
    monkeypatch.setenv("DVDESK_DB", str(blocker / "dvdesk.sqlite3"))
    seen: list[str] = []
    timer = answer_dialogs(seen)
    assert gui_app.run([]) == 1
    timer.stop()
    assert "データベースを開けませんでした" in seen[0] and "Traceback" not in seen[0]


def test_the_app_starts_on_an_existing_database_and_shows_the_directory(tmp_path, monkeypatch, restore_app_font):
    path = tmp_path / "desk.sqlite3"
    db = open_database(path, fill=False)
    load_into(db, MINI)
    db.close()
    monkeypatch.setenv("DVDESK_DB", str(path))
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows:
            seen["names"] = result_names(windows[0])
            seen["title"] = windows[0].windowTitle()
            windows[0].close()  # closing the last window ends the app

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(look_and_close)
    timer.start()
    assert gui_app.run([]) == 0
    timer.stop()
    assert "女性のための電話相談" in seen["names"]  # type: ignore[operator]
    assert seen["title"] == "dvdesk — 支援先ディレクトリ"
    assert sys.excepthook is not None and not isinstance(sys.excepthook, ExceptionHook)


def raise_and_catch(exc: BaseException):  # type: ignore[no-untyped-def]
    try:
        raise exc
    except BaseException as caught:  # noqa: B036
        return type(caught), caught, caught.__traceback__


def test_an_unexpected_error_becomes_a_dialog_and_the_log_gets_no_message_text(qtbot, log_records):
    hook = ExceptionHook()
    hook(*raise_and_catch(ValueError("夫の住所は 東京都テスト区 1-2-3")))
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1
    assert "予期しないエラー" in boxes[0].text()
    hook(*raise_and_catch(ValueError("second")))  # a second failure does not stack dialogs
    assert len([w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]) == 1
    logged = "\n".join(r.getMessage() for r in log_records)
    assert "ValueError" in logged and "raise_and_catch" in logged  # where it failed
    assert "東京都テスト区" not in logged and "夫の住所" not in logged  # never what it said
    boxes[0].accept()


def test_a_storage_error_reaching_the_hook_shows_its_own_japanese_message(qtbot, tmp_path):
    hook = ExceptionHook()
    hook(*raise_and_catch(DiskFull(tmp_path / "x.sqlite3", "disk full")))
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert "ディスクの空きがありません" in boxes[0].text()
    boxes[0].accept()


def test_a_database_failure_while_searching_is_explained_and_the_window_survives(qtbot, desk_db, log_records):
    from dvdesk.app.directory_queries import DeskData
    from dvdesk.gui.settings import Settings

    window = MainWindow(DeskData(desk_db), Settings())
    qtbot.addWidget(window)
    with desk_db.write() as s:
        s.execute(text("DROP TABLE search_fts"))  # the index vanished under the running window
    seen: list[str] = []
    timer = answer_dialogs(seen)
    type_text(window.results.search, "夫から逃げたい")
    window.controller.run_now()
    timer.stop()
    assert len(seen) == 1 and "データベースを開けませんでした" in seen[0]
    assert all("逃げたい" not in r.getMessage() for r in log_records)
    assert window.results.search.text() == "夫から逃げたい"  # nothing she typed is lost


BACKUP_ONLY_NAME = "バックアップにだけある名前"


def _backed_up(path):
    """A desk's database whose backup (taken now) holds a name the bundle does not; its WAL gone."""
    from dvdesk.storage import backup

    db = open_database(path, fill=False)
    load_into(db, MINI)
    with db.write() as s:
        s.execute(text(f"UPDATE services SET name = '{BACKUP_ONLY_NAME}' WHERE key = 'test.svc.housing'"))
    db.close()
    backup.take(path, "manual")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _backup_name_count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM services WHERE name = ?", (BACKUP_ONLY_NAME,)).fetchone()[0]
    finally:
        con.close()


def test_a_deleted_database_offers_the_newest_good_backup_instead_of_a_refill(tmp_path, monkeypatch, restore_app_font):
    # The file gone while its backups remain: the window started on a new file from the bundle
    # and its referral log read empty, without a word.
    path = _backed_up(tmp_path / "dvdesk.sqlite3")  # the desk's own file
    path.unlink()
    monkeypatch.setenv("DVDESK_DB", str(path))
    seen: list[str] = []
    timer = answer_dialogs(seen, press="バックアップから始める")
    assert gui_app.run([]) == 0
    timer.stop()
    assert "見つかりません" in seen[0] and "バックアップ" in seen[0]
    assert "バックアップ（dvdesk-" in seen[1]  # restored from the backup, not from the bundle
    assert "None" not in seen[1] and "保管先" not in seen[1]  # nothing was set aside: no place named
    assert _backup_name_count(path) == 1


def test_an_empty_database_offers_the_newest_good_backup_instead_of_a_refill(tmp_path, monkeypatch, restore_app_font):
    path = _backed_up(tmp_path / "d.sqlite3")
    path.write_bytes(b"")  # what a crash of another program, or a careless copy, leaves
    monkeypatch.setenv("DVDESK_DB", str(path))
    seen: list[str] = []
    timer = answer_dialogs(seen, press="バックアップから始める")
    assert gui_app.run([]) == 0
    timer.stop()
    assert "空" in seen[0] and "バックアップ" in seen[0]
    assert "バックアップ（dvdesk-" in seen[1]  # restored from the backup, not from the bundle
    assert _backup_name_count(path) == 1
