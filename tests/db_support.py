"""What a test compares a database by: every row of every table, as another process sees it."""

from __future__ import annotations

import sqlite3


def dump(db) -> list[str]:  # type: ignore[no-untyped-def]
    """Every row of every table, from a separate connection (what another process would see)."""
    con = sqlite3.connect(db.path)
    try:
        return list(con.iterdump())
    finally:
        con.close()
