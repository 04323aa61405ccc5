"""Shared mode: a desk says, in one line of its status bar, when the server's search words are
older than the ones this dvdesk ships (a PC never writes them: the server's owner runs
server-setup, which merges them), and says nothing once they are current."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete, text

import pg_support
from dvdesk.app.shared_mode import SharedDatabase, server_vocabulary_behind
from dvdesk.domain.models import Synonym
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from dvdesk.storage import server_setup, vocabulary
from dvdesk.storage.db import open_database


@pytest.fixture
def server(pg_cluster):
    """A server set up by this dvdesk, then taken back to an older release's words: the
    consultation group (「話を聞いてほしい」 …) missing and another file's hash noted."""
    db, name = pg_support._server_copy(pg_cluster, "tpl_bundled", pg_support._setup_bundled)
    shipped = len(vocabulary.shipped()[0]["consultation"])
    with db.write() as s:
        s.execute(delete(Synonym).where(Synonym.group_key == "consultation"))
        s.execute(text("UPDATE meta SET value = 'an older synonyms.toml' WHERE key = :k"), {"k": vocabulary.FILE_KEY})
    db.close()
    yield pg_cluster.url(name), shipped
    pg_cluster.drop_database(name)


def shared(url, tmp_path):
    return SharedDatabase(lambda: open_database(url), tmp_path / "copy" / "directory.sqlite3")


def desk_line(db):
    translators = Translators()
    translators.install("ja")
    font = QApplication.font()
    desk = Desk(db, Settings(), translators)
    try:
        line = getattr(desk.window, "vocabulary_line", None)
        return None if line is None else (line.text(), line.isVisibleTo(desk.window))
    finally:
        desk.window.close()
        translators.uninstall()
        QApplication.setFont(font)


def test_a_desk_on_a_server_with_older_words_says_the_owner_should_run_server_setup(qtbot, server, tmp_path):
    url, shipped = server
    db = shared(url, tmp_path)
    try:
        assert server_vocabulary_behind(db) == shipped
        shown, visible = desk_line(db)
        assert visible and "server-setup" in shown and f"{shipped} 語" in shown and "\n" not in shown
    finally:
        db.close()


def test_after_server_setup_the_line_is_gone(qtbot, server, tmp_path):
    url, _ = server
    server_setup.prepare(url).close()  # the owner brings the server up to this release
    db = shared(url, tmp_path)
    try:
        assert server_vocabulary_behind(db) == 0
        assert desk_line(db) is None
    finally:
        db.close()


def test_a_server_with_words_of_its_own_or_newer_ones_is_not_called_older(pg_cluster, tmp_path):
    db, name = pg_support._server_copy(pg_cluster, "tpl_bundled", pg_support._setup_bundled)
    with db.write() as s:  # a newer release's (or an administrator's) extra word, another file's hash
        s.add(Synonym(group_key="consultation", term="聞いてもらいたい"))
        s.execute(text("UPDATE meta SET value = 'a newer synonyms.toml' WHERE key = :k"), {"k": vocabulary.FILE_KEY})
    db.close()
    again = open_database(pg_cluster.url(name))
    try:
        with again.read() as session:
            assert vocabulary.missing_terms(session) == 0
    finally:
        again.close()
        pg_cluster.drop_database(name)
