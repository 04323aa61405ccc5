"""The desk reads through its session's own sqlite3 connection (``SessionRows(read_only=True)``):
the same rows, in the session's snapshot, and a driver error still reaches the window as a
StorageError (a one-line message), never as a bare ``sqlite3`` exception."""

from __future__ import annotations

import sqlite3

import pytest

from dvdesk.app.directory_queries import ALL_KINDS, DeskData, DeskQuery
from dvdesk.domain.sql_rows import SessionRows
from dvdesk.storage.errors import StorageError

SQL = "SELECT id, name, kind FROM services WHERE municipality_id IS NOT NULL ORDER BY id"


def test_driver_rows_are_the_sessions_rows(bundled_db):
    with bundled_db.read() as session:
        plain, driver = SessionRows(session).rows(SQL), SessionRows(session, read_only=True).rows(SQL)
    assert driver == plain and len(plain) > 100


def test_driver_rows_read_the_sessions_snapshot(bundled_db):
    """A write committed after the read began is not seen by it (one snapshot per keystroke)."""
    with bundled_db.read() as session:
        rows = SessionRows(session, read_only=True)
        before = rows.rows("SELECT count(*) FROM services")
        other = sqlite3.connect(bundled_db.path)
        try:
            other.execute("UPDATE services SET name = name || '（改）' WHERE id = (SELECT min(id) FROM services)")
            other.commit()
        finally:
            other.close()
        assert rows.rows("SELECT count(*) FROM services") == before
        assert not rows.rows("SELECT 1 FROM services WHERE name LIKE '%（改）'")
    with bundled_db.read() as session:
        assert SessionRows(session, read_only=True).rows("SELECT 1 FROM services WHERE name LIKE '%（改）'")


def test_a_driver_error_during_a_desk_search_is_a_storage_error(bundled_db):
    data = DeskData(bundled_db)
    assert data.desk_search(DeskQuery(kinds=ALL_KINDS)).hits
    other = sqlite3.connect(bundled_db.path)
    try:
        other.execute("DROP TABLE search_list")  # the file damaged under the desk
        other.commit()
    finally:
        other.close()
    with pytest.raises(StorageError):
        data.desk_search(DeskQuery(kinds=ALL_KINDS))
