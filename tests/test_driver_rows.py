"""Rows written at the driver (storage/driver_rows.py) are stored exactly as SQLAlchemy's Core insert
stores them: defaults, dates, booleans, JSON lists, None — compared row by row in the file."""

import datetime as dt
import sqlite3
from typing import cast

import pytest
from sqlalchemy import Table, insert, text
from sqlalchemy.exc import StatementError

from dvdesk.domain.change_log import ChangeRecord
from dvdesk.domain.models import Service
from dvdesk.storage import driver_rows
from dvdesk.storage.db import open_database

SERVICES = cast(Table, Service.__table__)


def _rows(path, table: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        con.close()


def _services() -> list[dict]:
    # Columns left out on purpose (version, languages, discreet_line …): their defaults must be applied.
    return [
        {
            "id": 1000 + i,
            "key": f"t.svc.{i}",
            "name": f"相談窓口{i}",
            "description": "説明\n二行目" if i % 2 else "",
            "verified_on": dt.date(2024, 4, i + 1) if i % 3 else None,
            "retired": bool(i % 2),
            "municipality_id": None,
            "organization_id": None,
        }
        for i in range(5)
    ]


def test_driver_rows_store_what_a_core_insert_stores(tmp_path):
    a, b = open_database(tmp_path / "a.sqlite3", fill=False), open_database(tmp_path / "b.sqlite3", fill=False)
    at = dt.datetime(2026, 12, 2, 1, 30, 5, 123456)
    history = [
        {"edit_id": "e1", "at": at, "admin": "管理", "action": "import", "table_name": "services"}
        | {"record_key": f"t.svc.{i}", "field": "name", "old_value": "", "new_value": '"名"', "note": ""}
        | {"undone_by": "", "db_user": ""}
        for i in range(3)
    ]
    with a.write() as s:
        driver_rows.insert_rows(s, SERVICES, _services())
        driver_rows.insert_rows(s, cast(Table, ChangeRecord.__table__), history)
    with b.write() as s:
        s.execute(insert(SERVICES), _services())
        s.execute(insert(ChangeRecord), history)
    assert _rows(a.path, "services") == _rows(b.path, "services")
    assert len(_rows(a.path, "services")) == 5
    assert _rows(a.path, "change_history") == _rows(b.path, "change_history") != []
    with a.read() as s:  # the defaults the rows left out
        assert s.execute(text("SELECT languages, version FROM services WHERE id = 1000")).one() == ("[]", 1)


@pytest.mark.parametrize("change", ["missing", "swapped"])
def test_rows_that_do_not_name_the_same_columns_are_refused_not_stored_with_defaults(tmp_path, change):
    db = open_database(tmp_path / "c.sqlite3", fill=False)
    rows = _services()[:2]
    del rows[1]["description"]  # the second row would silently get the default
    if change == "swapped":
        rows[1]["phone"] = "0766-20-1234"  # as many columns as the first row, not the same ones
    with pytest.raises((StatementError, KeyError)), db.write() as s:
        driver_rows.insert_rows(s, SERVICES, rows)
    assert _rows(db.path, "services") == []


def test_values_repeated_row_after_row_are_stored_as_a_core_insert_stores_them(tmp_path):
    """Each processor's last value is reused for the same object (a flag, an import's one time): runs
    of the same value, then another, then the first again, store what Core stores."""
    a, b = open_database(tmp_path / "a.sqlite3", fill=False), open_database(tmp_path / "b.sqlite3", fill=False)
    day, other, langs = dt.date(2025, 1, 31), dt.date(2025, 2, 1), ["en", "zh"]
    runs = [(True, day, langs), (True, day, langs), (False, other, []), (False, None, langs), (True, day, ["ko"])]
    rows = [
        {"id": 1 + i, "key": f"t.r.{i}", "name": f"窓口{i}", "retired": retired, "verified_on": on, "languages": lang}
        | {"municipality_id": None, "organization_id": None}
        for i, (retired, on, lang) in enumerate(runs)
    ]
    with a.write() as s:
        driver_rows.insert_rows(s, SERVICES, rows)
    with b.write() as s:
        s.execute(insert(SERVICES), rows)
    stored = _rows(a.path, "services")
    assert stored == _rows(b.path, "services") and len(stored) == 5
    with a.read() as s:
        assert s.execute(text("SELECT retired, verified_on, languages FROM services ORDER BY id")).all() == [
            (1, "2025-01-31", '["en", "zh"]'),
            (1, "2025-01-31", '["en", "zh"]'),
            (0, "2025-02-01", "[]"),
            (0, None, '["en", "zh"]'),
            (1, "2025-01-31", '["ko"]'),
        ]
