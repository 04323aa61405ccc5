"""The desk's quick start (storage.start_open): the file opened with plain sqlite3 when nothing is
due, the same answers as through SQLAlchemy, the usual way whenever something is due, and the
start path's modules importable without SQLAlchemy."""

from __future__ import annotations

import json
import os
import shutil
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

# What the window's start path imports before its first paint and its first search.
START_MODULES = (
    "dvdesk.gui.app",
    "dvdesk.gui.main_window",
    "dvdesk.gui.desk_menus",
    "dvdesk.gui.shared_desk",
    "dvdesk.app.directory_queries",
    "dvdesk.app.desk_search",
    "dvdesk.app.desk_reads",
    "dvdesk.app.desk_query",
    "dvdesk.domain.search",
    "dvdesk.gui.startup_probe",
    "dvdesk.storage.start_open",
    "dvdesk.storage.sqlite_file",
    "dvdesk.storage.vocabulary",
    "dvdesk.gui.fonts",
    "dvdesk.gui.settings",
    "dvdesk.gui.i18n",
    "dvdesk.gui.error_dialogs",
    "dvdesk.gui.start_tasks",
    "dvdesk.app.start_checks",
    "dvdesk.domain.record_kinds",
    "dvdesk.domain.directory_views",
    "dvdesk.domain.checklist",
    "dvdesk.domain.disclosure",
    "dvdesk.domain.sql_rows",
    "dvdesk.printing.qt_fonts",
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
    fast_answers = (
        fast.municipalities(),
        fast.desk_municipality(),
        fast.municipality_code("高岡"),
        fast.municipality_code("162027"),
        fast.knows_need("consultation"),
        fast.knows_need("no.such"),
    )
    with pytest.raises(NotFound):
        fast.municipality_code("存在しない市")
    assert not quick.is_full  # all of it through the plain connection
    quick.close()
    assert open_marker.markers(closed_path) == []
    usual = open_database(closed_path)
    try:
        slow = DeskData(usual)
        assert fast_answers == (
            slow.municipalities(),
            slow.desk_municipality(),
            slow.municipality_code("高岡"),
            slow.municipality_code("162027"),
            slow.knows_need("consultation"),
            slow.knows_need("no.such"),
        )
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
    for sql in (
        "UPDATE alembic_version SET version_num = '0009'",  # a migration is due
        "UPDATE meta SET value = '0' WHERE key = 'search_index_version'",  # a re-index is due
        "UPDATE meta SET value = 'older' WHERE key = 'vocabulary_file'",
    ):  # an update's synonyms are due
        db = open_database(closed_path, fill=False)
        with db.engine.begin() as conn:
            saved = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            conn.execute(text(sql))
        db.close()
        assert start_open.open_quickly(closed_path) is None
        assert open_marker.markers(closed_path) == []  # nothing left held open by the refusal
        db = open_database(closed_path) if "meta" in sql else None  # as the window opens it
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
    assert (start_open.INDEX_VERSION, start_open.INDEX_VERSION_KEY) == (
        search_index.INDEX_VERSION,
        search_index.VERSION_KEY,
    )


def test_the_start_tasks_build_the_full_database_off_the_window_thread(qtbot, closed_path, monkeypatch):
    quick = start_open.open_quickly(closed_path)
    assert quick is not None
    built_in: list[str] = []
    real = quick.full
    monkeypatch.setattr(quick, "full", lambda: built_in.append(threading.current_thread().name) or real())
    monkeypatch.setattr("dvdesk.gui.app.TASKS_AFTER_PAINT_MS", 0)  # right after the first paint: waited for below
    font = QApplication.font()
    translators = Translators()
    translators.install("ja")
    desk = Desk(quick, Settings(), translators)
    try:
        desk.show()
        qtbot.waitExposed(desk.window)
        qtbot.waitUntil(lambda: desk.window.start_tasks_done, timeout=20_000)
        assert built_in and built_in[0] == "dvdesk-start-tasks"  # the window drew and searched without it
        assert quick.is_full and desk.start_tasks.report.findings == []
        assert quick._connection is None  # the plain connection is closed once the checks are done
        assert desk.window.municipality.count() == 3  # 全市区町村, 高岡市, 国立市
        assert desk.window.results.model.rowCount() > 0
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


def test_the_window_paints_and_answers_its_first_search_without_sqlalchemy(closed_path, tmp_path):
    """The real start (``python -m dvdesk`` under the start-up probe): window painted, one search
    answered on the window's own data, and SQLAlchemy not imported by then (nor QtNetwork: the
    single-instance guard listens once the window is up), nor every widget class created by
    PySide's type search for a viewport (``gui.qt_wrap``)."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    shutil.copy(closed_path, home / "data" / "dvdesk.sqlite3")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DVDESK_HOME=str(home),
        DVDESK_STARTUP_PROBE="app",
        DVDESK_STARTUP_PROBE_TIMEOUT="120",
    )
    env.pop("DVDESK_DB", None)
    done = subprocess.run([sys.executable, "-m", "dvdesk"], capture_output=True, text=True, env=env, timeout=180)
    marks = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    assert done.returncode == 0, done.stderr
    assert marks["first_search_hits"] > 0  # 住宅 in the bundled directory
    assert marks["sqlalchemy_at_paint"] == 0 and marks["sqlalchemy_at_first_search"] == 0
    assert marks["qtnetwork_at_paint"] == 0
    assert marks["widget_search_at_first_search"] == 0  # gui.qt_wrap: no Qt-made widget looked up by type
    assert marks["qicon_at_first_search"] == 0  # gui.qt_wrap: buttons and actions made without QIcon's enums
    assert marks["html_at_first_search"] == 0  # gui.detail_html.escape: no entity tables before the first search
    assert marks["qt_namespace_at_first_search"] == 0  # gui.qt_ints, gui.static_headers: no `Qt` namespace
    assert marks["detail_views_at_first_search"] == 0  # domain.detail_views: its dataclasses when first read
    assert marks["hashlib_at_first_search"] == 0  # dvdesk.sha256: no OpenSSL for the start's two fingerprints
    # The start's records are named tuples or small classes (a dataclass compiles its methods when
    # made, ~0.4 ms each; tests/test_start_records.py): a new one here is too, or is made later.
    assert marks["dataclasses_made"] == [] and marks["dataclasses_at_first_search"] == 0


def test_the_first_search_through_the_plain_connection_equals_the_sessions(closed_path):
    from dvdesk.app.directory_queries import DeskQuery
    from dvdesk.domain.record_kinds import ServiceKind

    queries = [
        DeskQuery(),
        DeskQuery("住宅"),
        DeskQuery("シェルター", "162027"),
        DeskQuery("相談", need_keys=("consultation",)),
        DeskQuery("障害", kinds=frozenset(ServiceKind)),
        DeskQuery("", "162027", ("safety", "housing")),
    ]
    quick = start_open.open_quickly(closed_path)
    assert quick is not None
    fast = DeskData(quick)
    plain = [fast.desk_search(q) for q in queries]
    needs = fast.needs("162027", frozenset({ServiceKind.CLIENT}))
    assert not quick.is_full
    quick.close()
    usual = open_database(closed_path)
    try:
        slow = DeskData(usual)
        assert plain == [slow.desk_search(q) for q in queries]
        assert needs == slow.needs("162027", frozenset({ServiceKind.CLIENT}))
        assert all(r.hits for r in plain[:3]) and sum(n.count for n in needs) > 0
    finally:
        usual.close()


def test_a_command_scans_the_directory_again_only_after_the_file_changed(closed_path, monkeypatch, capsys):
    """dvdesk search warns about a record that breaks a rule from the scan remembered beside the
    file (app.findings_cache); any change to the file, by any program, means a new scan."""
    import sqlite3

    from dvdesk.cli import main

    monkeypatch.setenv("DVDESK_DB", str(closed_path))
    scans: list[int] = []
    real = DeskData.findings
    monkeypatch.setattr(DeskData, "findings", lambda self: scans.append(1) or real(self))

    def warning_after(argv: list[str]) -> list[str]:
        assert main(argv) == 0
        return [ln for ln in capsys.readouterr().err.splitlines() if "直す必要のある記録" in ln]

    assert warning_after(["search", "相談"]) == [] and len(scans) == 1
    assert warning_after(["search", "住宅"]) == [] and len(scans) == 1  # unchanged: remembered
    raw = sqlite3.connect(closed_path)  # a hand edit, not through dvdesk: no change counter
    raw.execute("UPDATE services SET kind = 'strange' WHERE id = (SELECT min(id) FROM services)")
    raw.commit()
    raw.close()
    first = warning_after(["search", "相談"])
    assert len(first) == 1 and "dvdesk check" in first[0] and len(scans) == 2
    assert warning_after(["search", "相談", "--json"]) == first and len(scans) == 2
    assert warning_after(["needs"]) == first and len(scans) == 2  # every command shares the verdict
    raw = sqlite3.connect(closed_path)
    raw.execute("UPDATE services SET kind = 'client' WHERE kind = 'strange'")
    raw.commit()
    raw.close()
    assert warning_after(["search", "相談"]) == [] and len(scans) == 3


def test_the_command_line_search_imports_no_sqlalchemy_once_the_scan_is_remembered(closed_path):
    code = textwrap.dedent("""
        import sys
        from dvdesk.cli import main
        assert main(["search", "相談", "-m", "高岡", "--json"]) == 0
        print("sqlalchemy" in sys.modules, file=sys.stderr)
    """)
    env = dict(os.environ, DVDESK_DB=str(closed_path))
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout) and json.loads(runs[1].stdout)
    assert runs[0].stderr.split()[-1] == "True"  # the first command scanned the directory
    assert runs[1].stderr.split()[-1] == "False"  # the next one remembered it: plain sqlite3 only


def test_a_server_is_scanned_without_a_file_written_beside_its_name(tmp_path, monkeypatch):
    # A server's path is only its display name ("postgresql:/desk@/dvdesk"): remembering the
    # verdict beside it made folders named "postgresql:" in the working directory.
    from pathlib import Path

    from dvdesk.app import findings_cache

    class Server:
        is_server = True
        path = Path("postgresql:/desk@/dvdesk")

    class ServerDesk:
        opened = Server()
        scans = 0

        def findings(self):
            ServerDesk.scans += 1
            return []

        def change_count(self):
            raise AssertionError("a server has no file to fingerprint")

    monkeypatch.chdir(tmp_path)
    assert findings_cache.summary(ServerDesk()) == "" and findings_cache.summary(ServerDesk()) == ""
    assert ServerDesk.scans == 2 and list(tmp_path.iterdir()) == []
