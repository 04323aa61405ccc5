"""Starting fast at any scale without giving up a check: what waits until the window is on screen,
what is read only when needed, and where the desk opens (issue 14, items 3 and 4)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from dvdesk.app import directory_queries as desk_data
from dvdesk.gui import app as gui_app
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from dvdesk.storage import backup, open_marker
from dvdesk.storage import db as storage_db
from dvdesk.storage.db import open_database
from gui_support import KUNITACHI, TAKAOKA


@pytest.fixture
def start_desk(qtbot, desk_db, monkeypatch):
    """A desk as the app starts it (window, then the start tasks), closed at the end. The tasks start
    right after the first paint, not 300 ms later: these tests wait for them, and what they check
    (the order, the thread, what is read when) does not depend on the pause."""
    monkeypatch.setattr(gui_app, "TASKS_AFTER_PAINT_MS", 0)
    font = QApplication.font()
    made: list[Desk] = []

    def make(settings: Settings | None = None) -> Desk:
        translators = Translators()
        translators.install("ja")
        desk = Desk(desk_db, settings or Settings(), translators)
        desk.show()
        qtbot.waitExposed(desk.window)
        qtbot.waitUntil(lambda: desk.window.start_tasks_done, timeout=20_000)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.window.close()
        desk.translators.uninstall()
    QApplication.setFont(font)


# --- the departments tab ------------------------------------------------------------------------


def test_departments_are_read_only_when_the_tab_opens_and_for_the_chosen_municipality(start_desk, monkeypatch):
    asked: list[str | None] = []
    real = desk_data.DeskData.departments_for
    monkeypatch.setattr(
        desk_data.DeskData, "departments_for", lambda self, code: asked.append(code) or real(self, code)
    )
    settings = Settings()
    settings.municipality_code = TAKAOKA
    window = start_desk(settings).window
    assert asked == []  # the window is up and searchable, no department read
    window.tabs.setCurrentIndex(1)
    assert asked == [TAKAOKA]
    names = [o.name for o in window.departments.departments.all_organizations()]
    assert "テスト子育て支援課" not in names  # 国立市's department is not in 高岡市's list
    assert "テスト全国相談ダイヤル運営" in names


def test_a_national_directory_with_no_municipality_lists_only_the_national_agencies(start_desk, monkeypatch):
    monkeypatch.setattr(desk_data, "ALL_ORGANIZATIONS_LIMIT", 2)  # the test directory stands in for 57,000
    settings = Settings()
    settings.municipality_code = ""  # 全市区町村, chosen by the counselor
    window = start_desk(settings).window
    window.tabs.setCurrentIndex(1)
    names = [o.name for o in window.departments.departments.all_organizations()]
    assert names == ["テスト全国相談ダイヤル運営"]
    assert window.departments.national_only_note.isVisible()
    window.municipality.setCurrentIndex(window.municipality.findData(KUNITACHI))
    names = [o.name for o in window.departments.departments.all_organizations()]
    assert "テスト子育て支援課" in names and "テスト全国相談ダイヤル運営" in names
    assert not window.departments.national_only_note.isVisible()


# --- the desk's municipality --------------------------------------------------------------------


def set_desk_municipality(db, code: str) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO meta(key, value) VALUES ('desk_municipality', :c)"), {"c": code})


def test_the_desk_opens_on_this_pcs_municipality_until_the_counselor_chooses(start_desk, desk_db):
    set_desk_municipality(desk_db, KUNITACHI)
    window = start_desk().window
    assert window.municipality_code() == KUNITACHI
    assert "ひとり親家庭の手当の相談" in [
        window.results.model.index(r, 0).data() for r in range(window.results.model.rowCount())
    ]


def test_a_municipality_the_counselor_chose_wins_over_the_pcs_own(start_desk, desk_db):
    set_desk_municipality(desk_db, KUNITACHI)
    settings = Settings()
    settings.municipality_code = ""  # she chose 全市区町村 last time
    assert start_desk(settings).window.municipality_code() is None
    settings.municipality_code = TAKAOKA
    assert start_desk(settings).window.municipality_code() == TAKAOKA


def test_without_first_run_setup_the_desk_opens_on_every_municipality(start_desk):
    assert start_desk().window.municipality_code() is None


# --- quick_check after an unclean end only ------------------------------------------------------


@pytest.fixture
def checks(monkeypatch):
    done: list[str] = []
    real = storage_db.quick_check
    monkeypatch.setattr(storage_db, "quick_check", lambda path: done.append(path.name) or real(path))
    return done


def run_python(code: str, talks: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE if talks else None, text=True
    )


def test_quick_check_is_skipped_after_a_clean_close_and_run_after_a_crash(mini_db, checks):
    path = mini_db.path
    mini_db.close()
    assert open_marker.markers(path) == []
    open_database(path, check_only_after_unclean_end=True).close()
    assert checks == []  # the last close was clean
    crashed = run_python(f"""
        import os
        from dvdesk.storage.db import open_database
        open_database({str(path)!r}, check_only_after_unclean_end=True)
        os._exit(1)  # killed: no close
    """)
    assert crashed.wait(60) == 1
    assert len(open_marker.markers(path)) == 1
    db = open_database(path, check_only_after_unclean_end=True)
    assert checks == [path.name] and db.checked
    db.close()
    assert open_marker.markers(path) == []  # checked and found good: the next start is quick again
    open_database(path, check_only_after_unclean_end=True).close()
    assert checks == [path.name]


def test_another_dvdesk_still_running_is_not_taken_for_a_crash(mini_db, checks):
    path = mini_db.path
    mini_db.close()
    other = run_python(
        f"""
        import sys
        from dvdesk.storage.db import open_database
        db = open_database({str(path)!r}, check_only_after_unclean_end=True)
        print("open", flush=True)
        __import__("time").sleep(60)
    """,
        talks=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "open"
        open_database(path, check_only_after_unclean_end=True).close()
        assert checks == []
    finally:
        other.kill()
        other.wait()
        other.stdout.close()  # type: ignore[union-attr]


def test_the_window_checks_in_the_background_and_a_damaged_file_is_checked_at_the_next_start(
    start_desk, desk_db, monkeypatch
):
    desk_db.checked = False  # as the app opens it after a clean close: the check is left to the worker
    seen: list[str] = []
    monkeypatch.setattr(
        "dvdesk.app.start_checks.quick_check",
        lambda path: seen.append(threading.current_thread().name) or "*** page 7: btree damaged",
    )
    shown: list[str] = []
    monkeypatch.setattr("dvdesk.gui.app.error_dialogs.show_error", lambda parent, message, **_: shown.append(message))
    desk = start_desk()
    assert seen == ["dvdesk-start-tasks"]  # off the window's thread
    assert desk.start_tasks.report.damage and "傷" in shown[0]
    assert not desk.start_tasks.report.backup_taken  # a damaged file is not copied over a good backup
    desk_db.close()
    assert open_marker.markers(desk_db.path)  # kept: the next start checks before anything else
    monkeypatch.setattr(storage_db, "quick_check", lambda path: "*** page 7: btree damaged")
    with pytest.raises(storage_db.CorruptDatabase):
        open_database(desk_db.path, check_only_after_unclean_end=True)


# --- the start backup ---------------------------------------------------------------------------


def test_the_start_backup_is_taken_after_the_window_shows_off_its_thread(start_desk, desk_db, monkeypatch):
    taken: list[str] = []
    real = backup.take
    monkeypatch.setattr(
        backup,
        "take",
        lambda path, reason: taken.append(f"{reason}:{threading.current_thread().name}") or real(path, reason),
    )
    desk = start_desk()
    assert taken == ["start:dvdesk-start-tasks"] and desk.start_tasks.report.backup_taken
    assert [b.reason for b in backup.list_backups(desk_db.path)] == ["start"]
    assert backup.change_count(backup.list_backups(desk_db.path)[0].path) == backup.change_count(desk_db.path)
    desk.window.close()
    start_desk()  # nothing changed since: no second copy
    assert taken == ["start:dvdesk-start-tasks"]


@pytest.mark.parametrize("how", ["closed", "deleted"])
def test_start_reports_after_the_window_went_are_dropped(qtbot, desk_db, monkeypatch, how):
    """The start tasks outlive a closed window (the app ends; a test's clean-up deletes the window):
    what they report later touches no deleted widget, shows nothing, and is not even delivered
    once the window has closed (the desk stopped listening)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from dvdesk.app.start_checks import StartReport

    shown: list[str] = []
    monkeypatch.setattr("dvdesk.gui.app.error_dialogs.show_error", lambda parent, message, **_: shown.append(message))
    translators = Translators()
    translators.install("ja")
    desk = Desk(desk_db, Settings(), translators)
    try:
        if how == "closed":
            desk.window.close()
            assert not desk.listening
        desk.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        desk.start_tasks.findings_ready.emit([])
        desk.start_tasks.finished.emit(StartReport(damage="*** page 7: btree damaged"))
        assert desk.findings is None and shown == [] and not desk.tasks_done
    finally:
        translators.uninstall()


def test_a_language_switch_keeps_the_desk_listening(qtbot, desk_db):
    """The old window closes when the language changes: the desk goes on with the new one, and the
    start tasks' findings still reach it."""
    translators = Translators()
    translators.install("ja")
    desk = Desk(desk_db, Settings(), translators)
    try:
        desk.set_language("en")
        assert desk.listening
        desk.start_tasks.findings_ready.emit([])
        qtbot.waitUntil(lambda: desk.findings == [], timeout=5_000)
    finally:
        desk.window.close()
        translators.uninstall()
