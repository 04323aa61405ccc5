"""Shared mode: a desk that closes leaves no connection open on the server. The window stops the
search and the count still due when it closes and the banner stops asking the server, so nothing
reads the shared database after its owner closed it (a read then opened a connection nobody closed:
the server kept it until the process ended)."""

from __future__ import annotations

import psycopg
from PySide6.QtWidgets import QApplication

import pg_support
from dvdesk.app.shared_mode import SharedDatabase
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from dvdesk.storage.db import open_database


def connections(cluster: pg_support.Cluster, name: str) -> int:
    """Sessions the server has open on database ``name`` (asked from the maintenance database)."""
    with psycopg.connect(
        host=str(cluster.socket_dir), dbname="postgres", user=pg_support.SUPERUSER, autocommit=True
    ) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)).fetchone()
    assert row is not None
    return int(row[0])


def test_a_shared_desk_that_closes_leaves_no_connection_on_the_server(qtbot, pg_cluster, tmp_path):
    server, name = pg_support._server_copy(pg_cluster, "tpl_mini", pg_support._setup_mini)
    server.close()
    db = SharedDatabase(lambda: open_database(pg_cluster.url(name)), tmp_path / "copy" / "directory.sqlite3")
    translators = Translators()
    translators.install("ja")
    font = QApplication.font()
    try:
        desk = Desk(db, Settings(), translators)
        window = desk.window
        window.show()
        window.controller.set_text("相談")  # typed just before closing: its search is still due
        assert window.controller.pending and window.server_banner.timer.isActive()
        assert connections(pg_cluster, name) >= 1  # the desk is on the server
        window.close()
        db.close()  # what the app does when its window has closed
        qtbot.wait(100)  # the event loop goes on (a test's, or anything after the window)
        # A closed session leaves pg_stat_activity when its server process has ended: a moment later.
        qtbot.waitUntil(lambda: connections(pg_cluster, name) == 0, timeout=5000)
        assert not window.server_banner.timer.isActive()  # it would have asked again in a few seconds
    finally:
        db.close()
        translators.uninstall()
        QApplication.setFont(font)
        pg_cluster.drop_database(name)
