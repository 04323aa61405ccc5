"""The desk's quick start (storage.start_open): the file opened with plain sqlite3 when nothing is
due, the same answers as through SQLAlchemy, the usual way whenever something is due, and the
start path's modules importable without SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from dvdesk.app.directory_queries import DeskData
from dvdesk.domain.directory import NotFound
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from dvdesk.storage import open_marker, search_index, start_open
from dvdesk.storage.db import open_database

# What the window's start path imports before its first paint, SQLAlchemy-free today. (The window
# itself and the first search join this list when domain.search runs on domain.sql_rows.)
START_MODULES = (
    "dvdesk.storage.start_open", "dvdesk.storage.sqlite_file", "dvdesk.gui.fonts", "dvdesk.gui.settings",
    "dvdesk.gui.i18n", "dvdesk.gui.error_dialogs", "dvdesk.gui.start_tasks", "dvdesk.app.start_checks",
    "dvdesk.domain.record_kinds", "dvdesk.domain.directory_views", "dvdesk.domain.checklist",
    "dvdesk.domain.disclosure", "dvdesk.domain.sql_rows", "dvdesk.printing.qt_fonts",
)


@pytest.fixture
def closed_path(bundled_db):
    """The bundled directory's file, closed cleanly (as after a counselor's last session)."""
    bundled_db.close()
    return bundled_db.path


def test_a_current_file_opens_quickly_and_reads_as_through_sqlalchemy(closed_path):
    quick = start_open.open_quickly(closed_path)
    assert quick is not None and not quick.is_full
    fast = DeskData(quick)
    fast_answers = (fast.municipalities(), fast.desk_municipality(), fast.municipality_code("高岡"),
                    fast.municipality_code("162027"), fast.knows_need("consultation"), fast.knows_need("no.such"))
    with pytest.raises(NotFound):
        fast.municipality_code("存在しない市")
    assert not quick.is_full  # all of it through the plain connection
    quick.close()
    assert open_marker.markers(closed_path) == []
    usual = open_database(closed_path)
    try:
        slow = DeskData(usual)
        assert fast_answers == (slow.municipalities(), slow.desk_municipality(), slow.municipality_code("高岡"),
                                slow.municipality_code("162027"), slow.knows_need("consultation"),
                                slow.knows_need("no.such"))
        assert len(fast_answers[0]) == 2 and fast_answers[2] == "162027" and fast_answers[4] and not fast_answers[5]
    finally:
        usual.close()


def test_the_full_database_keeps_the_open_marker_until_closed(closed_path):
    quick = start_open.open_quickly(closed_path)
    assert quick is not None
    full = quick.full()
    assert quick.full() is full and full.marker is quick.marker and len(open_marker.markers(closed_path)) == 1
    assert DeskData(quick).municipalities()  # now through SQLAlchemy, same rows
    quick.close()
    assert open_marker.markers(closed_path) == []


def test_anything_due_sends_the_start_the_usual_way(closed_path, tmp_path):
    assert start_open.open_quickly(tmp_path / "new.sqlite3") is None  # first start: migrations, bundled data
    assert start_open.open_quickly("postgresql://desk@server/dvdesk") is None
    for sql in ("UPDATE alembic_version SET version_num = '0009'",  # a migration is due
                "UPDATE meta SET value = '0' WHERE key = 'search_index_version'"):  # a re-index is due
        db = open_database(closed_path, fill=False)
        with db.engine.begin() as conn:
            saved = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            conn.execute(text(sql))
        db.close()
        assert start_open.open_quickly(closed_path) is None
        assert open_marker.markers(closed_path) == []  # nothing left held open by the refusal
        db = open_database(closed_path, fill=False) if "meta" in sql else None
        if db is not None:  # the usual open re-indexed it: quick again
            db.close()
            quick = start_open.open_quickly(closed_path)
            assert quick is not None
            quick.close()
        else:
            raw = __import__("sqlite3").connect(closed_path)
            raw.execute("UPDATE alembic_version SET version_num = ?", (saved,))
            raw.commit()
            raw.close()


def test_the_quick_start_knows_the_index_version_of_this_dvdesk():
    assert (start_open.INDEX_VERSION, start_open.INDEX_VERSION_KEY) == (search_index.INDEX_VERSION,
                                                                        search_index.VERSION_KEY)


def test_a_desk_started_quickly_ends_on_the_full_database(qtbot, closed_path, monkeypatch):
    quick = start_open.open_quickly(closed_path)
    assert quick is not None
    built_in: list[str] = []
    real = quick.full
    monkeypatch.setattr(quick, "full", lambda: built_in.append(threading.current_thread().name) or real())
    font = QApplication.font()
    translators = Translators()
    translators.install("ja")
    desk = Desk(quick, Settings(), translators)
    try:
        desk.show()
        qtbot.waitExposed(desk.window)
        qtbot.waitUntil(lambda: desk.window.start_tasks_done, timeout=20_000)
        assert "dvdesk-start-tasks" in built_in  # the checks ask for it in their worker
        assert quick.is_full and desk.start_tasks.report.findings == []
        assert quick._connection is None  # the plain connection is closed once the checks are done
        assert desk.window.municipality.count() == 3  # 全市区町村, 高岡市, 国立市
    finally:
        desk.window.close()
        translators.uninstall()
        QApplication.setFont(font)
        quick.close()


def test_the_start_path_imports_no_sqlalchemy(closed_path):
    code = textwrap.dedent(f"""
        import sys
        for name in {START_MODULES!r}:
            __import__(name)
        from dvdesk.storage import start_open
        quick = start_open.open_quickly({str(closed_path)!r})
        assert quick is not None
        from dvdesk.domain.directory_views import names_municipality
        print(sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy")[:3])
        quick.close()
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
